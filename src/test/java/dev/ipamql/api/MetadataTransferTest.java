package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exportNamespace and importNamespace carry labels, claims and versions. */
@QuarkusTest
class MetadataTransferTest {

    @Test
    void labelsClaimsAndVersionsSurviveARoundTrip() {
        String original = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.0.0.0/16", "namespace", original,
                "labels", List.of(Map.of("key", "env", "value", "prod"))).ok();
        run("claimChildPrefix", "parent", "10.0.0.0/16", "length", 24, "claim", "vpc-a", "namespace", original).ok();
        run("claimIP", "prefix", "10.0.0.0/24", "claim", "vm-1", "namespace", original,
                "labels", List.of(Map.of("key", "role", "value", "db"))).ok();
        run("updateIP", "address", "10.0.0.1", "namespace", original, "description", "primary").ok();
        String copy = Namespaces.fresh();

        String exported = run("exportNamespace", "name", original).ok().string("data.exportNamespace");
        run("importNamespace", "name", copy, "data", exported).ok();
        String reexported = run("exportNamespace", "name", copy).ok().string("data.exportNamespace");

        JsonObject before = new JsonObject(exported);
        JsonObject after = new JsonObject(reexported);
        JsonObject ip = before.getJsonArray("prefixes").getJsonObject(1).getJsonArray("ips").getJsonObject(0);
        assertEquals(new JsonObject().put("role", "db"), ip.getJsonObject("labels"));
        assertEquals("vm-1", ip.getString("claim"));
        assertEquals(2, ip.getInteger("version"));
        assertEquals("vpc-a", before.getJsonArray("prefixes").getJsonObject(1).getString("claim"));
        for (JsonObject document : List.of(before, after)) {
            document.remove("namespace");
            document.remove("createdAt");
        }
        assertEquals(before, after);
        assertEquals("10.0.0.1", run("ipByClaim", "claim", "vm-1", "namespace", copy).ok().string("data.ipByClaim.address"));
        assertEquals("10.0.0.0/24", run("prefixByClaim", "claim", "vpc-a", "namespace", copy).ok()
                .string("data.prefixByClaim.cidr"));
        assertEquals("10.0.0.1", run("claimIP", "prefix", "10.0.0.0/24", "claim", "vm-1", "namespace", copy).ok()
                .string("data.acquireIP.address"));
    }

    /** The namespace's own description and labels go with it; documents without them leave the target's alone. */
    @Test
    void theNamespacesDescriptionAndLabelsSurviveARoundTripAndOlderDocumentsLeaveThemAlone() {
        List<Map<String, String>> labels = List.of(Map.of("key", "site", "value", "a"), Map.of("key", "tier", "value", "gold"));
        String original = Namespaces.fresh();
        run("updateNamespace", "name", original, "description", "the lab", "labels", labels).ok();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", original).ok();
        String copy = Namespaces.fresh();
        String older = described("kept");
        String goIpam = described("kept too");

        JsonObject exported = new JsonObject(export(original));
        run("importNamespace", "name", copy, "data", exported.encode()).ok();
        JsonObject withoutThem = exported.copy();
        withoutThem.remove("description");
        withoutThem.remove("labels");
        run("importNamespace", "name", older, "data", withoutThem.encode()).ok();
        run("importNamespace", "name", goIpam, "data", "[{\"Cidr\":\"10.0.0.0/24\",\"ParentCidr\":\"\",\"Namespace\":\"root\","
                + "\"AvailableChildPrefixes\":{},\"ChildPrefixLength\":0,\"IsParent\":false,\"IPs\":{},\"Version\":1}]").ok();

        JsonObject lab = new JsonObject().put("site", "a").put("tier", "gold");
        assertEquals("the lab", exported.getString("description"));
        assertEquals(lab, exported.getJsonObject("labels"));
        JsonObject copied = new JsonObject(export(copy));
        assertEquals("the lab", copied.getString("description"));
        assertEquals(lab, copied.getJsonObject("labels"));
        assertEquals(labels, run("updateNamespace", "name", copy).ok().json().getList("data.updateNamespace.labels"));
        assertEquals(2, ((Number) run("updateNamespace", "name", copy).ok().get("data.updateNamespace.version")).intValue(),
                "the import changed the namespace: one more version");
        for (String ns : List.of(older, goIpam)) {
            JsonObject kept = new JsonObject(export(ns));
            assertEquals(ns.equals(older) ? "kept" : "kept too", kept.getString("description"));
            assertEquals(new JsonObject().put("keep", "yes"), kept.getJsonObject("labels"));
            assertEquals(List.of("10.0.0.0/24"), kept.getJsonArray("prefixes").stream()
                    .map(prefix -> ((JsonObject) prefix).getString("cidr")).toList());
        }
    }

    private static String described(String description) {
        String ns = Namespaces.fresh();
        run("updateNamespace", "name", ns, "description", description, "labels", List.of(Map.of("key", "keep", "value", "yes")))
                .ok();
        return ns;
    }

    private static String export(String ns) {
        return run("exportNamespace", "name", ns).ok().string("data.exportNamespace");
    }

    @Test
    void aDocumentWithABadLabelOrATwiceHeldClaimIsRefused() {
        String ns = Namespaces.fresh();
        String badLabel = "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[{\"cidr\":\"10.0.0.0/24\","
                + "\"labels\":{\"-x\":\"y\"}}]}";
        String twice = "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[{\"cidr\":\"10.0.0.0/24\","
                + "\"ips\":[{\"address\":\"10.0.0.1\",\"claim\":\"c\"},{\"address\":\"10.0.0.2\",\"claim\":\"c\"}]}]}";

        var refusedLabel = run("importNamespace", "name", ns, "data", badLabel);
        var refusedClaim = run("importNamespace", "name", ns, "data", twice);

        assertEquals("INVALID_ARGUMENT", refusedLabel.errorCode());
        assertTrue(refusedLabel.errorMessage().contains("prefixes[0].labels"), refusedLabel.errorMessage());
        assertEquals("INVALID_ARGUMENT", refusedClaim.errorCode());
        assertTrue(refusedClaim.errorMessage().contains("prefixes[0].ips[1]"), refusedClaim.errorMessage());
    }
}

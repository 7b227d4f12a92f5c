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

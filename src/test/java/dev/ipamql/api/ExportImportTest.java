package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exportNamespace and importNamespace: a loss-free round trip, go-ipam dumps, and documents refused as a whole. */
@QuarkusTest
class ExportImportTest {

    // ---- round trip

    @Test
    void aNamespaceImportedFromAnExportExportsTheSameDocument() {
        String original = Namespaces.fresh();
        buildLab(original);
        String copy = Namespaces.fresh();

        String exported = export(original);
        Result imported = run("importNamespace", "name", copy, "data", exported).ok();
        String reexported = export(copy);

        assertEquals(copy, imported.string("data.importNamespace.name"));
        assertEquals(List.of("10.0.0.0/16", "172.16.0.0/31", "2001:db8::/48"),
                imported.list("data.importNamespace.prefixes.edges.node.cidr"));
        JsonObject before = new JsonObject(exported);
        JsonObject after = new JsonObject(reexported);
        assertEquals(original, before.getString("namespace"));
        assertEquals(copy, after.getString("namespace"));
        before.remove("namespace");
        before.remove("createdAt");
        after.remove("namespace");
        after.remove("createdAt");
        assertEquals(before, after);
        assertEquals(11, before.getJsonArray("prefixes").size());
    }

    @Test
    void theExportListsPrefixesParentsFirstWithTheirIpsDescriptionsAndMicrosecondTimestamps() {
        String ns = Namespaces.fresh();
        buildLab(ns);

        JsonObject document = new JsonObject(export(ns));

        assertEquals("ipamql-export", document.getString("format"));
        assertEquals(1, document.getInteger("version"));
        List<String> cidrs = new ArrayList<>();
        document.getJsonArray("prefixes").forEach(p -> cidrs.add(((JsonObject) p).getString("cidr")));
        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24", "10.0.2.0/24", "10.0.4.0/22", "10.0.4.0/26",
                "172.16.0.0/31", "2001:db8::/48", "2001:db8::/64", "2001:db8:0:1::/72", "2001:db8:0:1::/80",
                "2001:db8:0:1:1::/80"), cidrs);
        JsonObject rack = document.getJsonArray("prefixes").getJsonObject(1);
        assertEquals("10.0.0.0/16", rack.getString("parentCidr"));
        assertEquals("rack 1", rack.getString("description"));
        JsonArray ips = rack.getJsonArray("ips");
        assertEquals(List.of("10.0.0.1", "10.0.0.3", "10.0.0.5", "10.0.0.200"),
                ips.stream().map(ip -> ((JsonObject) ip).getString("address")).toList());
        assertEquals("gateway", ips.getJsonObject(0).getString("description"));
        assertNull(ips.getJsonObject(1).getString("description"));
        String timestamp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
        assertTrue(document.getString("createdAt").matches(timestamp), document.getString("createdAt"));
        assertTrue(rack.getString("createdAt").matches(timestamp), rack.getString("createdAt"));
        assertTrue(ips.getJsonObject(0).getString("createdAt").matches(timestamp));
    }

    @Test
    void anImportedNamespaceAnswersEveryPrefixQueryAsTheOriginalDoes() {
        String original = Namespaces.fresh();
        buildLab(original);
        String copy = Namespaces.fresh();
        String exported = export(original);
        run("importNamespace", "name", copy, "data", exported).ok();

        for (Object element : new JsonObject(exported).getJsonArray("prefixes")) {
            String cidr = ((JsonObject) element).getString("cidr");
            Map<String, Object> expected = run("prefix", "cidr", cidr, "namespace", original).ok().get("data.prefix");
            Map<String, Object> actual = run("prefix", "cidr", cidr, "namespace", copy).ok().get("data.prefix");
            assertEquals(copy, actual.remove("namespace"));
            expected.remove("namespace");
            assertEquals(expected, actual, cidr);
        }
    }

    @Test
    void anImportedNamespaceHoldsTheFreeBlocksFreeRangesAndCountersTheOperationsLeft() throws SQLException {
        String original = Namespaces.fresh();
        buildLab(original);
        String copy = Namespaces.fresh();

        run("importNamespace", "name", copy, "data", export(original)).ok();

        assertEquals(allocatorState(original), allocatorState(copy));
    }

    @Test
    void anImportedNamespaceHandsOutTheSameNextAddressesAndBlocksAsTheOriginal() {
        String original = Namespaces.fresh();
        buildLab(original);
        String copy = Namespaces.fresh();
        run("importNamespace", "name", copy, "data", export(original)).ok();

        for (String ns : List.of(original, copy)) {
            assertEquals("10.0.0.2", acquireIp(ns, "10.0.0.0/24"));
            assertEquals("10.0.0.4", acquireIp(ns, "10.0.0.0/24"));
            assertEquals("10.0.0.6", acquireIp(ns, "10.0.0.0/24"));
            assertEquals("10.0.4.3", acquireIp(ns, "10.0.4.0/26"));
            assertEquals("172.16.0.1", acquireIp(ns, "172.16.0.0/31"));
            assertEquals("2001:db8::2", acquireIp(ns, "2001:db8::/64"));
            assertEquals("2001:db8:0:1:1::1", acquireIp(ns, "2001:db8:0:1:1::/80"));
            assertEquals("10.0.1.0/24", acquireChild(ns, "10.0.0.0/16", 24));
            assertEquals("10.0.3.0/24", acquireChild(ns, "10.0.0.0/16", 24));
            assertEquals("10.0.4.64/26", acquireChild(ns, "10.0.4.0/22", 26));
            assertEquals("2001:db8:0:1:2::/80", acquireChild(ns, "2001:db8:0:1::/72", 80));
            assertEquals("2001:db8:0:2::/64", acquireChild(ns, "2001:db8::/48", 64));
            assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "172.16.0.0/31", "namespace", ns).errorCode());
            assertEquals("HAS_CHILDREN", run("acquireIP", "prefix", "10.0.4.0/22", "namespace", ns).errorCode());
            assertEquals("HAS_IPS", run("acquireChildPrefix", "parent", "10.0.0.0/24", "length", 28,
                    "namespace", ns).errorCode());
        }
    }

    @Test
    void anImportedNamespaceReleasesAndMergesAsTheOriginalDoes() {
        String original = Namespaces.fresh();
        buildLab(original);
        String copy = Namespaces.fresh();
        run("importNamespace", "name", copy, "data", export(original)).ok();

        for (String ns : List.of(original, copy)) {
            run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.3", "namespace", ns).ok();
            assertEquals("10.0.0.2", acquireIp(ns, "10.0.0.0/24"));
            assertEquals("10.0.0.3", acquireIp(ns, "10.0.0.0/24"));
            run("releaseIP", "prefix", "10.0.4.0/26", "address", "10.0.4.1", "namespace", ns).ok();
            run("releaseIP", "prefix", "10.0.4.0/26", "address", "10.0.4.2", "namespace", ns).ok();
            run("releaseChildPrefix", "cidr", "10.0.4.0/26", "namespace", ns).ok();
            run("releaseChildPrefix", "cidr", "10.0.2.0/24", "namespace", ns).ok();
            Result parent = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
            assertEquals(List.of("10.0.1.0/24", "10.0.2.0/23", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19",
                    "10.0.64.0/18", "10.0.128.0/17"), parent.list("data.prefix.usage.availablePrefixes"));
            assertEquals(List.of("10.0.4.0/22"), run("prefix", "cidr", "10.0.4.0/22", "namespace", ns).ok()
                    .list("data.prefix.usage.availablePrefixes"));
        }
    }

    @Test
    void anEmptyNamespaceRoundTrips() {
        String original = Namespaces.fresh();
        String copy = Namespaces.fresh();

        String exported = export(original);
        run("importNamespace", "name", copy, "data", exported).ok();

        assertEquals(new JsonArray(), new JsonObject(exported).getJsonArray("prefixes"));
        assertEquals(new JsonArray(), new JsonObject(export(copy)).getJsonArray("prefixes"));
    }

    @Test
    void aHandWrittenDocumentMayLeaveOutOptionalFieldsAndListPrefixesInAnyOrder() {
        String ns = Namespaces.fresh();
        JsonObject document = ipamql(
                prefix("10.0.0.0/24", "10.0.0.0/16").put("ips", new JsonArray().add(new JsonObject().put("address", "10.0.0.9"))),
                new JsonObject().put("cidr", "10.0.0.0/16"));

        run("importNamespace", "name", ns, "data", document.encode()).ok();

        assertEquals(List.of("10.0.0.9"), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
        assertEquals("10.0.1.0/24", acquireChild(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.0.1", acquireIp(ns, "10.0.0.0/24"));
    }

    @Test
    void aLargeDocumentIsImportedInOneRequest() {
        String ns = Namespaces.fresh();
        List<JsonObject> prefixes = new ArrayList<>();
        prefixes.add(prefix("10.0.0.0/16", null));
        for (int third = 0; third < 256; third++) {
            prefixes.add(third == 255 ? prefix("10.0.255.0/24", "10.0.0.0/16", hosts(1, 250))
                    : prefix("10.0." + third + ".0/24", "10.0.0.0/16"));
        }

        run("importNamespace", "name", ns, "data", ipamql(prefixes.toArray(JsonObject[]::new)).encode()).ok();

        Result root = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals(BigInteger.valueOf(256), root.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of(), root.list("data.prefix.usage.availablePrefixes"));
        assertEquals("NO_PREFIX_AVAILABLE", run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24,
                "namespace", ns).errorCode());
        assertEquals(BigInteger.valueOf(250), run("prefix", "cidr", "10.0.255.0/24", "namespace", ns).ok()
                .get("data.prefix.ips.totalCount"));
        assertEquals("10.0.255.251", acquireIp(ns, "10.0.255.0/24"));
        assertEquals(257, new JsonObject(export(ns)).getJsonArray("prefixes").size());
    }

    // ---- go-ipam

    /** What go-ipam's Dump() writes for: 192.168.0.0/24 with 192.168.0.1 acquired; 10.0.0.0/16 with child 10.0.1.0/24
     * (10.0.1.7 acquired) and a released child 10.0.2.0/24; 2001:db8::/64 with 2001:db8::5; 172.16.0.0/31. */
    private static final String GO_IPAM_DUMP = """
            [
              {"Cidr":"192.168.0.0/24","ParentCidr":"","Namespace":"root","AvailableChildPrefixes":{},
               "ChildPrefixLength":0,"IsParent":false,
               "IPs":{"192.168.0.0":true,"192.168.0.1":true,"192.168.0.255":true},"Version":2},
              {"Cidr":"10.0.1.0/24","ParentCidr":"10.0.0.0/16","Namespace":"root","AvailableChildPrefixes":{},
               "ChildPrefixLength":0,"IsParent":false,
               "IPs":{"10.0.1.0":true,"10.0.1.255":true,"10.0.1.7":true},"Version":1},
              {"Cidr":"10.0.0.0/16","ParentCidr":"","Namespace":"root",
               "AvailableChildPrefixes":{"10.0.1.0/24":false,"10.0.2.0/24":true},
               "ChildPrefixLength":0,"IsParent":true,
               "IPs":{"10.0.0.0":true,"10.0.255.255":true},"Version":4},
              {"Cidr":"2001:db8::/64","ParentCidr":"","Namespace":"root","AvailableChildPrefixes":{},
               "ChildPrefixLength":0,"IsParent":false,
               "IPs":{"2001:db8::":true,"2001:db8::5":true},"Version":1},
              {"Cidr":"172.16.0.0/31","ParentCidr":"","Namespace":"root","AvailableChildPrefixes":{},
               "ChildPrefixLength":0,"IsParent":false,
               "IPs":{"172.16.0.0":true,"172.16.0.1":true},"Version":0}
            ]
            """;

    @Test
    void aGoIpamDumpIsImportedWithoutTheAddressesGoIpamBlocksItself() {
        String ns = Namespaces.fresh();

        Result imported = run("importNamespace", "name", ns, "data", GO_IPAM_DUMP).ok();

        assertEquals(List.of("10.0.0.0/16", "172.16.0.0/31", "192.168.0.0/24", "2001:db8::/64"),
                imported.list("data.importNamespace.prefixes.edges.node.cidr"));
        Result lan = run("prefix", "cidr", "192.168.0.0/24", "namespace", ns).ok();
        assertEquals(List.of("192.168.0.1"), lan.list("data.prefix.ips.edges.node.address"));
        assertNull(lan.get("data.prefix.description"));
        assertEquals(BigInteger.valueOf(3), lan.get("data.prefix.usage.acquiredIPs"));
        assertEquals(BigInteger.valueOf(253), lan.get("data.prefix.usage.freeIPs"));
        Result parent = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals(List.of("10.0.1.0/24"), parent.list("data.prefix.children.cidr"));
        assertEquals(BigInteger.ONE, parent.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of(), parent.list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of("10.0.1.7"), run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of("2001:db8::5"), run("prefix", "cidr", "2001:db8::/64", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of(), run("prefix", "cidr", "172.16.0.0/31", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));

        assertEquals("192.168.0.2", acquireIp(ns, "192.168.0.0/24"));
        assertEquals("10.0.1.1", acquireIp(ns, "10.0.1.0/24"));
        assertEquals("2001:db8::1", acquireIp(ns, "2001:db8::/64"));
        assertEquals("172.16.0.0", acquireIp(ns, "172.16.0.0/31"));
        assertEquals("10.0.0.0/24", acquireChild(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.2.0/24", acquireChild(ns, "10.0.0.0/16", 24));
    }

    @Test
    void aGoIpamDumpLeavesTheStateThatTheSameOperationsLeave() throws SQLException {
        String imported = Namespaces.fresh();
        String built = Namespaces.fresh();

        run("importNamespace", "name", imported, "data", GO_IPAM_DUMP).ok();
        run("createPrefix", "cidr", "192.168.0.0/24", "namespace", built).ok();
        run("acquireIP", "prefix", "192.168.0.0/24", "address", "192.168.0.1", "namespace", built).ok();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", built).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.2.0/24", "namespace", built).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", built).ok();
        run("releaseChildPrefix", "cidr", "10.0.2.0/24", "namespace", built).ok();
        run("acquireIP", "prefix", "10.0.1.0/24", "address", "10.0.1.7", "namespace", built).ok();
        run("createPrefix", "cidr", "2001:db8::/64", "namespace", built).ok();
        run("acquireIP", "prefix", "2001:db8::/64", "address", "2001:db8::5", "namespace", built).ok();
        run("createPrefix", "cidr", "172.16.0.0/31", "namespace", built).ok();

        List<String> state = allocatorState(imported);
        assertEquals(allocatorState(built), state);
        assertTrue(state.contains("192.168.0.0/24 parent=null ips=1 children=0 blocks=192.168.0.0/24 "
                + "ranges=192.168.0.2-192.168.0.254 acquired=192.168.0.1"), state.toString());
    }

    @Test
    void aBadGoIpamDumpNamesTheElementByItsPosition() {
        String ns = Namespaces.fresh();
        String dump = new JsonArray()
                .add(new JsonObject().put("Cidr", "10.0.0.0/24").put("ParentCidr", "").put("IPs", new JsonObject()))
                .add(new JsonObject().put("Cidr", "10.0.1.0/24").put("ParentCidr", "10.0.0.0/16"))
                .encode();

        refused(ns, dump, "[1].ParentCidr", "10.0.0.0/16");
        refused(ns, new JsonArray().add(new JsonObject().put("Cidr", "10.0.0.0/24")
                .put("IPs", new JsonObject().put("10.0.0.300", true))).encode(), "[0].IPs[\"10.0.0.300\"]");
    }

    // ---- refusals

    @Test
    void importIntoANamespaceThatHoldsPrefixesIsRefusedAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/24", "namespace", ns).ok();
        String document = ipamql(prefix("10.0.0.0/8", null)).encode();

        Result refused = run("importNamespace", "name", ns, "data", document);

        assertEquals("NAMESPACE_NOT_EMPTY", refused.errorCode());
        assertTrue(refused.errorMessage().contains(ns), refused.errorMessage());
        assertEquals(List.of("192.168.0.0/24"), run("namespace", "name", ns).ok().list("data.namespace.prefixes.edges.node.cidr"));
    }

    @Test
    void malformedJsonIsRefused() {
        refused(Namespaces.fresh(), "{\"format\": \"ipamql-export\", \"prefixes\": [", "not valid JSON");
    }

    @Test
    void anUnknownFormatIsRefused() {
        String ns = Namespaces.fresh();
        refused(ns, new JsonObject().put("format", "netbox").put("prefixes", new JsonArray()).encode(), "format", "netbox");
        refused(ns, new JsonObject().put("prefixes", new JsonArray()).encode(), "format", "missing");
        refused(ns, "\"10.0.0.0/8\"", "unknown format");
        refused(ns, ipamql().put("version", 2).encode(), "version", "2");
    }

    @Test
    void anInvalidCidrIsRefusedNamingIt() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/8", null), prefix("10.0.0.0/33", "10.0.0.0/8")).encode(),
                "prefixes[1].cidr", "10.0.0.0/33");
    }

    @Test
    void aChildOutsideItsParentIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/16", null), prefix("10.1.0.0/24", "10.0.0.0/16")).encode(),
                "prefixes[1].cidr", "10.1.0.0/24", "10.0.0.0/16");
    }

    @Test
    void aChildWhoseParentIsMissingIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/16", null), prefix("10.1.0.0/24", "10.1.0.0/16")).encode(),
                "prefixes[1].parentCidr", "10.1.0.0/16");
    }

    @Test
    void overlappingRootsAreRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/8", null), prefix("10.1.0.0/16", null)).encode(),
                "prefixes[1].cidr", "10.1.0.0/16", "overlaps", "10.0.0.0/8");
    }

    @Test
    void overlappingSiblingsAreRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/16", null), prefix("10.0.0.0/24", "10.0.0.0/16"),
                        prefix("10.0.0.128/25", "10.0.0.0/16")).encode(),
                "prefixes[2].cidr", "10.0.0.128/25", "overlaps", "10.0.0.0/24");
    }

    @Test
    void theSamePrefixTwiceIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/16", null), prefix("10.0.0.1/16", null)).encode(),
                "prefixes[1].cidr", "10.0.0.0/16", "twice");
    }

    @Test
    void anIpOutsideItsPrefixIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/24", null, "10.0.1.5")).encode(),
                "prefixes[0].ips[0].address", "10.0.1.5", "10.0.0.0/24");
    }

    @Test
    void aDuplicateIpIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("2001:db8::/64", null, "2001:db8::7", "2001:DB8:0::0:7")).encode(),
                "prefixes[0].ips[1].address", "2001:db8::7", "twice");
    }

    @Test
    void aReservedIpIsRefused() {
        String ns = Namespaces.fresh();
        refused(ns, ipamql(prefix("10.0.0.0/24", null, "10.0.0.1", "10.0.0.255")).encode(),
                "prefixes[0].ips[1].address", "10.0.0.255", "reserved");
        refused(ns, ipamql(prefix("2001:db8::/64", null, "2001:db8::")).encode(),
                "prefixes[0].ips[0].address", "2001:db8::", "reserved");
    }

    @Test
    void aPrefixWithBothIpsAndChildrenIsRefused() {
        refused(Namespaces.fresh(), ipamql(prefix("10.0.0.0/16", null, "10.0.0.1"), prefix("10.0.1.0/24", "10.0.0.0/16")).encode(),
                "prefixes[0]", "10.0.0.0/16", "both");
    }

    @Test
    void badValuesAreRefusedNamingTheirField() {
        String ns = Namespaces.fresh();
        refused(ns, ipamql(prefix("10.0.0.0/16", null).put("createdAt", "yesterday")).encode(), "prefixes[0].createdAt");
        refused(ns, ipamql(prefix("10.0.0.0/16", null).put("createdAt", "2024-05-01T09:30:00.1234567Z")).encode(),
                "prefixes[0].createdAt", "microseconds");
        refused(ns, ipamql(prefix("10.0.0.0/16", null).put("descripton", "typo")).encode(), "prefixes[0].descripton", "unknown");
        refused(ns, ipamql(prefix("10.0.0.0/16", null).put("description", 7)).encode(), "prefixes[0].description");
        refused(ns, ipamql(prefix("10.0.0.0/16", null).put("description", "x".repeat(1025))).encode(),
                "prefixes[0].description", "1025");
        refused(ns, ipamql(prefix("10.0.0.0/16", null, "not-an-ip")).encode(), "prefixes[0].ips[0].address", "not-an-ip");
    }

    @Test
    void importIntoAMissingNamespaceIsNotFoundAndAnInvalidNameIsInvalid() {
        String document = ipamql(prefix("10.0.0.0/8", null)).encode();

        assertEquals("NOT_FOUND", run("importNamespace", "name", "no-such-namespace-x", "data", document).errorCode());
        assertEquals("INVALID_ARGUMENT", run("importNamespace", "name", "Bad_Name", "data", document).errorCode());
    }

    @Test
    void exportOfAMissingNamespaceIsNotFoundAndAnInvalidNameIsInvalid() {
        Result missing = run("exportNamespace", "name", "no-such-namespace-x");
        Result invalid = run("exportNamespace", "name", "Bad_Name");

        assertEquals("NOT_FOUND", missing.errorCode());
        assertTrue(missing.errorMessage().contains("no-such-namespace-x"), missing.errorMessage());
        assertEquals("INVALID_ARGUMENT", invalid.errorCode());
    }

    // ---- helpers

    /**
     * Two roots and a /31; children two levels deep; IPs with and without descriptions, released ones
     * leaving holes; a released child leaving a free block between taken ones.
     */
    private static void buildLab(String ns) {
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "site A").ok();
        assertEquals("10.0.0.0/24", acquireChild(ns, "10.0.0.0/16", 24, "rack 1"));
        assertEquals("10.0.1.0/24", acquireChild(ns, "10.0.0.0/16", 24, null));
        assertEquals("10.0.2.0/24", acquireChild(ns, "10.0.0.0/16", 24, "rack 3"));
        assertEquals("10.0.4.0/22", acquireChild(ns, "10.0.0.0/16", 22, "servers"));
        run("releaseChildPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        assertEquals("10.0.4.0/26", acquireChild(ns, "10.0.4.0/22", 26, "db"));
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "description", "gateway").ok();
        for (int i = 2; i <= 5; i++) {
            acquireIp(ns, "10.0.0.0/24");
        }
        run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.200", "namespace", ns, "description", "printer").ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.2", "namespace", ns).ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.4", "namespace", ns).ok();
        acquireIp(ns, "10.0.4.0/26");
        acquireIp(ns, "10.0.4.0/26");

        run("createPrefix", "cidr", "172.16.0.0/31", "namespace", ns, "description", "p2p").ok();
        assertEquals("172.16.0.0", acquireIp(ns, "172.16.0.0/31"));

        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();
        assertEquals("2001:db8::/64", acquireChild(ns, "2001:db8::/48", 64, "v6 hosts"));
        assertEquals("2001:db8:0:1::/72", acquireChild(ns, "2001:db8::/48", 72, null));
        assertEquals("2001:db8:0:1::/80", acquireChild(ns, "2001:db8:0:1::/72", 80, null));
        assertEquals("2001:db8:0:1:1::/80", acquireChild(ns, "2001:db8:0:1::/72", 80, "lab"));
        run("acquireIP", "prefix", "2001:db8::/64", "namespace", ns, "description", "router").ok();
        acquireIp(ns, "2001:db8::/64");
        acquireIp(ns, "2001:db8::/64");
        run("releaseIP", "prefix", "2001:db8::/64", "address", "2001:db8::2", "namespace", ns).ok();
    }

    /** Per prefix, in address order: its tree position, counters, free blocks and free address ranges, read directly. */
    private static List<String> allocatorState(String ns) throws SQLException {
        String sql = "SELECT p.cidr::text, p.parent_cidr::text, p.ip_count, p.child_count, "
                + "(SELECT string_agg(f.cidr::text, ',' ORDER BY f.cidr) FROM free_block f WHERE f.prefix_id = p.id), "
                + "(SELECT string_agg(host(r.first_address) || '-' || host(r.last_address), ',' ORDER BY r.first_address) "
                + "FROM ip_free_range r WHERE r.prefix_id = p.id), "
                + "(SELECT string_agg(host(i.address), ',' ORDER BY i.address) FROM ip i WHERE i.prefix_id = p.id) "
                + "FROM prefix p WHERE p.namespace = ? ORDER BY p.cidr";
        List<String> state = new ArrayList<>();
        try (Connection db = Database.connect(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, ns);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    state.add(rows.getString(1) + " parent=" + rows.getString(2) + " ips=" + rows.getLong(3)
                            + " children=" + rows.getInt(4) + " blocks=" + rows.getString(5) + " ranges=" + rows.getString(6)
                            + " acquired=" + rows.getString(7));
                }
            }
        }
        assertTrue(!state.isEmpty(), "no prefixes in " + ns);
        return state;
    }

    private static String export(String ns) {
        String document = run("exportNamespace", "name", ns).ok().string("data.exportNamespace");
        assertTrue(document != null && !document.isEmpty(), "no document for " + ns);
        return document;
    }

    private static String acquireIp(String ns, String prefix) {
        return run("acquireIP", "prefix", prefix, "namespace", ns).ok().string("data.acquireIP.address");
    }

    private static String acquireChild(String ns, String parent, int length) {
        return acquireChild(ns, parent, length, null);
    }

    private static String acquireChild(String ns, String parent, int length, String description) {
        return run("acquireChildPrefix", "parent", parent, "length", length, "namespace", ns, "description", description)
                .ok().string("data.acquireChildPrefix.cidr");
    }

    private static JsonObject ipamql(JsonObject... prefixes) {
        JsonArray array = new JsonArray();
        for (JsonObject prefix : prefixes) {
            array.add(prefix);
        }
        return new JsonObject().put("format", "ipamql-export").put("version", 1).put("prefixes", array);
    }

    private static JsonObject prefix(String cidr, String parent, String... ips) {
        JsonArray ipArray = new JsonArray();
        for (String ip : ips) {
            ipArray.add(new JsonObject().put("address", ip).put("description", null)
                    .put("createdAt", "2024-05-01T09:30:00.123456Z"));
        }
        return new JsonObject().put("cidr", cidr).put("parentCidr", parent).put("description", null)
                .put("createdAt", "2024-05-01T09:30:00Z").put("ips", ipArray);
    }

    /** The addresses 10.0.255.{from..to}. */
    private static String[] hosts(int from, int to) {
        String[] hosts = new String[to - from + 1];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = "10.0.255." + (from + i);
        }
        return hosts;
    }

    /** The document is refused with INVALID_ARGUMENT, its message naming every part, and the namespace stays empty. */
    private static void refused(String ns, String document, String... named) {
        Result result = run("importNamespace", "name", ns, "data", document);
        assertEquals("INVALID_ARGUMENT", result.errorCode(), result.body());
        for (String part : named) {
            assertTrue(result.errorMessage().contains(part), "'" + part + "' not in: " + result.errorMessage());
        }
        assertEquals(BigInteger.ZERO, run("namespace", "name", ns).ok().get("data.namespace.prefixes.totalCount"));
    }
}

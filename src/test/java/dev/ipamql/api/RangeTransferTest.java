package dev.ipamql.api;

import static dev.ipamql.api.ReserveEdgesTest.assertUsage;
import static dev.ipamql.api.ReservedRangeTest.freeRuns;
import static dev.ipamql.api.ReservedRangeTest.reserve;
import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Export and import carry reserveEdges and reserved ranges: the copy allocates as the original does. */
@QuarkusTest
class RangeTransferTest {

    @Test
    void aRoundTripKeepsReserveEdgesAndReservedRanges() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "10.0.0.0/29", "namespace", ns, "reserveEdges", false).ok();
        run("acquireIP", "prefix", "10.0.0.0/29", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.1.0/24", "10.0.1.0", "10.0.1.9", "gateways").ok();
        reserve(ns, "10.0.1.0/24", "10.0.1.100", "10.0.1.199", null).ok();
        run("acquireIP", "prefix", "10.0.1.0/24", "address", "10.0.1.50", "namespace", ns).ok();
        run("createPrefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        reserve(ns, "2001:db8::/64", "2001:db8::8000:0:0:0", "2001:db8::ffff:ffff:ffff:ffff", null).ok();

        String exported = run("exportNamespace", "name", ns).ok().string("data.exportNamespace");
        JsonArray prefixes = new JsonObject(exported).getJsonArray("prefixes");
        assertEquals(false, prefixes.getJsonObject(0).getBoolean("reserveEdges"));
        assertEquals(null, prefixes.getJsonObject(1).getValue("reserveEdges"));
        JsonArray ranges = prefixes.getJsonObject(1).getJsonArray("reservedRanges");
        assertEquals(List.of("10.0.1.0", "10.0.1.100"), List.of(ranges.getJsonObject(0).getString("first"),
                ranges.getJsonObject(1).getString("first")));
        assertEquals("gateways", ranges.getJsonObject(0).getString("description"));

        String copy = Namespaces.fresh();
        run("importNamespace", "name", copy, "data", exported).ok();
        String again = run("exportNamespace", "name", copy).ok().string("data.exportNamespace");
        assertEquals(withoutNamespace(exported), withoutNamespace(again));

        for (String cidr : List.of("10.0.0.0/29", "10.0.1.0/24", "2001:db8::/64")) {
            assertEquals(ReserveEdgesTest.ranges(ns, cidr).body(), ReserveEdgesTest.ranges(copy, cidr).body(), cidr);
        }
        assertUsage(copy, "10.0.1.0/24", 256, 3, 144, 109);
        assertEquals(List.of(List.of("10.0.1.10", "10.0.1.49"), List.of("10.0.1.51", "10.0.1.99"),
                List.of("10.0.1.200", "10.0.1.254")), freeRuns(copy, "10.0.1.0/24"));
        assertEquals("10.0.1.10", run("acquireIP", "prefix", "10.0.1.0/24", "namespace", copy).ok()
                .string("data.acquireIP.address"));
        assertEquals("10.0.0.1", run("acquireIP", "prefix", "10.0.0.0/29", "namespace", copy).ok()
                .string("data.acquireIP.address"));
        run("unreserveRange", "prefix", "10.0.1.0/24", "first", "10.0.1.100", "namespace", copy).ok();
        assertEquals(List.of(List.of("10.0.1.11", "10.0.1.49"), List.of("10.0.1.51", "10.0.1.254")),
                freeRuns(copy, "10.0.1.0/24"));
    }

    @Test
    void documentsWithBadRangesAreRefusedNamingTheRange() {
        List<String> wrong = new ArrayList<>();
        String ips = ", \"ips\": [{\"address\": \"10.0.0.5\"}]";
        for (String prefix : List.of(
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.9\", \"last\": \"10.0.0.3\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.1.3\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.0.5\"}, "
                        + "{\"first\": \"10.0.0.5\", \"last\": \"10.0.0.6\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.0.9\"}]" + ips + "}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"2001:db8::1\", \"last\": \"2001:db8::2\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.0.2\", \"x\": 1}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": {\"first\": \"10.0.0.1\"}}",
                "{\"cidr\": \"10.0.0.0/24\", \"reserveEdges\": \"no\"}",
                "{\"cidr\": \"10.0.0.0/24\", \"ips\": [{\"address\": \"10.0.0.0\"}]}",
                "{\"cidr\": \"10.0.0.0/24\", \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.0.2\"}]}, "
                        + "{\"cidr\": \"10.0.0.0/25\", \"parentCidr\": \"10.0.0.0/24\"}")) {
            String ns = Namespaces.fresh();
            String document = "{\"format\": \"ipamql-export\", \"version\": 1, \"prefixes\": [" + prefix + "]}";
            Result answer = run("importNamespace", "name", ns, "data", document);
            if (answer.errors().size() != 1 || !"INVALID_ARGUMENT".equals(answer.string("errors[0].extensions.code"))
                    || !answer.errorMessage().startsWith("prefixes[")) {
                wrong.add(prefix + " -> " + answer.body());
            }
            assertEquals(java.math.BigInteger.ZERO, run("prefixes", "namespace", ns).ok().get("data.prefixes.totalCount"));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void anAddressAtTheEdgeImportsWhereEdgesAreNotReserved() {
        String ns = Namespaces.fresh();
        run("importNamespace", "name", ns, "data", "{\"format\": \"ipamql-export\", \"version\": 1, \"prefixes\": ["
                + "{\"cidr\": \"10.0.0.0/30\", \"reserveEdges\": false, \"ips\": [{\"address\": \"10.0.0.0\"}, "
                + "{\"address\": \"10.0.0.3\"}], \"reservedRanges\": [{\"first\": \"10.0.0.1\", \"last\": \"10.0.0.1\"}]}]}")
                .ok();
        assertUsage(ns, "10.0.0.0/30", 4, 2, 1, 1);
        assertEquals(List.of(List.of("10.0.0.2", "10.0.0.2")), freeRuns(ns, "10.0.0.0/30"));
        assertTrue(run("acquireIP", "prefix", "10.0.0.0/30", "namespace", ns).ok().string("data.acquireIP.address")
                .equals("10.0.0.2"));
    }

    private static String withoutNamespace(String document) {
        JsonObject json = new JsonObject(document);
        json.remove("namespace");
        json.remove("createdAt");
        return json.encode();
    }
}

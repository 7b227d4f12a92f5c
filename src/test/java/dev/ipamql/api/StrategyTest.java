package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IPStrategy on acquireIP and acquireIPs, ChildStrategy on acquireChildPrefix. */
@QuarkusTest
class StrategyTest {

    @Test
    void highestHandsOutTheHighestFreeAddressAndLowestTheLowest() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/29", "namespace", ns).ok();

        assertEquals("10.0.0.6", ip(ns, "10.0.0.0/29", "HIGHEST"));
        assertEquals("10.0.0.5", ip(ns, "10.0.0.0/29", "HIGHEST"));
        run("acquireIP", "prefix", "10.0.0.0/29", "address", "10.0.0.4", "namespace", ns).ok();
        assertEquals("10.0.0.3", ip(ns, "10.0.0.0/29", "HIGHEST"));
        assertEquals("10.0.0.1", ip(ns, "10.0.0.0/29", "LOWEST"));
        run("releaseIP", "prefix", "10.0.0.0/29", "address", "10.0.0.6", "namespace", ns).ok();
        assertEquals("10.0.0.6", ip(ns, "10.0.0.0/29", "HIGHEST"));
        assertEquals("10.0.0.2", ip(ns, "10.0.0.0/29", "HIGHEST"));

        Result none = run("acquireIPWithStrategy", "prefix", "10.0.0.0/29", "strategy", "HIGHEST", "namespace", ns);
        assertEquals("NO_IP_AVAILABLE", none.errorCode());
        assertEquals("no more ips in prefix: 10.0.0.0/29 left", none.errorMessage());
        Consistency.assertHolds();
    }

    @Test
    void highestKeepsTheReservedAddressesOfEachFamily() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/126", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/31", "namespace", ns).ok();

        // IPv6 reserves only the first address; a /31 reserves none
        assertEquals("2001:db8::3", ip(ns, "2001:db8::/126", "HIGHEST"));
        assertEquals("10.1.0.1", ip(ns, "10.1.0.0/31", "HIGHEST"));
        assertEquals("10.1.0.0", ip(ns, "10.1.0.0/31", "HIGHEST"));
    }

    @Test
    void manyHighestAddressesAreTheHighestFreeOnesInAddressOrder() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/29", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/29", "address", "10.0.0.5", "namespace", ns).ok();

        List<String> taken = run("acquireIPsWithStrategy", "prefix", "10.0.0.0/29", "count", 3, "strategy", "HIGHEST",
                "namespace", ns).ok().list("data.acquireIPs.address");

        assertEquals(List.of("10.0.0.3", "10.0.0.4", "10.0.0.6"), taken);
        assertEquals("10.0.0.1", ip(ns, "10.0.0.0/29", "LOWEST"));
        Result tooMany = run("acquireIPsWithStrategy", "prefix", "10.0.0.0/29", "count", 2, "strategy", "HIGHEST",
                "namespace", ns);
        assertEquals("NO_IP_AVAILABLE", tooMany.errorCode());
        assertEquals("10.0.0.2", ip(ns, "10.0.0.0/29", "HIGHEST"));
        Consistency.assertHolds();
    }

    @Test
    void childStrategiesTakeTheBestFitTheLowestOrTheHighestBlock() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();

        assertEquals("10.0.0.0/25", child(ns, "10.0.0.0/16", 25, "LOWEST"));
        assertEquals("10.0.2.0/23", child(ns, "10.0.0.0/16", 23, "LOWEST"));
        assertEquals("10.0.255.0/24", child(ns, "10.0.0.0/16", 24, "HIGHEST"));
        // the highest free /22 is the top of what the /24 above left, best fit takes the smallest block
        assertEquals("10.0.248.0/22", child(ns, "10.0.0.0/16", 22, "HIGHEST"));
        assertEquals("10.0.4.0/22", child(ns, "10.0.0.0/16", 22, "BEST_FIT"));
        assertEquals("10.0.0.128/25", child(ns, "10.0.0.0/16", 25, "BEST_FIT"));
        assertEquals("NO_PREFIX_AVAILABLE", run("acquireChildPrefixWithStrategy", "parent", "10.0.0.0/16", "length", 17,
                "strategy", "HIGHEST", "namespace", ns).errorCode());
        Consistency.assertHolds();
    }

    @Test
    void ipv6ChildrenComeFromTheTopWithHighest() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();

        assertEquals("2001:db8:0:ffff::/64", child(ns, "2001:db8::/48", 64, "HIGHEST"));
        assertEquals("2001:db8:0:fffe:ff00::/72", child(ns, "2001:db8::/48", 72, "HIGHEST"));
        assertEquals("2001:db8::/72", child(ns, "2001:db8::/48", 72, "LOWEST"));
    }

    @Test
    void theAuditRecordKeepsAStrategyOtherThanTheDefault() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIPWithStrategy", "prefix", "10.0.0.0/24", "strategy", "HIGHEST", "namespace", ns).ok();
        run("acquireIPWithStrategy", "prefix", "10.0.0.0/24", "strategy", "LOWEST", "namespace", ns).ok();

        Result log = run("auditLog", "namespace", ns).ok();

        JsonObject lowest = new JsonObject().put("prefix", "10.0.0.0/24").put("address", null).put("description", null)
                .put("requestId", null);
        assertEquals(lowest, new JsonObject(log.string("data.auditLog.edges[0].node.arguments")));
        assertEquals(lowest.copy().put("strategy", "HIGHEST"),
                new JsonObject(log.string("data.auditLog.edges[1].node.arguments")));
    }

    @Test
    void aRepeatedRequestIdWithAnotherStrategyIsRefused() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        assertEquals("10.0.0.254", run("acquireIPWithStrategy", "prefix", "10.0.0.0/24", "strategy", "HIGHEST",
                "requestId", "r1", "namespace", ns).ok().string("data.acquireIP.address"));

        assertEquals("10.0.0.254", run("acquireIPWithStrategy", "prefix", "10.0.0.0/24", "strategy", "HIGHEST",
                "requestId", "r1", "namespace", ns).ok().string("data.acquireIP.address"));
        assertEquals("INVALID_ARGUMENT", run("acquireIPWithStrategy", "prefix", "10.0.0.0/24", "requestId", "r1",
                "namespace", ns).errorCode());
    }

    private static String ip(String ns, String prefix, String strategy) {
        return run("acquireIPWithStrategy", "prefix", prefix, "strategy", strategy, "namespace", ns).ok()
                .string("data.acquireIP.address");
    }

    private static String child(String ns, String parent, int length, String strategy) {
        return run("acquireChildPrefixWithStrategy", "parent", parent, "length", length, "strategy", strategy,
                "namespace", ns).ok().string("data.acquireChildPrefix.cidr");
    }
}

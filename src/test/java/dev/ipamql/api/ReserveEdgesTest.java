package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reserveEdges: false hands out every address of a prefix and counts only acquired ones; true keeps today's rule. */
@QuarkusTest
class ReserveEdgesTest {

    @Test
    void aPrefixReservesItsEdgesUnlessToldNotTo() {
        String ns = Namespaces.fresh();
        assertEquals(true, run("createPrefixReserveEdges", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .get("data.createPrefix.reserveEdges"));
        assertEquals(false, run("createPrefixReserveEdges", "cidr", "10.0.1.0/24", "namespace", ns, "reserveEdges", false)
                .ok().get("data.createPrefix.reserveEdges"));
        assertEquals(true, run("createPrefixReserveEdges", "cidr", "10.0.2.0/24", "namespace", ns, "reserveEdges", null)
                .ok().get("data.createPrefix.reserveEdges"));

        assertEquals(List.of(true, false, true), List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24").stream()
                .map(cidr -> (Boolean) ranges(ns, cidr).get("data.prefix.reserveEdges")).toList());
    }

    @Test
    void anIpv4PrefixWithoutReservedEdgesHandsOutItsNetworkAndBroadcastAddresses() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "192.0.2.0/30", "namespace", ns, "reserveEdges", false).ok();
        assertUsage(ns, "192.0.2.0/30", 4, 0, 4, 0);

        List<String> handedOut = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            handedOut.add(run("acquireIP", "prefix", "192.0.2.0/30", "namespace", ns).ok().string("data.acquireIP.address"));
        }
        assertEquals(List.of("192.0.2.0", "192.0.2.1", "192.0.2.2", "192.0.2.3"), handedOut);
        assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "192.0.2.0/30", "namespace", ns).errorCode());
        assertUsage(ns, "192.0.2.0/30", 4, 4, 0, 0);

        assertEquals("192.0.2.3", run("releaseIP", "prefix", "192.0.2.0/30", "address", "192.0.2.3", "namespace", ns).ok()
                .string("data.releaseIP.address"));
        assertEquals("192.0.2.0", run("releaseIP", "prefix", "192.0.2.0/30", "address", "192.0.2.0", "namespace", ns).ok()
                .string("data.releaseIP.address"));
        assertUsage(ns, "192.0.2.0/30", 4, 2, 2, 0);
        assertEquals("192.0.2.3", run("acquireIP", "prefix", "192.0.2.0/30", "address", "192.0.2.3", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        assertEquals("192.0.2.0", run("acquireIP", "prefix", "192.0.2.0/30", "namespace", ns).ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void aPrefixWithReservedEdgesStillRefusesThem() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "192.0.2.0/30", "namespace", ns, "reserveEdges", true).ok();
        assertUsage(ns, "192.0.2.0/30", 4, 2, 2, 0);
        assertEquals("ALREADY_ALLOCATED",
                run("acquireIP", "prefix", "192.0.2.0/30", "address", "192.0.2.0", "namespace", ns).errorCode());
        assertEquals("INVALID_ARGUMENT",
                run("releaseIP", "prefix", "192.0.2.0/30", "address", "192.0.2.3", "namespace", ns).errorCode());
        assertEquals("192.0.2.1", run("acquireIP", "prefix", "192.0.2.0/30", "namespace", ns).ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void anIpv6PrefixWithoutReservedEdgesHandsOutItsSubnetRouterAnycastAddress() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "2001:db8::/126", "namespace", ns, "reserveEdges", false).ok();
        assertEquals("2001:db8::", run("acquireIP", "prefix", "2001:db8::/126", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        assertUsage(ns, "2001:db8::/126", 4, 1, 3, 0);

        run("createPrefixReserveEdges", "cidr", "2001:db8:1::/64", "namespace", ns, "reserveEdges", false).ok();
        assertEquals(BigInteger.TWO.pow(64), ranges(ns, "2001:db8:1::/64").get("data.prefix.usage.freeIPs"));
        run("createPrefixReserveEdges", "cidr", "2001:db8:2::/64", "namespace", ns).ok();
        assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.ONE),
                ranges(ns, "2001:db8:2::/64").get("data.prefix.usage.freeIPs"));
        assertEquals(BigInteger.ONE, ranges(ns, "2001:db8:2::/64").get("data.prefix.usage.acquiredIPs"));
    }

    @Test
    void childPrefixesTakeReserveEdgesFromTheirOwnAcquisition() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        Result child = run("acquireChildPrefixReserveEdges", "parent", "10.1.0.0/16", "length", 24, "namespace", ns,
                "reserveEdges", false).ok();
        assertEquals("10.1.0.0/24", child.string("data.acquireChildPrefix.cidr"));
        assertEquals(false, child.get("data.acquireChildPrefix.reserveEdges"));
        Result specific = run("acquireSpecificChildPrefixReserveEdges", "parent", "10.1.0.0/16", "cidr", "10.1.7.0/29",
                "namespace", ns, "reserveEdges", false).ok();
        assertEquals(false, specific.get("data.acquireSpecificChildPrefix.reserveEdges"));
        assertEquals(true, run("acquireChildPrefixReserveEdges", "parent", "10.1.0.0/16", "length", 24, "namespace", ns)
                .ok().get("data.acquireChildPrefix.reserveEdges"));

        assertEquals("10.1.0.0", run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        assertEquals("10.1.7.7", run("acquireIP", "prefix", "10.1.7.0/29", "address", "10.1.7.7", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        assertUsage(ns, "10.1.0.0/24", 256, 1, 255, 0);
        assertUsage(ns, "10.1.7.0/29", 8, 1, 7, 0);
        assertUsage(ns, "10.1.1.0/24", 256, 2, 254, 0);
    }

    @Test
    void aRepeatedRequestAnswersTheReserveEdgesOfTheFirst() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.2.0.0/16", "namespace", ns).ok();
        for (int i = 0; i < 2; i++) {
            Result child = run("acquireChildPrefixReserveEdges", "parent", "10.2.0.0/16", "length", 28, "namespace", ns,
                    "reserveEdges", false, "requestId", "edges-once").ok();
            assertEquals("10.2.0.0/28", child.string("data.acquireChildPrefix.cidr"));
            assertEquals(false, child.get("data.acquireChildPrefix.reserveEdges"));
        }
        assertEquals(BigInteger.ONE, run("prefix", "cidr", "10.2.0.0/16", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredPrefixes"));
    }

    @Test
    void theAuditRecordSaysWhenEdgesAreNotReserved() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "10.3.0.0/24", "namespace", ns, "reserveEdges", false).ok();
        run("createPrefixReserveEdges", "cidr", "10.4.0.0/24", "namespace", ns).ok();
        Result log = run("auditLog", "namespace", ns).ok();
        List<String> arguments = log.list("data.auditLog.edges.node.arguments");
        List<String> operations = log.list("data.auditLog.edges.node.operation");
        assertEquals(List.of("createNamespace", "createPrefix", "createPrefix"), operations.stream().sorted().toList());
        assertEquals(1, arguments.stream().filter(a -> a.contains("\"cidr\":\"10.3.0.0/24\"")
                && a.contains("\"reserveEdges\":false")).count(), arguments.toString());
        assertEquals(1, arguments.stream().filter(a -> a.contains("\"cidr\":\"10.4.0.0/24\"")
                && !a.contains("reserveEdges")).count(), arguments.toString());
    }

    static Result ranges(String ns, String cidr) {
        return run("prefixRanges", "cidr", cidr, "namespace", ns).ok();
    }

    static void assertUsage(String ns, String cidr, long size, long acquired, long free, long reserved) {
        Result usage = ranges(ns, cidr);
        assertEquals(List.of(BigInteger.valueOf(size), BigInteger.valueOf(acquired), BigInteger.valueOf(free),
                        BigInteger.valueOf(reserved)),
                List.of(usage.get("data.prefix.usage.size"), usage.get("data.prefix.usage.acquiredIPs"),
                        usage.get("data.prefix.usage.freeIPs"), usage.get("data.prefix.usage.reservedIPs")),
                "size, acquiredIPs, freeIPs, reservedIPs of " + cidr + ": " + usage.body());
    }
}

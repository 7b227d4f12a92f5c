package dev.ipamql.api;

import static dev.ipamql.api.ReserveEdgesTest.assertUsage;
import static dev.ipamql.api.ReserveEdgesTest.ranges;
import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reserved ranges: kept from acquireIP, counted in usage, refused where they would overlap or hold what is taken. */
@QuarkusTest
class ReservedRangeTest {

    @Test
    void aReservedRangeIsSkippedByAcquireIpAndCountedApart() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        Result reserved = reserve(ns, "10.0.0.0/24", "10.0.0.1", "10.0.0.10", "gateways").ok();
        assertEquals(Map.of("first", "10.0.0.1", "last", "10.0.0.10", "size", BigInteger.TEN, "description", "gateways"),
                withoutTime(reserved.get("data.reserveRange")));

        assertEquals("10.0.0.11", acquire(ns, "10.0.0.0/24").string("data.acquireIP.address"));
        assertEquals("given ip:10.0.0.5 is already allocated",
                run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.5", "namespace", ns).errorMessage());
        assertUsage(ns, "10.0.0.0/24", 256, 3, 243, 10);
        assertEquals(List.of(Map.of("first", "10.0.0.1", "last", "10.0.0.10", "size", BigInteger.TEN,
                "description", "gateways")), ranges(ns, "10.0.0.0/24").get("data.prefix.reservedRanges"));
        assertEquals(List.of("10.0.0.12", "10.0.0.13"), run("acquireIPs", "prefix", "10.0.0.0/24", "count", 2,
                "namespace", ns).ok().list("data.acquireIPs.address"));
    }

    @Test
    void acquireIPsStepsOverAReservedRangeInTheMiddle() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.1.0/28", "namespace", ns).ok();
        reserve(ns, "10.0.1.0/28", "10.0.1.3", "10.0.1.5", null).ok();
        assertEquals(List.of("10.0.1.1", "10.0.1.2", "10.0.1.6", "10.0.1.7", "10.0.1.8"), run("acquireIPs",
                "prefix", "10.0.1.0/28", "count", 5, "namespace", ns).ok().list("data.acquireIPs.address"));
        assertEquals("NO_IP_AVAILABLE", run("acquireIPs", "prefix", "10.0.1.0/28", "count", 7, "namespace", ns).errorCode());
        assertUsage(ns, "10.0.1.0/28", 16, 7, 6, 3);
    }

    @Test
    void rangesMayTouchButNeverOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.2.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.2.0/24", "10.0.2.10", "10.0.2.19", null).ok();
        Result overlap = reserve(ns, "10.0.2.0/24", "10.0.2.5", "10.0.2.10", null);
        assertEquals("OVERLAP", overlap.errorCode());
        assertEquals("range 10.0.2.5..10.0.2.10 overlaps reserved range 10.0.2.10..10.0.2.19 in prefix 10.0.2.0/24",
                overlap.errorMessage());
        assertEquals("OVERLAP", reserve(ns, "10.0.2.0/24", "10.0.2.12", "10.0.2.13", null).errorCode());
        assertEquals("OVERLAP", reserve(ns, "10.0.2.0/24", "10.0.2.0", "10.0.2.255", null).errorCode());
        reserve(ns, "10.0.2.0/24", "10.0.2.20", "10.0.2.20", null).ok();
        reserve(ns, "10.0.2.0/24", "10.0.2.1", "10.0.2.9", null).ok();
        assertEquals(List.of("10.0.2.1", "10.0.2.10", "10.0.2.20"),
                ranges(ns, "10.0.2.0/24").list("data.prefix.reservedRanges.first"));
        assertUsage(ns, "10.0.2.0/24", 256, 2, 234, 20);
        assertEquals("10.0.2.21", acquire(ns, "10.0.2.0/24").string("data.acquireIP.address"));
    }

    @Test
    void aRangeHoldingAcquiredAddressesIsRefusedNamingTheLowest() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.3.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.3.0/24", "address", "10.0.3.50", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.3.0/24", "address", "10.0.3.40", "namespace", ns).ok();
        Result refused = reserve(ns, "10.0.3.0/24", "10.0.3.30", "10.0.3.60", null);
        assertEquals("ALREADY_ALLOCATED", refused.errorCode());
        assertEquals("range 10.0.3.30..10.0.3.60 holds the acquired ip 10.0.3.40 in prefix 10.0.3.0/24",
                refused.errorMessage());
        assertEquals(List.of(), ranges(ns, "10.0.3.0/24").get("data.prefix.reservedRanges"));
        assertUsage(ns, "10.0.3.0/24", 256, 4, 252, 0);
        reserve(ns, "10.0.3.0/24", "10.0.3.41", "10.0.3.49", null).ok();
        assertUsage(ns, "10.0.3.0/24", 256, 4, 243, 9);
    }

    @Test
    void aPrefixHoldsReservedRangesOrChildPrefixesNeverBoth() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.1.0.0/16", "length", 24, "namespace", ns).ok();
        assertEquals("HAS_CHILDREN", reserve(ns, "10.1.0.0/16", "10.1.200.1", "10.1.200.9", null).errorCode());

        run("createPrefix", "cidr", "10.2.0.0/16", "namespace", ns).ok();
        reserve(ns, "10.2.0.0/16", "10.2.0.1", "10.2.0.9", null).ok();
        assertEquals("HAS_IPS", run("acquireChildPrefix", "parent", "10.2.0.0/16", "length", 24, "namespace", ns).errorCode());
        assertEquals("HAS_IPS", run("acquireSpecificChildPrefix", "parent", "10.2.0.0/16", "cidr", "10.2.128.0/24",
                "namespace", ns).errorCode());
        run("unreserveRange", "prefix", "10.2.0.0/16", "first", "10.2.0.1", "namespace", ns).ok();
        assertEquals("10.2.0.0/24", run("acquireChildPrefix", "parent", "10.2.0.0/16", "length", 24, "namespace", ns).ok()
                .string("data.acquireChildPrefix.cidr"));
    }

    @Test
    void unreservingARangeHandsItsAddressesBack() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.4.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.4.0/24", "10.0.4.1", "10.0.4.10", "dhcp").ok();
        reserve(ns, "10.0.4.0/24", "10.0.4.12", "10.0.4.12", null).ok();
        assertEquals("10.0.4.11", acquire(ns, "10.0.4.0/24").string("data.acquireIP.address"));
        run("releaseIP", "prefix", "10.0.4.0/24", "address", "10.0.4.11", "namespace", ns).ok();

        Result released = run("unreserveRange", "prefix", "10.0.4.0/24", "first", "10.0.4.1", "namespace", ns).ok();
        assertEquals(Map.of("first", "10.0.4.1", "last", "10.0.4.10", "size", BigInteger.TEN, "description", "dhcp"),
                released.get("data.unreserveRange"));
        assertEquals(List.of(List.of("10.0.4.1", "10.0.4.11"), List.of("10.0.4.13", "10.0.4.254")), freeRuns(ns, "10.0.4.0/24"));
        assertUsage(ns, "10.0.4.0/24", 256, 2, 253, 1);
        assertEquals("NOT_FOUND", run("unreserveRange", "prefix", "10.0.4.0/24", "first", "10.0.4.1", "namespace", ns)
                .errorCode());
        assertEquals("NOT_FOUND", run("unreserveRange", "prefix", "10.0.4.0/24", "first", "10.0.4.5", "namespace", ns)
                .errorCode());
        run("unreserveRange", "prefix", "10.0.4.0/24", "first", "10.0.4.12", "namespace", ns).ok();
        assertEquals(List.of(List.of("10.0.4.1", "10.0.4.254")), freeRuns(ns, "10.0.4.0/24"));
        assertEquals("10.0.4.1", acquire(ns, "10.0.4.0/24").string("data.acquireIP.address"));
    }

    @Test
    void aRangeOverTheEdgesCountsOnlyAddressesThatCouldBeHandedOut() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.5.0/29", "namespace", ns).ok();
        reserve(ns, "10.0.5.0/29", "10.0.5.0", "10.0.5.7", null).ok();
        assertUsage(ns, "10.0.5.0/29", 8, 2, 0, 6);
        assertEquals("NO_IP_AVAILABLE", acquire(ns, "10.0.5.0/29").errorCode());
        run("unreserveRange", "prefix", "10.0.5.0/29", "first", "10.0.5.0", "namespace", ns).ok();
        assertUsage(ns, "10.0.5.0/29", 8, 2, 6, 0);
        assertEquals(List.of(List.of("10.0.5.1", "10.0.5.6")), freeRuns(ns, "10.0.5.0/29"));

        run("createPrefixReserveEdges", "cidr", "10.0.6.0/29", "namespace", ns, "reserveEdges", false).ok();
        reserve(ns, "10.0.6.0/29", "10.0.6.0", "10.0.6.6", null).ok();
        assertUsage(ns, "10.0.6.0/29", 8, 0, 1, 7);
        assertEquals("10.0.6.7", acquire(ns, "10.0.6.0/29").string("data.acquireIP.address"));
    }

    @Test
    void ipv6RangesAreCountedExactlyBeyondALong() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        reserve(ns, "2001:db8::/64", "2001:db8::1", "2001:db8::ffff", null).ok();
        reserve(ns, "2001:db8::/64", "2001:db8::8000:0:0:0", "2001:db8::ffff:ffff:ffff:ffff", null).ok();
        BigInteger half = BigInteger.TWO.pow(63);
        assertEquals(half, ranges(ns, "2001:db8::/64").get("data.prefix.reservedRanges[1].size"));
        assertEquals(half.add(BigInteger.valueOf(65535)), ranges(ns, "2001:db8::/64").get("data.prefix.usage.reservedIPs"));
        assertEquals(half.subtract(BigInteger.valueOf(65536)), ranges(ns, "2001:db8::/64").get("data.prefix.usage.freeIPs"));
        assertEquals("2001:db8::1:0", acquire(ns, "2001:db8::/64").string("data.acquireIP.address"));
        assertEquals("ALREADY_ALLOCATED", run("acquireIP", "prefix", "2001:db8::/64", "address", "2001:db8::ffff:0:0:1",
                "namespace", ns).errorCode());

        run("unreserveRange", "prefix", "2001:db8::/64", "first", "2001:db8::8000:0:0:0", "namespace", ns).ok();
        assertEquals(BigInteger.valueOf(65535), ranges(ns, "2001:db8::/64").get("data.prefix.usage.reservedIPs"));
        assertEquals(List.of(List.of("2001:db8::1:1", "2001:db8::ffff:ffff:ffff:ffff")), freeRuns(ns, "2001:db8::/64"));
    }

    @Test
    void deletingAPrefixTakesItsRangesWithIt() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.7.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.7.0/24", "10.0.7.1", "10.0.7.3", null).ok();
        run("deletePrefix", "cidr", "10.0.7.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.0.7.0/24", "namespace", ns).ok();
        assertEquals(List.of(), ranges(ns, "10.0.7.0/24").get("data.prefix.reservedRanges"));
        assertEquals("10.0.7.1", acquire(ns, "10.0.7.0/24").string("data.acquireIP.address"));
    }

    @Test
    void badRangesAreInvalidArgumentsAndMissingOnesNotFound() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.8.0/24", "namespace", ns).ok();
        List<String> wrong = new ArrayList<>();
        for (List<String> range : List.of(List.of("10.0.8.9", "10.0.8.3"), List.of("10.0.7.255", "10.0.8.3"),
                List.of("10.0.8.3", "10.0.9.0"), List.of("2001:db8::1", "2001:db8::2"), List.of("10.0.8.1", "::ffff:10.0.8.2"),
                List.of("10.0.8.1", "10.0.8.2/32"), List.of("10.0.8.1", "x".repeat(100_000)), List.of("", "10.0.8.2"),
                List.of("10.0.8.300", "10.0.8.301"))) {
            Result answer = reserve(ns, "10.0.8.0/24", range.get(0), range.get(1), null);
            if (answer.errors().size() != 1 || !"INVALID_ARGUMENT".equals(answer.string("errors[0].extensions.code"))) {
                wrong.add(range.get(0).substring(0, Math.min(20, range.get(0).length())) + ".." + answer.body());
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals("INVALID_ARGUMENT", reserve(ns, "10.0.8.0/24", "10.0.8.1", "10.0.8.2", "d".repeat(100_000)).errorCode());
        assertEquals("INVALID_ARGUMENT", run("unreserveRange", "prefix", "10.0.8.0/24", "first", "10.0.9.1", "namespace", ns)
                .errorCode());
        assertEquals("INVALID_ARGUMENT", run("reserveRange", "prefix", "10.0.8.0/24", "first", "10.0.8.1", "last", "10.0.8.2",
                "namespace", "No Such").errorCode());
        assertEquals("NOT_FOUND", reserve(ns, "10.0.9.0/24", "10.0.9.1", "10.0.9.2", null).errorCode());
        assertEquals("NOT_FOUND", run("reserveRange", "prefix", "10.0.8.0/24", "first", "10.0.8.1", "last", "10.0.8.2",
                "namespace", "no-such-namespace").errorCode());
        assertEquals(List.of(), ranges(ns, "10.0.8.0/24").get("data.prefix.reservedRanges"));
        assertUsage(ns, "10.0.8.0/24", 256, 2, 254, 0);
    }

    @Test
    void everyRangeChangeHasItsAuditRecord() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.10.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.10.0/24", "10.0.10.1", "10.0.10.4", "gw").ok();
        run("unreserveRange", "prefix", "10.0.10.0/24", "first", "10.0.10.1", "namespace", ns).ok();
        reserve(ns, "10.0.10.0/24", "10.0.10.9", "10.0.10.1", null); // refused: no record
        Result log = run("auditLog", "namespace", ns).ok();
        List<String> operations = log.list("data.auditLog.edges.node.operation");
        List<String> arguments = log.list("data.auditLog.edges.node.arguments");
        assertEquals(List.of("createNamespace", "createPrefix", "reserveRange", "unreserveRange"),
                operations.stream().sorted().toList());
        assertTrue(arguments.contains("{\"prefix\":\"10.0.10.0/24\",\"first\":\"10.0.10.1\",\"last\":\"10.0.10.4\","
                + "\"description\":\"gw\"}"), arguments.toString());
        assertTrue(arguments.contains("{\"prefix\":\"10.0.10.0/24\",\"first\":\"10.0.10.1\"}"), arguments.toString());
    }

    static Result reserve(String ns, String prefix, String first, String last, String description) {
        return run("reserveRange", "prefix", prefix, "first", first, "last", last, "namespace", ns, "description", description);
    }

    static Result acquire(String ns, String prefix) {
        return run("acquireIP", "prefix", prefix, "namespace", ns);
    }

    /** The prefix's free runs as [first, last] pairs, every page. */
    static List<List<String>> freeRuns(String ns, String cidr) {
        Result page = ranges(ns, cidr);
        List<String> firsts = page.list("data.prefix.freeRanges.edges.node.first");
        List<String> lasts = page.list("data.prefix.freeRanges.edges.node.last");
        List<List<String>> runs = new ArrayList<>();
        for (int i = 0; i < firsts.size(); i++) {
            runs.add(List.of(firsts.get(i), lasts.get(i)));
        }
        return runs;
    }

    private static Map<String, Object> withoutTime(Map<String, Object> range) {
        Map<String, Object> copy = new java.util.HashMap<>(range);
        copy.remove("createdAt");
        return copy;
    }
}

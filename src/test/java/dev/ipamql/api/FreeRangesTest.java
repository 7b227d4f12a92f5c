package dev.ipamql.api;

import static dev.ipamql.api.ReservedRangeTest.freeRuns;
import static dev.ipamql.api.ReservedRangeTest.reserve;
import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Prefix.freeRanges: the runs acquireIP can still hand out, in address order, paged, without edges or reserved ranges. */
@QuarkusTest
class FreeRangesTest {

    @Test
    void aFreshPrefixIsOneRunWithoutItsReservedEdges() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefixReserveEdges", "cidr", "10.0.1.0/24", "namespace", ns, "reserveEdges", false).ok();
        run("createPrefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        assertEquals(List.of(List.of("10.0.0.1", "10.0.0.254")), freeRuns(ns, "10.0.0.0/24"));
        assertEquals(List.of(List.of("10.0.1.0", "10.0.1.255")), freeRuns(ns, "10.0.1.0/24"));
        assertEquals(List.of(List.of("2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff")), freeRuns(ns, "2001:db8::/64"));
        assertEquals(BigInteger.TWO.pow(64).subtract(BigInteger.ONE),
                ReserveEdgesTest.ranges(ns, "2001:db8::/64").get("data.prefix.freeRanges.edges[0].node.size"));
    }

    @Test
    void acquiredAddressesAndReservedRangesSplitTheRuns() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.2.0/27", "namespace", ns).ok();
        run("acquireIPs", "prefix", "10.0.2.0/27", "count", 3, "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.2.0/27", "address", "10.0.2.9", "namespace", ns).ok();
        reserve(ns, "10.0.2.0/27", "10.0.2.20", "10.0.2.24", null).ok();
        run("acquireIP", "prefix", "10.0.2.0/27", "address", "10.0.2.30", "namespace", ns).ok();
        assertEquals(List.of(List.of("10.0.2.4", "10.0.2.8"), List.of("10.0.2.10", "10.0.2.19"),
                List.of("10.0.2.25", "10.0.2.29")), freeRuns(ns, "10.0.2.0/27"));
        Result page = ReserveEdgesTest.ranges(ns, "10.0.2.0/27");
        assertEquals(List.of(BigInteger.valueOf(5), BigInteger.TEN, BigInteger.valueOf(5)),
                page.get("data.prefix.freeRanges.edges.node.size"));
        // the runs add up to freeIPs
        assertEquals(BigInteger.valueOf(20), page.get("data.prefix.usage.freeIPs"));
    }

    @Test
    void runsArePagedInAddressOrderWithCursors() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.3.0/26", "namespace", ns).ok();
        for (int i = 2; i < 64; i += 6) {
            run("acquireIP", "prefix", "10.0.3.0/26", "address", "10.0.3." + i, "namespace", ns).ok();
        }
        List<String> firsts = new ArrayList<>();
        String after = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            Result page = run("prefixRanges", "cidr", "10.0.3.0/26", "namespace", ns, "first", 4, "after", after).ok();
            List<String> onPage = page.list("data.prefix.freeRanges.edges.node.first");
            firsts.addAll(onPage);
            more = page.get("data.prefix.freeRanges.pageInfo.hasNextPage");
            after = page.string("data.prefix.freeRanges.pageInfo.endCursor");
            assertEquals(page.list("data.prefix.freeRanges.edges.cursor").get(onPage.size() - 1), after);
            pages++;
        }
        // 11 acquired addresses .2, .8, ..., .62 leave 12 runs: .1, .3-.7, ..., .57-.61, .63 is the broadcast
        List<String> expected = new ArrayList<>(List.of("10.0.3.1"));
        for (int i = 3; i < 62; i += 6) {
            expected.add("10.0.3." + i);
        }
        assertEquals(expected, firsts);
        assertEquals(3, pages);
        Result empty = run("prefixRanges", "cidr", "10.0.3.0/26", "namespace", ns, "first", 0).ok();
        assertEquals(List.of(), empty.get("data.prefix.freeRanges.edges"));
        assertEquals(true, empty.get("data.prefix.freeRanges.pageInfo.hasNextPage"));
    }

    @Test
    void aPrefixWithChildrenOrNoFreeAddressHasNoRun() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.1.0.0/16", "length", 31, "namespace", ns).ok();
        assertEquals(List.of(), freeRuns(ns, "10.1.0.0/16"));
        assertEquals(List.of(List.of("10.1.0.0", "10.1.0.1")), freeRuns(ns, "10.1.0.0/31"));
        run("acquireIPs", "prefix", "10.1.0.0/31", "count", 2, "namespace", ns).ok();
        assertEquals(List.of(), freeRuns(ns, "10.1.0.0/31"));
        assertEquals(false, ReserveEdgesTest.ranges(ns, "10.1.0.0/31").get("data.prefix.freeRanges.pageInfo.hasNextPage"));
    }

    @Test
    void badPageArgumentsAreInvalidArguments() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.4.0/24", "namespace", ns).ok();
        for (Object[] arguments : List.of(new Object[] {"first", -1}, new Object[] {"first", 100_000},
                new Object[] {"after", "not a cursor"}, new Object[] {"after", "x".repeat(100_000)},
                new Object[] {"after", java.util.Base64.getUrlEncoder().encodeToString("prefix:10.0.0.0/8".getBytes())})) {
            Result answer = run("prefixRanges", "cidr", "10.0.4.0/24", "namespace", ns, (String) arguments[0], arguments[1]);
            assertEquals("INVALID_ARGUMENT", answer.errorCode(), arguments[0] + ": " + answer.body());
        }
    }
}

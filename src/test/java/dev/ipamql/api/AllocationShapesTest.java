package dev.ipamql.api;

import static dev.ipamql.api.ReserveEdgesTest.assertUsage;
import static dev.ipamql.api.ReservedRangeTest.freeRuns;
import static dev.ipamql.api.ReservedRangeTest.reserve;
import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools, strategies, reserved ranges and reserveEdges used together, as no one of them is tested alone. */
@QuarkusTest
class AllocationShapesTest {

    @Test
    void highestTakesTheHighestFreeAddressBelowAReservedRangeAtTheTop() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        reserve(ns, "10.0.0.0/24", "10.0.0.200", "10.0.0.254", null).ok();
        run("createPrefixReserveEdges", "cidr", "10.0.1.0/29", "namespace", ns, "reserveEdges", false).ok();
        reserve(ns, "10.0.1.0/29", "10.0.1.6", "10.0.1.7", null).ok();

        assertEquals(List.of("10.0.0.199", "10.0.0.198"), List.of(highest(ns, "10.0.0.0/24"), highest(ns, "10.0.0.0/24")));
        assertEquals("10.0.1.5", highest(ns, "10.0.1.0/29"));
        assertUsage(ns, "10.0.0.0/24", 256, 4, 197, 55);
    }

    @Test
    void aPoolPassesOverAMemberWhoseFreeAddressesAreAllReserved() {
        String ns = Namespaces.fresh();
        labelled(ns, "10.1.0.0/29", "edge");
        labelled(ns, "10.1.1.0/29", "edge");
        reserve(ns, "10.1.0.0/29", "10.1.0.1", "10.1.0.6", "dhcp").ok();
        run("createPool", "name", "edge", "kind", "IP", "selector", "pool=edge", "namespace", ns).ok();

        assertEquals(List.of("10.1.1.1", "10.1.1.6"), List.of(fromPool(ns, "edge", "LOWEST"), fromPool(ns, "edge", "HIGHEST")));
        assertEquals(BigInteger.ZERO, run("prefix", "cidr", "10.1.0.0/29", "namespace", ns).ok()
                .get("data.prefix.ips.totalCount"));
    }

    @Test
    void aChildPrefixPoolPassesOverAMemberHoldingReservedRanges() {
        String ns = Namespaces.fresh();
        labelled(ns, "10.2.0.0/24", "kids");
        labelled(ns, "10.2.1.0/24", "kids");
        reserve(ns, "10.2.0.0/24", "10.2.0.1", "10.2.0.1", "gateway").ok();
        run("createPool", "name", "kids", "kind", "CHILD_PREFIX", "selector", "pool=kids", "namespace", ns).ok();

        Result child = run("acquireChildPrefixWithStrategy", "pool", "kids", "length", 26, "namespace", ns).ok();

        assertEquals(List.of("10.2.1.0/26", "10.2.1.0/24"), List.of(child.string("data.acquireChildPrefix.cidr"),
                child.string("data.acquireChildPrefix.parentCidr")));
        assertEquals(List.of("10.2.1.0/24"), run("pool", "name", "kids", "namespace", ns).ok()
                .list("data.pool.members.edges.node.cidr"));
    }

    @Test
    void acquireChildPrefixesFromAPoolTakesAllFromTheFirstMemberWithRoomForAll() {
        String ns = Namespaces.fresh();
        labelled(ns, "10.3.0.0/26", "racks");
        labelled(ns, "10.3.1.0/25", "racks");
        run("createPool", "name", "racks", "kind", "CHILD_PREFIX", "selector", "pool=racks", "namespace", ns).ok();

        Result three = run("acquireChildPrefixes", "pool", "racks", "length", 27, "count", 3, "namespace", ns).ok();
        Result two = run("acquireChildPrefixes", "pool", "racks", "length", 27, "count", 2, "strategy", "HIGHEST",
                "namespace", ns).ok();
        Result tooMany = run("acquireChildPrefixes", "pool", "racks", "length", 27, "count", 3, "namespace", ns);

        assertEquals(List.of("10.3.1.0/27", "10.3.1.32/27", "10.3.1.64/27"), three.list("data.acquireChildPrefixes.cidr"));
        assertEquals(List.of("10.3.1.0/25", "10.3.1.0/25", "10.3.1.0/25"), three.list("data.acquireChildPrefixes.parentCidr"));
        assertEquals(List.of("10.3.0.32/27", "10.3.0.0/27"), two.list("data.acquireChildPrefixes.cidr"));
        assertEquals("NO_PREFIX_AVAILABLE", tooMany.errorCode());
        assertEquals(List.of("10.3.1.96/27"), run("prefix", "cidr", "10.3.1.0/25", "namespace", ns).ok()
                .list("data.prefix.usage.availablePrefixes"));
    }

    @Test
    void freeRangesOfAPoolMemberShowWhatHighestDrawsLeft() {
        String ns = Namespaces.fresh();
        labelled(ns, "10.4.0.0/28", "top");
        labelled(ns, "10.4.1.0/28", "top");
        reserve(ns, "10.4.0.0/28", "10.4.0.10", "10.4.0.12", null).ok();
        run("createPool", "name", "top", "kind", "IP", "selector", "pool=top", "namespace", ns).ok();

        List<String> drawn = List.of(fromPool(ns, "top", "HIGHEST"), fromPool(ns, "top", "HIGHEST"),
                fromPool(ns, "top", "HIGHEST"));

        assertEquals(List.of("10.4.0.14", "10.4.0.13", "10.4.0.9"), drawn);
        assertEquals(List.of(List.of("10.4.0.1", "10.4.0.8")), freeRuns(ns, "10.4.0.0/28"));
        assertEquals(List.of(List.of("10.4.1.1", "10.4.1.14")), freeRuns(ns, "10.4.1.0/28"));
    }

    @Test
    void aClaimedPoolDrawRetriedByRequestIdAnswersTheSameAddressOnce() {
        String ns = Namespaces.fresh();
        labelled(ns, "10.5.0.0/29", "vms");
        labelled(ns, "10.5.1.0/29", "vms");
        run("createPool", "name", "vms", "kind", "IP", "selector", "pool=vms", "namespace", ns).ok();

        Result first = claimed(ns, "vm-1", "r-1", "HIGHEST").ok();
        Result retried = claimed(ns, "vm-1", "r-1", "HIGHEST").ok();
        Result otherClaim = claimed(ns, "vm-2", "r-1", "HIGHEST");
        Result sameClaim = claimed(ns, "vm-1", "r-2", "LOWEST").ok();

        assertEquals(Map.of("address", "10.5.0.6", "namespace", ns, "prefixCidr", "10.5.0.0/29", "claim", "vm-1"),
                withoutDescription(first.get("data.acquireIP")));
        assertEquals(first.body(), retried.body());
        assertEquals("INVALID_ARGUMENT", otherClaim.errorCode());
        assertEquals("10.5.0.6", sameClaim.string("data.acquireIP.address"));
        assertEquals(List.of("10.5.0.6"), run("prefix", "cidr", "10.5.0.0/29", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
        assertEquals("10.5.0.5", claimed(ns, "vm-2", "r-3", "HIGHEST").ok().string("data.acquireIP.address"));
    }

    @Test
    void exportAndImportOfPoolsRangesAndUnreservedEdgesRoundTripExactly() {
        String ns = Namespaces.fresh();
        run("createPrefixReserveEdges", "cidr", "10.6.0.0/29", "namespace", ns, "reserveEdges", false).ok();
        run("updatePrefix", "cidr", "10.6.0.0/29", "namespace", ns, "setLabels", List.of(label("pool", "p"))).ok();
        labelled(ns, "10.6.1.0/28", "p");
        reserve(ns, "10.6.0.0/29", "10.6.0.1", "10.6.0.3", "switches").ok();
        reserve(ns, "10.6.1.0/28", "10.6.1.8", "10.6.1.14", null).ok();
        run("createPool", "name", "p", "kind", "IP", "selector", "pool=p", "namespace", ns, "description", "edge").ok();
        run("createPool", "name", "q", "kind", "CHILD_PREFIX", "selector", "pool=q", "namespace", ns).ok();
        assertEquals("10.6.0.7", fromPool(ns, "p", "HIGHEST"));

        String exported = run("exportNamespace", "name", ns).ok().string("data.exportNamespace");
        String copy = Namespaces.fresh();
        run("importNamespace", "name", copy, "data", exported).ok();
        String again = run("exportNamespace", "name", copy).ok().string("data.exportNamespace");

        assertEquals(comparable(exported), comparable(again));
        assertEquals(List.of("p", "q"), run("pools", "namespace", copy).ok().list("data.pools.name"));
        for (String cidr : List.of("10.6.0.0/29", "10.6.1.0/28")) {
            assertEquals(ReserveEdgesTest.ranges(ns, cidr).body(), ReserveEdgesTest.ranges(copy, cidr).body(), cidr);
        }
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            drawn.add(fromPool(copy, "p", "HIGHEST"));
        }
        assertEquals(List.of("10.6.0.6", "10.6.0.5", "10.6.0.4", "10.6.0.0", "10.6.1.7"), drawn);
    }

    private static String highest(String ns, String prefix) {
        return run("acquireIPWithStrategy", "prefix", prefix, "strategy", "HIGHEST", "namespace", ns).ok()
                .string("data.acquireIP.address");
    }

    private static String fromPool(String ns, String pool, String strategy) {
        return run("acquireIPWithStrategy", "pool", pool, "strategy", strategy, "namespace", ns).ok()
                .string("data.acquireIP.address");
    }

    private static Result claimed(String ns, String claim, String requestId, String strategy) {
        return run("acquireIPWithStrategy", "pool", "vms", "claim", claim, "requestId", requestId, "strategy", strategy,
                "namespace", ns);
    }

    private static void labelled(String ns, String cidr, String pool) {
        run("createLabelledPrefix", "cidr", cidr, "namespace", ns, "labels", List.of(label("pool", pool))).ok();
    }

    private static Map<String, String> label(String key, String value) {
        return Map.of("key", key, "value", value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutDescription(Object acquired) {
        Map<String, Object> fields = new java.util.TreeMap<>((Map<String, Object>) acquired);
        fields.remove("description");
        return fields;
    }

    /** The document without what differs between two namespaces by nature: their name and creation time. */
    private static String comparable(String document) {
        JsonObject json = new JsonObject(document);
        json.remove("namespace");
        json.remove("createdAt");
        return json.encode();
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools: named selectors over a namespace's prefixes that acquireIP and acquireChildPrefix(es) draw from. */
@QuarkusTest
class PoolTest {

    @Test
    void aPoolIsCreatedListedUpdatedAndDeleted() {
        String ns = Namespaces.fresh();
        Result created = run("createPool", "name", "web", "kind", "IP", "selector", "tier in (web, edge), !retired",
                "namespace", ns, "description", "web servers", "labels", List.of(label("team", "net"))).ok();

        assertEquals("tier in (edge,web),!retired", created.string("data.createPool.selector"));
        assertEquals("IP", created.string("data.createPool.kind"));
        assertEquals("1", created.string("data.createPool.version"));
        run("createPool", "name", "racks", "kind", "CHILD_PREFIX", "selector", "", "namespace", ns).ok();
        assertEquals(List.of("racks", "web"), run("pools", "namespace", ns).ok().list("data.pools.name"));

        Result updated = run("updatePool", "name", "web", "namespace", ns, "selector", "tier=web", "ifVersion", 1).ok();
        assertEquals("tier=web", updated.string("data.updatePool.selector"));
        assertEquals("web servers", updated.string("data.updatePool.description"));
        assertEquals("2", updated.string("data.updatePool.version"));
        Result stale = run("updatePool", "name", "web", "namespace", ns, "description", "x", "ifVersion", 1);
        assertEquals("VERSION_CONFLICT", stale.errorCode());
        assertEquals("2", run("updatePool", "name", "web", "namespace", ns, "selector", "tier=web").ok()
                .string("data.updatePool.version"));

        assertEquals("web", run("deletePool", "name", "web", "namespace", ns).ok().string("data.deletePool.name"));
        assertNull(run("pool", "name", "web", "namespace", ns).ok().string("data.pool"));
        assertEquals("NOT_FOUND", run("deletePool", "name", "web", "namespace", ns).errorCode());
    }

    @Test
    void poolNamesFollowTheNamespaceRuleAndAreUniquePerNamespace() {
        String ns = Namespaces.fresh();
        run("createPool", "name", "web", "kind", "IP", "selector", "a=b", "namespace", ns).ok();

        Result twice = run("createPool", "name", "web", "kind", "CHILD_PREFIX", "selector", "", "namespace", ns);
        assertEquals("ALREADY_EXISTS", twice.errorCode());
        assertEquals("pool web already exists in namespace " + ns, twice.errorMessage());
        Result badName = run("createPool", "name", "Web", "kind", "IP", "selector", "", "namespace", ns);
        assertEquals("invalid pool name 'Web': use 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit",
                badName.errorMessage());
        assertEquals("INVALID_ARGUMENT", run("createPool", "name", "x", "kind", "IP", "selector", "a in (", "namespace", ns)
                .errorCode());
        assertEquals("NOT_FOUND", run("createPool", "name", "x", "kind", "IP", "selector", "", "namespace", "no-such-ns")
                .errorCode());
    }

    @Test
    void anIpPoolHandsOutFromItsMembersInAddressOrderAndNamesItselfWhenFull() throws Exception {
        String ns = Namespaces.fresh();
        prefix(ns, "10.0.1.0/30", "pool", "a");
        prefix(ns, "10.0.0.0/30", "pool", "a");
        prefix(ns, "10.0.2.0/30", "pool", "b");
        prefix(ns, "10.0.3.0/29", "pool", "a");
        // a prefix with child prefixes is no member of an IP pool
        run("acquireChildPrefix", "parent", "10.0.3.0/29", "length", 30, "namespace", ns).ok();
        run("createPool", "name", "web", "kind", "IP", "selector", "pool=a", "namespace", ns).ok();

        assertEquals(List.of("10.0.0.0/30", "10.0.1.0/30"), members(ns, "web"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.1.1", "10.0.1.2"),
                List.of(ip(ns, "web"), ip(ns, "web"), ip(ns, "web"), ip(ns, "web")));
        Result full = run("acquireIPWithStrategy", "pool", "web", "namespace", ns);
        assertEquals("NO_IP_AVAILABLE", full.errorCode());
        assertEquals("no more ips in pool: web left", full.errorMessage());

        // a prefix labelled later joins at once
        run("updatePrefix", "cidr", "10.0.2.0/30", "namespace", ns, "setLabels", List.of(label("pool", "a"))).ok();
        Result taken = run("acquireIPWithStrategy", "pool", "web", "strategy", "HIGHEST", "namespace", ns).ok();
        assertEquals("10.0.2.2", taken.string("data.acquireIP.address"));
        assertEquals("10.0.2.0/30", taken.string("data.acquireIP.prefixCidr"));

        Result pool = run("pool", "name", "web", "namespace", ns).ok();
        assertEquals("3", pool.string("data.pool.members.totalCount"));
        assertEquals("12", pool.string("data.pool.usage.size"));
        assertEquals("11", pool.string("data.pool.usage.acquiredIPs"));
        assertEquals("1", pool.string("data.pool.usage.freeIPs"));
        Consistency.assertHolds();
    }

    @Test
    void manyAddressesComeFromTheFirstMemberWithRoomForAllOfThem() throws Exception {
        String ns = Namespaces.fresh();
        prefix(ns, "10.0.0.0/30", "pool", "a");
        prefix(ns, "10.0.1.0/29", "pool", "a");
        run("createPool", "name", "web", "kind", "IP", "selector", "pool", "namespace", ns).ok();

        List<String> taken = run("acquireIPsWithStrategy", "pool", "web", "count", 3, "namespace", ns).ok()
                .list("data.acquireIPs.address");

        assertEquals(List.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), taken);
        Result tooMany = run("acquireIPsWithStrategy", "pool", "web", "count", 4, "namespace", ns);
        assertEquals("NO_IP_AVAILABLE", tooMany.errorCode());
        assertEquals("no member of pool web has 4 free addresses; none were acquired", tooMany.errorMessage());
        assertEquals("10.0.0.1", ip(ns, "web"));
        Consistency.assertHolds();
    }

    @Test
    void aClaimAnswersItsAddressInThePoolAndRefusesOneElsewhere() {
        String ns = Namespaces.fresh();
        prefix(ns, "10.0.0.0/29", "pool", "a");
        prefix(ns, "10.0.1.0/29", "pool", "b");
        run("createPool", "name", "a", "kind", "IP", "selector", "pool=a", "namespace", ns).ok();
        run("createPool", "name", "b", "kind", "IP", "selector", "pool=b", "namespace", ns).ok();

        String first = claimed(ns, "a", "vm-1").string("data.acquireIP.address");
        String again = claimed(ns, "a", "vm-1").string("data.acquireIP.address");
        Result elsewhere = run("acquireIPWithStrategy", "pool", "b", "claim", "vm-1", "namespace", ns);

        assertEquals("10.0.0.1", first);
        assertEquals(first, again);
        assertEquals("ALREADY_EXISTS", elsewhere.errorCode());
        assertEquals("claim vm-1 already holds 10.0.0.1 in prefix 10.0.0.0/29, which is not a member of pool b",
                elsewhere.errorMessage());
        assertEquals("10.0.0.2", ip(ns, "a"));
    }

    @Test
    void aRequestIdAnswersTheFirstAddressAgain() {
        String ns = Namespaces.fresh();
        prefix(ns, "10.0.0.0/29", "pool", "a");
        run("createPool", "name", "a", "kind", "IP", "selector", "pool=a", "namespace", ns).ok();

        String first = run("acquireIPWithStrategy", "pool", "a", "requestId", "r-1", "namespace", ns).ok()
                .string("data.acquireIP.address");
        String again = run("acquireIPWithStrategy", "pool", "a", "requestId", "r-1", "namespace", ns).ok()
                .string("data.acquireIP.address");

        assertEquals("10.0.0.1", first);
        assertEquals(first, again);
        assertEquals("10.0.0.2", ip(ns, "a"));
    }

    @Test
    void exactlyOneOfPrefixAndPoolIsGiven() {
        String ns = Namespaces.fresh();
        prefix(ns, "10.0.0.0/29", "pool", "a");
        run("createPool", "name", "a", "kind", "IP", "selector", "pool=a", "namespace", ns).ok();
        run("createPool", "name", "c", "kind", "CHILD_PREFIX", "selector", "pool=a", "namespace", ns).ok();

        Result neither = run("acquireIPWithStrategy", "namespace", ns);
        Result both = run("acquireIPWithStrategy", "prefix", "10.0.0.0/29", "pool", "a", "namespace", ns);
        Result bothParents = run("acquireChildPrefixes", "parent", "10.0.0.0/29", "pool", "c", "length", 30, "count", 1,
                "namespace", ns);

        assertEquals("give exactly one of prefix and pool, not neither", neither.errorMessage());
        assertEquals("give exactly one of prefix and pool, not both", both.errorMessage());
        assertEquals("give exactly one of parent and pool, not both", bothParents.errorMessage());
        assertEquals("pool c hands out child prefixes, not IPs",
                run("acquireIPWithStrategy", "pool", "c", "namespace", ns).errorMessage());
        assertEquals("pool nope not found in namespace " + ns,
                run("acquireIPWithStrategy", "pool", "nope", "namespace", ns).errorMessage());
        assertEquals("address: a pool hands out the address its strategy picks; acquire a given address from its prefix",
                run("acquireIPWithStrategy", "pool", "a", "address", "10.0.0.3", "namespace", ns).errorMessage());
    }

    @Test
    void aChildPrefixPoolCarvesFromTheFirstMemberWithAFittingBlock() throws Exception {
        String ns = Namespaces.fresh();
        prefix(ns, "10.1.0.0/24", "tier", "x");
        prefix(ns, "10.2.0.0/24", "tier", "x");
        prefix(ns, "10.3.0.0/16", "tier", "x");
        // a prefix with acquired addresses is no member of a child-prefix pool
        run("acquireIP", "prefix", "10.2.0.0/24", "namespace", ns).ok();
        run("createPool", "name", "racks", "kind", "CHILD_PREFIX", "selector", "tier=x", "namespace", ns).ok();

        assertEquals(List.of("10.1.0.0/24", "10.3.0.0/16"), members(ns, "racks"));
        assertEquals("10.1.0.0/25", child(ns, "racks", 25, "BEST_FIT"));
        assertEquals("10.1.0.128/25", child(ns, "racks", 25, "BEST_FIT"));
        assertEquals("10.3.255.128/25", child(ns, "racks", 25, "HIGHEST"));
        assertEquals("10.3.254.0/24", child(ns, "racks", 24, "BEST_FIT"));
        List<String> many = run("acquireChildPrefixes", "pool", "racks", "length", 26, "count", 3, "namespace", ns).ok()
                .list("data.acquireChildPrefixes.cidr");
        assertEquals(List.of("10.3.255.0/26", "10.3.255.64/26", "10.3.252.0/26"), many);
        Result none = run("acquireChildPrefixWithStrategy", "pool", "racks", "length", 15, "namespace", ns);
        assertEquals("NO_PREFIX_AVAILABLE", none.errorCode());
        assertEquals("no prefix found in pool racks with length:15", none.errorMessage());
        assertEquals("7", run("pool", "name", "racks", "namespace", ns).ok().string("data.pool.usage.acquiredPrefixes"));
        Consistency.assertHolds();
    }

    private static void prefix(String ns, String cidr, String key, String value) {
        run("createLabelledPrefix", "cidr", cidr, "namespace", ns, "labels", List.of(label(key, value))).ok();
    }

    private static Map<String, String> label(String key, String value) {
        return Map.of("key", key, "value", value);
    }

    private static List<String> members(String ns, String pool) {
        return run("pool", "name", pool, "namespace", ns).ok().list("data.pool.members.edges.node.cidr");
    }

    private static String ip(String ns, String pool) {
        return run("acquireIPWithStrategy", "pool", pool, "namespace", ns).ok().string("data.acquireIP.address");
    }

    private static Result claimed(String ns, String pool, String claim) {
        return run("acquireIPWithStrategy", "pool", pool, "claim", claim, "namespace", ns).ok();
    }

    private static String child(String ns, String pool, int length, String strategy) {
        return run("acquireChildPrefixWithStrategy", "pool", pool, "length", length, "strategy", strategy,
                "namespace", ns).ok().string("data.acquireChildPrefix.cidr");
    }
}

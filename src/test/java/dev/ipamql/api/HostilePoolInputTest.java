package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile values for every argument that pools, strategies and acquireChildPrefixes add: each is INVALID_ARGUMENT
 * and nothing is allocated, created or changed.
 */
@QuarkusTest
class HostilePoolInputTest {

    static List<String> hostileNames() {
        return List.of("", "Web", "-web", "web_1", "w".repeat(64), "web\u0000", "web ", " web", "wé", "web\n",
                "../web", "web;drop", "x".repeat(10_000));
    }

    @Test
    void hostilePoolNamesAreRefusedByEveryOperationThatTakesOne() {
        String ns = fixture();
        List<String> wrong = new ArrayList<>();
        for (String name : hostileNames()) {
            String what = "pool name '" + (name.length() > 20 ? name.substring(0, 20) + "..." : name) + "'";
            expectInvalid(wrong, what + " on createPool", run("createPool", "name", name, "kind", "IP", "selector", "",
                    "namespace", ns));
            expectInvalid(wrong, what + " on updatePool", run("updatePool", "name", name, "namespace", ns,
                    "description", "x"));
            expectInvalid(wrong, what + " on deletePool", run("deletePool", "name", name, "namespace", ns));
            expectInvalid(wrong, what + " on pool", run("pool", "name", name, "namespace", ns));
            expectInvalid(wrong, what + " on acquireIP", run("acquireIPWithStrategy", "pool", name, "namespace", ns));
            expectInvalid(wrong, what + " on acquireIPs", run("acquireIPsWithStrategy", "pool", name, "count", 1,
                    "namespace", ns));
            expectInvalid(wrong, what + " on acquireChildPrefix", run("acquireChildPrefixWithStrategy", "pool", name,
                    "length", 28, "namespace", ns));
            expectInvalid(wrong, what + " on acquireChildPrefixes", run("acquireChildPrefixes", "pool", name,
                    "length", 28, "count", 1, "namespace", ns));
        }
        assertEquals(List.of(), wrong);
        unchanged(ns);
    }

    @Test
    void hostileSelectorsAndKindsAreRefusedByThePoolMutations() {
        String ns = fixture();
        List<String> wrong = new ArrayList<>();
        for (String selector : HostileMetadataTest.hostileSelectors()) {
            String what = "selector " + (selector.length() > 30 ? selector.substring(0, 30) + "..." : selector);
            expectInvalid(wrong, what + " on createPool", run("createPool", "name", "fresh", "kind", "IP",
                    "selector", selector, "namespace", ns));
            expectInvalid(wrong, what + " on updatePool", run("updatePool", "name", "ips", "namespace", ns,
                    "selector", selector));
        }
        for (Object kind : List.of("ADDRESS", "ip", "", 1, "IP ", "CHILD_PREFIXES")) {
            expectInvalid(wrong, "kind " + kind, run("createPool", "name", "fresh", "kind", kind, "selector", "",
                    "namespace", ns));
        }
        HostileMetadataTest.hostileLabelSets().forEach((what, labels) -> {
            expectInvalid(wrong, what + " on createPool", run("createPool", "name", "fresh", "kind", "IP",
                    "selector", "", "namespace", ns, "labels", labels));
            expectInvalid(wrong, what + " on updatePool", run("updatePool", "name", "ips", "namespace", ns,
                    "labels", labels));
        });
        expectInvalid(wrong, "a NUL in a description", run("createPool", "name", "fresh", "kind", "IP", "selector", "",
                "namespace", ns, "description", "a\u0000b"));
        expectInvalid(wrong, "a 100 kB description", run("updatePool", "name", "ips", "namespace", ns,
                "description", "d".repeat(100_000)));
        expectInvalid(wrong, "a bad namespace", run("createPool", "name", "fresh", "kind", "IP", "selector", "",
                "namespace", "Bad_NS"));
        assertEquals(List.of(), wrong);
        unchanged(ns);
    }

    @Test
    void hostileStrategiesCountsLengthsAndSourcesAreRefusedByTheAcquisitions() {
        String ns = fixture();
        List<String> wrong = new ArrayList<>();
        for (Object strategy : List.of("lowest", "BEST_FIT", "", "HIGHEST ", 0, "RANDOM")) {
            expectInvalid(wrong, "IP strategy " + strategy, run("acquireIPWithStrategy", "prefix", "10.0.0.0/24",
                    "strategy", strategy, "namespace", ns));
            expectInvalid(wrong, "IP strategy " + strategy + " on acquireIPs", run("acquireIPsWithStrategy",
                    "prefix", "10.0.0.0/24", "count", 1, "strategy", strategy, "namespace", ns));
        }
        for (Object strategy : List.of("best_fit", "BESTFIT", "", "LOWEST ", 1, "SMALLEST")) {
            expectInvalid(wrong, "child strategy " + strategy, run("acquireChildPrefixWithStrategy",
                    "parent", "10.1.0.0/16", "length", 24, "strategy", strategy, "namespace", ns));
            expectInvalid(wrong, "child strategy " + strategy + " on acquireChildPrefixes", run("acquireChildPrefixes",
                    "parent", "10.1.0.0/16", "length", 24, "count", 1, "strategy", strategy, "namespace", ns));
        }
        for (Object count : List.of(0, -1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE, "1", 1.5, 4294967297L)) {
            expectInvalid(wrong, "count " + count, run("acquireChildPrefixes", "parent", "10.1.0.0/16", "length", 24,
                    "count", count, "namespace", ns));
            expectInvalid(wrong, "count " + count + " from a pool", run("acquireChildPrefixes", "pool", "children",
                    "length", 24, "count", count, "namespace", ns));
        }
        for (Object length : List.of(0, -1, 16, 33, 129, Integer.MIN_VALUE, "24")) {
            expectInvalid(wrong, "length " + length, run("acquireChildPrefixes", "parent", "10.1.0.0/16",
                    "length", length, "count", 1, "namespace", ns));
        }
        for (Object length : List.of(0, -1, 129, Integer.MAX_VALUE)) {
            expectInvalid(wrong, "length " + length + " from a pool", run("acquireChildPrefixWithStrategy",
                    "pool", "children", "length", length, "namespace", ns));
        }
        // neither or both of prefix/parent and pool, an address with a pool, a pool of the other kind
        expectInvalid(wrong, "neither prefix nor pool", run("acquireIPWithStrategy", "namespace", ns));
        expectInvalid(wrong, "both prefix and pool", run("acquireIPsWithStrategy", "prefix", "10.0.0.0/24",
                "pool", "ips", "count", 1, "namespace", ns));
        expectInvalid(wrong, "neither parent nor pool", run("acquireChildPrefixWithStrategy", "length", 24,
                "namespace", ns));
        expectInvalid(wrong, "both parent and pool", run("acquireChildPrefixes", "parent", "10.1.0.0/16",
                "pool", "children", "length", 24, "count", 1, "namespace", ns));
        expectInvalid(wrong, "an address with a pool", run("acquireIPWithStrategy", "pool", "ips",
                "address", "10.0.0.9", "namespace", ns));
        expectInvalid(wrong, "an IP from a child-prefix pool", run("acquireIPWithStrategy", "pool", "children",
                "namespace", ns));
        expectInvalid(wrong, "children from an IP pool", run("acquireChildPrefixes", "pool", "ips", "length", 24,
                "count", 1, "namespace", ns));
        assertEquals(List.of(), wrong);
        unchanged(ns);
    }

    /** A namespace with a prefix for IPs, one for children, and a pool of each kind over them. */
    private static String fixture() {
        String ns = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.0.0.0/24", "namespace", ns,
                "labels", List.of(Map.of("key", "use", "value", "ips"))).ok();
        run("createLabelledPrefix", "cidr", "10.1.0.0/16", "namespace", ns,
                "labels", List.of(Map.of("key", "use", "value", "children"))).ok();
        run("createPool", "name", "ips", "kind", "IP", "selector", "use=ips", "namespace", ns).ok();
        run("createPool", "name", "children", "kind", "CHILD_PREFIX", "selector", "use=children", "namespace", ns).ok();
        return ns;
    }

    private static void unchanged(String ns) {
        assertEquals(BigInteger.ZERO, run("ips", "namespace", ns).ok().get("data.ips.totalCount"));
        assertEquals(BigInteger.TWO, run("prefixes", "namespace", ns).ok().get("data.prefixes.totalCount"));
        assertEquals(List.of("children", "ips"), run("pools", "namespace", ns).ok().list("data.pools.name"));
        assertEquals(List.of("use=children", "use=ips"), run("pools", "namespace", ns).ok().list("data.pools.selector"));
        assertEquals(List.of(BigInteger.ONE, BigInteger.ONE), run("pools", "namespace", ns).ok().json()
                .getList("data.pools.version"));
    }

    private static void expectInvalid(List<String> wrong, String what, GraphQL.Result result) {
        if (result.errors().size() != 1 || !"INVALID_ARGUMENT".equals(result.string("errors[0].extensions.code"))) {
            wrong.add(what + ": " + (result.body().length() > 300 ? result.body().substring(0, 300) : result.body()));
        }
    }
}

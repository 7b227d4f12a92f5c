package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile values for every metadata argument: each is INVALID_ARGUMENT and nothing is stored or changed.
 */
@QuarkusTest
class HostileMetadataTest {

    /** Label sets that must be refused, each with what it tries. */
    static Map<String, List<Map<String, String>>> hostileLabelSets() {
        List<Map<String, String>> tooMany = IntStream.range(0, 65).mapToObj(i -> Map.of("key", "k" + i, "value", "v"))
                .collect(Collectors.toList());
        return Map.ofEntries(
                Map.entry("a 64-character key name", List.of(Map.of("key", "k".repeat(64), "value", "v"))),
                Map.entry("a 254-character key prefix", List.of(Map.of("key", "a".repeat(254) + "/k", "value", "v"))),
                Map.entry("a 64-character value", List.of(Map.of("key", "k", "value", "v".repeat(64)))),
                Map.entry("65 labels", tooMany),
                Map.entry("a NUL in a key", List.of(Map.of("key", "a\u0000b", "value", "v"))),
                Map.entry("a newline in a value", List.of(Map.of("key", "k", "value", "a\nb"))),
                Map.entry("an empty key", List.of(Map.of("key", "", "value", "v"))),
                Map.entry("a key given twice", List.of(Map.of("key", "k", "value", "a"), Map.of("key", "k", "value", "b"))),
                Map.entry("a 10 kB value", List.of(Map.of("key", "k", "value", "v".repeat(10_000)))));
    }

    static List<String> hostileSelectors() {
        String hugeIn = "k in (" + IntStream.range(0, 65).mapToObj(i -> "v" + i).collect(Collectors.joining(",")) + ")";
        return List.of("k in (a,b", "k notin ()", "=v", "k=v=w", "k!v", "!", "k,,j", "k\u0000=v", "k in a", hugeIn,
                "k".repeat(64) + "=v", "k=" + "v".repeat(64), "x".repeat(5000),
                IntStream.range(0, 33).mapToObj(i -> "k" + i).collect(Collectors.joining(",")));
    }

    static List<String> hostileClaims() {
        return List.of("", "a\u0000b", "tab\there", "line\nbreak", "\u0085", "x".repeat(254), "y".repeat(10_000));
    }

    @Test
    void hostileLabelsAreRefusedByEveryMutationThatTakesThem() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok();
        List<String> wrong = new ArrayList<>();
        hostileLabelSets().forEach((what, labels) -> {
            String name = "h" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            expectInvalid(wrong, what + " on createNamespace",
                    run("createLabelledNamespace", "name", name, "labels", labels));
            expectInvalid(wrong, what + " on createPrefix",
                    run("createLabelledPrefix", "cidr", "10.9.0.0/24", "namespace", ns, "labels", labels));
            expectInvalid(wrong, what + " on acquireChildPrefix", run("claimChildPrefix", "parent", "10.0.0.0/16",
                    "length", 24, "claim", "c", "namespace", ns, "labels", labels));
            expectInvalid(wrong, what + " on acquireIP",
                    run("claimIP", "prefix", "10.1.0.0/24", "claim", "c", "namespace", ns, "labels", labels));
            expectInvalid(wrong, what + " on acquireIPs",
                    run("acquireLabelledIPs", "prefix", "10.1.0.0/24", "count", 1, "namespace", ns, "labels", labels));
            for (String argument : List.of("labels", "setLabels")) {
                expectInvalid(wrong, what + " as " + argument + " of updatePrefix",
                        run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, argument, labels));
                expectInvalid(wrong, what + " as " + argument + " of updateIP",
                        run("updateIP", "address", "10.1.0.1", "namespace", ns, argument, labels));
                expectInvalid(wrong, what + " as " + argument + " of updateNamespace",
                        run("updateNamespace", "name", ns, argument, labels));
            }
            if (run("namespace", "name", name).ok().get("data.namespace") != null) {
                wrong.add(what + ": namespace " + name + " was created");
            }
        });
        for (List<String> keys : List.of(List.of("-bad"), List.of("a\u0000"),
                IntStream.range(0, 65).mapToObj(i -> "k" + i).toList())) {
            expectInvalid(wrong, "removeLabels " + keys.size(),
                    run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "removeLabels", keys));
        }

        assertEquals(List.of(), wrong);
        assertEquals(BigInteger.TWO, run("prefixes", "namespace", ns).ok().get("data.prefixes.totalCount"));
        assertEquals(BigInteger.ONE, run("ips", "namespace", ns).ok().get("data.ips.totalCount"));
        assertEquals(BigInteger.ONE, run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok()
                .get("data.updatePrefix.version"));
        assertEquals(BigInteger.ONE, run("updateIP", "address", "10.1.0.1", "namespace", ns).ok()
                .get("data.updateIP.version"));
        assertEquals(BigInteger.ONE, run("updateNamespace", "name", ns).ok().get("data.updateNamespace.version"));
    }

    @Test
    void hostileSelectorsAreRefusedWhereverASelectorIsTaken() {
        String ns = Namespaces.fresh();
        List<String> wrong = new ArrayList<>();
        for (String selector : hostileSelectors()) {
            String what = "selector " + (selector.length() > 40 ? selector.substring(0, 40) + "..." : selector);
            expectInvalid(wrong, what + " on prefixes", run("prefixesBySelector", "namespace", ns, "selector", selector));
            expectInvalid(wrong, what + " on ips", run("ips", "namespace", ns, "selector", selector));
            expectInvalid(wrong, what + " on Namespace.prefixes",
                    run("namespaceRootsBySelector", "name", ns, "selector", selector));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void hostileClaimsAreRefusedWhereverAClaimIsTaken() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/24", "namespace", ns).ok();
        List<String> wrong = new ArrayList<>();
        for (String claim : hostileClaims()) {
            String what = "claim of " + claim.length() + " characters";
            expectInvalid(wrong, what + " on acquireIP",
                    run("claimIP", "prefix", "10.1.0.0/24", "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on acquireChildPrefix",
                    run("claimChildPrefix", "parent", "10.0.0.0/16", "length", 24, "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on acquireSpecificChildPrefix", run("claimSpecificChildPrefix",
                    "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on ipByClaim", run("ipByClaim", "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on prefixByClaim", run("prefixByClaim", "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on releaseIPByClaim", run("releaseIPByClaim", "claim", claim, "namespace", ns));
            expectInvalid(wrong, what + " on releaseChildPrefixByClaim",
                    run("releaseChildPrefixByClaim", "claim", claim, "namespace", ns));
        }
        assertEquals(List.of(), wrong);
        assertEquals(BigInteger.TWO, run("prefixes", "namespace", ns).ok().get("data.prefixes.totalCount"));
        assertEquals(BigInteger.ZERO, run("ips", "namespace", ns).ok().get("data.ips.totalCount"));
    }

    private static void expectInvalid(List<String> wrong, String what, dev.ipamql.support.GraphQL.Result result) {
        if (result.errors().size() != 1 || !"INVALID_ARGUMENT".equals(result.string("errors[0].extensions.code"))) {
            wrong.add(what + ": " + (result.body().length() > 300 ? result.body().substring(0, 300) : result.body()));
        }
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** acquireChildPrefixes: count children of one length in one transaction, all or none, in allocation order. */
@QuarkusTest
class ChildPrefixesTest {

    @Test
    void manyChildrenComeByBestFitInAllocationOrder() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.64/26", "namespace", ns).ok();

        Result taken = run("acquireChildPrefixes", "parent", "10.0.0.0/16", "length", 26, "count", 4, "namespace", ns,
                "description", "racks", "labels", List.of(Map.of("key", "env", "value", "lab"))).ok();

        // the /26 left free beside the specific one first, then the smallest blocks that hold the rest
        assertEquals(List.of("10.0.0.0/26", "10.0.0.128/26", "10.0.0.192/26", "10.0.1.0/26"),
                taken.list("data.acquireChildPrefixes.cidr"));
        assertEquals(List.of("racks", "racks", "racks", "racks"), taken.list("data.acquireChildPrefixes.description"));
        assertEquals(List.of("env"), taken.list("data.acquireChildPrefixes[3].labels.key"));
        assertEquals("5", run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok()
                .string("data.prefix.usage.acquiredPrefixes"));
        assertEquals("10.0.1.64/26", run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 26, "namespace", ns).ok()
                .string("data.acquireChildPrefix.cidr"));
        Consistency.assertHolds();
    }

    @Test
    void highestChildrenComeFromTheTopDownAndLowestFromTheBottomUp() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/24", "cidr", "10.0.0.32/27", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/24", "cidr", "10.0.0.224/27", "namespace", ns).ok();

        assertEquals(List.of("10.0.0.208/28", "10.0.0.192/28", "10.0.0.176/28"), children(ns, "10.0.0.0/24", 28, 3, "HIGHEST"));
        assertEquals(List.of("10.0.0.0/28", "10.0.0.16/28", "10.0.0.64/28"), children(ns, "10.0.0.0/24", 28, 3, "LOWEST"));
        Consistency.assertHolds();
    }

    @Test
    void askingForMoreThanFitsTakesNothing() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/24", "cidr", "10.0.0.0/26", "namespace", ns).ok();

        Result tooMany = run("acquireChildPrefixes", "parent", "10.0.0.0/24", "length", 26, "count", 4, "namespace", ns);

        assertEquals("NO_PREFIX_AVAILABLE", tooMany.errorCode());
        assertEquals("prefix 10.0.0.0/24 has room for 3 prefixes of length 26, fewer than the 4 asked for; none were "
                + "acquired", tooMany.errorMessage());
        assertEquals("1", run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .string("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of("10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26"), children(ns, "10.0.0.0/24", 26, 3, "BEST_FIT"));
        Consistency.assertHolds();
    }

    @Test
    void aThousandSlash28ComeFromASlash12InOneCall() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.16.0.0/12", "namespace", ns).ok();

        List<String> taken = children(ns, "10.16.0.0/12", 28, 1000, "BEST_FIT");

        assertEquals(1000, taken.size());
        assertEquals("10.16.0.0/28", taken.get(0));
        assertEquals("10.16.62.112/28", taken.get(999));
        assertEquals("1000", run("prefix", "cidr", "10.16.0.0/12", "namespace", ns).ok()
                .string("data.prefix.usage.acquiredPrefixes"));
        Consistency.assertHolds();
    }

    @Test
    void theCountAndTheLengthAreChecked() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        for (int count : new int[] {0, -1, 1001}) {
            Result refused = run("acquireChildPrefixes", "parent", "10.0.0.0/16", "length", 24, "count", count,
                    "namespace", ns);
            assertEquals("INVALID_ARGUMENT", refused.errorCode());
            assertEquals("count must hold 1 to 1000 child prefixes, not " + count, refused.errorMessage());
        }
        Result tooShort = run("acquireChildPrefixes", "parent", "10.0.0.0/16", "length", 16, "count", 1, "namespace", ns);
        assertEquals("length 16 is out of range for 10.0.0.0/16: it must be from 17 to 32", tooShort.errorMessage());
    }

    @Test
    void aParentWithIpsHasNoRoomForChildren() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

        assertEquals("HAS_IPS", run("acquireChildPrefixes", "parent", "10.0.0.0/24", "length", 28, "count", 2,
                "namespace", ns).errorCode());
    }

    @Test
    void aRepeatedRequestIdAnswersTheFirstChildrenAgain() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        List<String> first = run("acquireChildPrefixes", "parent", "10.0.0.0/24", "length", 28, "count", 2,
                "requestId", "batch-1", "namespace", ns).ok().list("data.acquireChildPrefixes.cidr");

        List<String> again = run("acquireChildPrefixes", "parent", "10.0.0.0/24", "length", 28, "count", 2,
                "requestId", "batch-1", "namespace", ns).ok().list("data.acquireChildPrefixes.cidr");

        assertEquals(List.of("10.0.0.0/28", "10.0.0.16/28"), first);
        assertEquals(first, again);
        assertEquals("2", run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .string("data.prefix.usage.acquiredPrefixes"));
    }

    private static List<String> children(String ns, String parent, int length, int count, String strategy) {
        return run("acquireChildPrefixes", "parent", parent, "length", length, "count", count, "strategy", strategy,
                "namespace", ns).ok().list("data.acquireChildPrefixes.cidr");
    }
}

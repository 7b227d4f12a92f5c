package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Child prefixes: best-fit acquisition, specific acquisition, release, and children as prefixes in their own right. */
@QuarkusTest
class ChildPrefixTest {

    // ---- acquireChildPrefix

    @Test
    void variableLengthChildrenOfAnIpv6PrefixFollowTheWorkedExample() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:aabb::/48", "namespace", ns).ok();

        var first = run("acquireChildPrefix", "parent", "2001:aabb::/48", "length", 64, "namespace", ns).ok();
        var second = run("acquireChildPrefix", "parent", "2001:aabb::/48", "length", 72, "namespace", ns,
                "description", "servers").ok();

        assertEquals("2001:aabb::/64", first.string("data.acquireChildPrefix.cidr"));
        assertEquals("2001:aabb::/48", first.string("data.acquireChildPrefix.parentCidr"));
        assertEquals("V6", first.string("data.acquireChildPrefix.family"));
        assertEquals(ns, first.string("data.acquireChildPrefix.namespace"));
        assertEquals("2001:aabb:0:1::/72", second.string("data.acquireChildPrefix.cidr"));
        assertEquals("servers", second.string("data.acquireChildPrefix.description"));
        assertEquals(List.of("2001:aabb::/64", "2001:aabb:0:1::/72"), children(ns, "2001:aabb::/48"));
    }

    @Test
    void theFirstChildIsTheFirstBlockOfTheParent() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/20", "namespace", ns).ok();

        var child = run("acquireChildPrefix", "parent", "192.168.0.0/20", "length", 24, "namespace", ns).ok();

        assertEquals("192.168.0.0/24", child.string("data.acquireChildPrefix.cidr"));
        assertEquals("192.168.0.0/20", child.string("data.acquireChildPrefix.parentCidr"));
        assertEquals("V4", child.string("data.acquireChildPrefix.family"));
        assertNull(child.get("data.acquireChildPrefix.description"));
    }

    @Test
    void bestFitTakesTheSmallestFreeBlockThatHoldsTheLengthWhereFirstFitWouldNot() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/20", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "192.168.0.0/20", "cidr", "192.168.4.0/22", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "192.168.0.0/20", "cidr", "192.168.8.0/23", "namespace", ns).ok();
        assertEquals(List.of("192.168.0.0/22", "192.168.10.0/23", "192.168.12.0/22"), available(ns, "192.168.0.0/20"));

        // first-fit would give 192.168.0.0/24; the /23 at 192.168.10.0 is the tightest fit
        assertEquals("192.168.10.0/24", acquire(ns, "192.168.0.0/20", 24));
        assertEquals("192.168.11.0/24", acquire(ns, "192.168.0.0/20", 24));
        // two free /22s left: the lower address wins the tie
        assertEquals("192.168.0.0/24", acquire(ns, "192.168.0.0/20", 24));
        // free: 192.168.1.0/24, 192.168.2.0/23, 192.168.12.0/22; a /23 fits the /23 exactly
        assertEquals("192.168.2.0/23", acquire(ns, "192.168.0.0/20", 23));
        assertEquals("192.168.1.0/24", acquire(ns, "192.168.0.0/20", 24));
        assertEquals(List.of("192.168.12.0/22"), available(ns, "192.168.0.0/20"));
        assertEquals("192.168.12.0/22", acquire(ns, "192.168.0.0/20", 22));
        assertEquals(List.of(), available(ns, "192.168.0.0/20"));
        assertEquals(List.of("192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/23", "192.168.4.0/22", "192.168.8.0/23",
                "192.168.10.0/24", "192.168.11.0/24", "192.168.12.0/22"), children(ns, "192.168.0.0/20"));
    }

    @Test
    void bestFitSkipsALargerLowerBlockForASmallerHigherOne() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.4.0/24", "namespace", ns).ok();

        // free blocks: 10.0.0.0/22, 10.0.5.0/24, 10.0.6.0/23, 10.0.8.0/21, ...; the /24 is the tightest
        assertEquals("10.0.5.0/24", acquire(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.6.0/26", acquire(ns, "10.0.0.0/16", 26));
        assertEquals("10.0.0.0/22", acquire(ns, "10.0.0.0/16", 22));
    }

    @Test
    void aFragmentedParentRefusesALengthNoFreeBlockHoldsAndListsTheFreeBlocks() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/20", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "192.168.0.0/20", "cidr", "192.168.0.0/22", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "192.168.0.0/20", "cidr", "192.168.12.0/22", "namespace", ns).ok();
        assertEquals(List.of("192.168.4.0/22", "192.168.8.0/22"), available(ns, "192.168.0.0/20"));
        var before = state(ns, "192.168.0.0/20");

        var result = run("acquireChildPrefix", "parent", "192.168.0.0/20", "length", 21, "namespace", ns);

        assertEquals("NO_PREFIX_AVAILABLE", result.errorCode());
        assertEquals("no prefix found in 192.168.0.0/20 with length:21, but 192.168.4.0/22,192.168.8.0/22 are available",
                result.errorMessage());
        assertNull(result.get("data"));
        assertEquals(before, state(ns, "192.168.0.0/20"));
        assertEquals("192.168.4.0/22", acquire(ns, "192.168.0.0/20", 22));
    }

    @Test
    void aSixteenHandsOutAllItsTwoHundredFiftySixTwentyFoursInAscendingOrderThenNoMore() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.20.0.0/16", "namespace", ns).ok();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            expected.add("10.20." + i + ".0/24");
        }

        List<String> acquired = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            acquired.add(acquire(ns, "10.20.0.0/16", 24));
        }
        var before = state(ns, "10.20.0.0/16");
        var exhausted = run("acquireChildPrefix", "parent", "10.20.0.0/16", "length", 24, "namespace", ns);

        assertEquals(expected, acquired);
        assertEquals("NO_PREFIX_AVAILABLE", exhausted.errorCode());
        assertTrue(exhausted.errorMessage().contains("10.20.0.0/16"), exhausted.body());
        assertEquals(before, state(ns, "10.20.0.0/16"));
        var parent = run("prefix", "cidr", "10.20.0.0/16", "namespace", ns).ok();
        assertEquals(expected, parent.list("data.prefix.children.cidr"));
        assertEquals(BigInteger.valueOf(256), parent.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of(), parent.list("data.prefix.usage.availablePrefixes"));
        assertEquals(BigInteger.ZERO, parent.get("data.prefix.usage.availableSmallestPrefixes"));
        assertEquals(1.0, parent.<Number>get("data.prefix.usage.utilization").doubleValue(), 0.0);
        assertEquals("NO_PREFIX_AVAILABLE",
                run("acquireChildPrefix", "parent", "10.20.0.0/16", "length", 32, "namespace", ns).errorCode());
    }

    @Test
    void aLengthNotLongerThanTheParentOrBeyondTheFamilyIsInvalidArgument() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();
        var before4 = state(ns, "10.0.0.0/24");
        var before6 = state(ns, "2001:db8::/48");

        for (int length : List.of(24, 16, 0, -1, 33, 64)) {
            var result = run("acquireChildPrefix", "parent", "10.0.0.0/24", "length", length, "namespace", ns);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), () -> "length " + length + ": " + result.body());
            assertTrue(result.errorMessage().contains(String.valueOf(length)), result.body());
        }
        for (int length : List.of(48, 32, 129)) {
            var result = run("acquireChildPrefix", "parent", "2001:db8::/48", "length", length, "namespace", ns);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), () -> "length " + length + ": " + result.body());
            assertTrue(result.errorMessage().contains(String.valueOf(length)), result.body());
        }

        assertEquals(before4, state(ns, "10.0.0.0/24"));
        assertEquals(before6, state(ns, "2001:db8::/48"));
    }

    @Test
    void theLongestLengthsOfEachFamilyAreAccepted() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();

        assertEquals("10.0.0.0/32", acquire(ns, "10.0.0.0/24", 32));
        assertEquals("2001:db8::/128", acquire(ns, "2001:db8::/48", 128));
        assertEquals("10.0.0.1/32", acquire(ns, "10.0.0.0/24", 32));
    }

    @Test
    void acquireChildPrefixOnAPrefixWithIpsIsHasIpsAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/24");

        var result = run("acquireChildPrefix", "parent", "10.0.0.0/24", "length", 26, "namespace", ns);

        assertEquals("HAS_IPS", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/24"), result.body());
        assertEquals(before, state(ns, "10.0.0.0/24"));
    }

    @Test
    void aPrefixWhoseIpsAreReleasedCanHandOutChildren() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();

        assertEquals("10.0.0.0/26", acquire(ns, "10.0.0.0/24", 26));
    }

    @Test
    void acquireChildPrefixOfAnUnknownParentIsNotFound() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/16");

        var result = run("acquireChildPrefix", "parent", "10.1.0.0/16", "length", 24, "namespace", ns);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains("10.1.0.0/16"), result.body());
        assertEquals(before, state(ns, "10.0.0.0/16"));
    }

    @Test
    void acquireChildPrefixMasksTheParentBeforeLookup() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var child = run("acquireChildPrefix", "parent", "10.0.3.4/16", "length", 24, "namespace", ns).ok();

        assertEquals("10.0.0.0/24", child.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/16", child.string("data.acquireChildPrefix.parentCidr"));
    }

    // ---- acquireSpecificChildPrefix

    @Test
    void acquireSpecificChildPrefixMasksHostBitsAndTheMaskedBlockIsReleasable() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var child = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.3.77/24",
                "namespace", ns, "description", "lab").ok();

        assertEquals("10.0.3.0/24", child.string("data.acquireSpecificChildPrefix.cidr"));
        assertEquals("10.0.0.0/16", child.string("data.acquireSpecificChildPrefix.parentCidr"));
        assertEquals("V4", child.string("data.acquireSpecificChildPrefix.family"));
        assertEquals(ns, child.string("data.acquireSpecificChildPrefix.namespace"));
        assertEquals("lab", child.string("data.acquireSpecificChildPrefix.description"));
        assertEquals(List.of("10.0.3.0/24"), children(ns, "10.0.0.0/16"));
        assertEquals("10.0.3.0/24", run("prefix", "cidr", "10.0.3.0/24", "namespace", ns).ok().string("data.prefix.cidr"));

        var released = run("releaseChildPrefix", "cidr", "10.0.3.0/24", "namespace", ns).ok();

        assertEquals("10.0.3.0/24", released.string("data.releaseChildPrefix.cidr"));
        assertEquals(List.of("10.0.0.0/16"), available(ns, "10.0.0.0/16"));
        assertEquals(List.of(), children(ns, "10.0.0.0/16"));
        assertEquals("10.0.3.0/24", run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.3.0/24",
                "namespace", ns).ok().string("data.acquireSpecificChildPrefix.cidr"));
    }

    @Test
    void aChildAcquiredWithHostBitsCanBeReleasedByTheSameText() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.3.77/24", "namespace", ns).ok();

        var released = run("releaseChildPrefix", "cidr", "10.0.3.77/24", "namespace", ns).ok();

        assertEquals("10.0.3.0/24", released.string("data.releaseChildPrefix.cidr"));
        assertEquals(List.of("10.0.0.0/16"), available(ns, "10.0.0.0/16"));
    }

    @Test
    void acquireSpecificChildPrefixOutsideTheParentOrNotLongerIsInvalidArgument() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/16");

        for (String cidr : List.of("10.1.0.0/24", "9.255.255.0/24", "10.0.0.0/16", "10.0.0.0/8", "0.0.0.0/0",
                "2001:db8::/64")) {
            var result = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", cidr, "namespace", ns);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), () -> cidr + ": " + result.body());
            assertTrue(result.errorMessage().contains(cidr), () -> cidr + ": " + result.body());
        }
        var bad = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.0/33", "namespace", ns);
        assertEquals("INVALID_ARGUMENT", bad.errorCode());
        assertTrue(bad.errorMessage().contains("10.0.0.0/33"), bad.body());

        assertEquals(before, state(ns, "10.0.0.0/16"));
        assertEquals(List.of(), children(ns, "10.1.0.0/16"));
    }

    @Test
    void acquireSpecificChildPrefixOfATakenOrOverlappingBlockIsAlreadyAllocated() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.4.0/24", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/16");

        for (String cidr : List.of("10.0.4.0/24", "10.0.4.0/23", "10.0.4.128/25", "10.0.4.9/32", "10.0.0.0/17")) {
            var result = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", cidr, "namespace", ns);
            assertEquals("ALREADY_ALLOCATED", result.errorCode(), () -> cidr + ": " + result.body());
            assertTrue(result.errorMessage().contains(cidr), () -> cidr + ": " + result.body());
        }

        assertEquals(before, state(ns, "10.0.0.0/16"));
        assertEquals(List.of("10.0.4.0/24"), children(ns, "10.0.0.0/16"));
    }

    @Test
    void aBlockHandedOutByAcquireChildPrefixCannotBeTakenSpecifically() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals("10.0.0.0/24", acquire(ns, "10.0.0.0/16", 24));
        var before = state(ns, "10.0.0.0/16");

        var result = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.64/26", "namespace", ns);

        assertEquals("ALREADY_ALLOCATED", result.errorCode());
        assertEquals(before, state(ns, "10.0.0.0/16"));
    }

    @Test
    void acquireSpecificChildPrefixOnAPrefixWithIpsIsHasIps() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.200", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/24");

        var result = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/24", "cidr", "10.0.0.0/26", "namespace", ns);

        assertEquals("HAS_IPS", result.errorCode());
        assertEquals(before, state(ns, "10.0.0.0/24"));
    }

    // ---- releaseChildPrefix

    @Test
    void releasingAChildReturnsItAndFreesItsBlockForTheNextAcquisition() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals("10.0.0.0/24", acquire(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.1.0/24", acquire(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.2.0/24", acquire(ns, "10.0.0.0/16", 24));

        var released = run("releaseChildPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();

        assertEquals("10.0.1.0/24", released.string("data.releaseChildPrefix.cidr"));
        assertEquals(ns, released.string("data.releaseChildPrefix.namespace"));
        assertEquals("10.0.0.0/16", released.string("data.releaseChildPrefix.parentCidr"));
        assertNull(run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok().get("data.prefix"));
        assertEquals(List.of("10.0.0.0/24", "10.0.2.0/24"), children(ns, "10.0.0.0/16"));
        assertEquals("10.0.1.0/24", acquire(ns, "10.0.0.0/16", 24));
    }

    @Test
    void releasingEveryChildMergesTheFreeSpaceBackIntoTheWholeParent() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals("10.0.0.0/24", acquire(ns, "10.0.0.0/16", 24));
        assertEquals("10.0.1.0/26", acquire(ns, "10.0.0.0/16", 26));
        assertEquals("10.0.1.128/25", acquire(ns, "10.0.0.0/16", 25));
        assertEquals("10.0.16.0/20", acquire(ns, "10.0.0.0/16", 20));

        run("releaseChildPrefix", "cidr", "10.0.1.0/26", "namespace", ns).ok();
        run("releaseChildPrefix", "cidr", "10.0.16.0/20", "namespace", ns).ok();

        assertEquals(List.of("10.0.1.0/25", "10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20",
                "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17"), available(ns, "10.0.0.0/16"));

        run("releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("releaseChildPrefix", "cidr", "10.0.1.128/25", "namespace", ns).ok();

        var parent = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals(List.of("10.0.0.0/16"), parent.list("data.prefix.usage.availablePrefixes"));
        assertEquals(BigInteger.ZERO, parent.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(BigInteger.valueOf(16384), parent.get("data.prefix.usage.availableSmallestPrefixes"));
        assertEquals(List.of(), parent.list("data.prefix.children.cidr"));
        assertEquals(List.of("10.0.0.0/16"), cidrs(ns));
        assertEquals("10.0.0.0/17", acquire(ns, "10.0.0.0/16", 17));
    }

    @Test
    void aParentWhoseLastChildIsReleasedHandsOutIpsAgain() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        acquire(ns, "10.0.0.0/24", 26);
        assertEquals("HAS_CHILDREN", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).errorCode());

        run("releaseChildPrefix", "cidr", "10.0.0.0/26", "namespace", ns).ok();

        assertEquals("10.0.0.1", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void releasingARootPrefixIsInvalidArgument() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var before = state(ns, "10.0.0.0/16");

        var result = run("releaseChildPrefix", "cidr", "10.0.0.0/16", "namespace", ns);

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("10.0.0.0/16 is not a child prefix", result.errorMessage());
        assertEquals(before, state(ns, "10.0.0.0/16"));
    }

    @Test
    void releasingAChildWithIpsIsHasIpsAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        acquire(ns, "10.0.0.0/16", 24);
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        var parentBefore = state(ns, "10.0.0.0/16");
        var childBefore = state(ns, "10.0.0.0/24");

        var result = run("releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns);

        assertEquals("HAS_IPS", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/24"), result.body());
        assertEquals(parentBefore, state(ns, "10.0.0.0/16"));
        assertEquals(childBefore, state(ns, "10.0.0.0/24"));
    }

    @Test
    void releasingAChildWithChildrenIsHasChildrenAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        acquire(ns, "10.0.0.0/16", 24);
        acquire(ns, "10.0.0.0/24", 26);
        var parentBefore = state(ns, "10.0.0.0/16");
        var childBefore = state(ns, "10.0.0.0/24");

        var result = run("releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns);

        assertEquals("HAS_CHILDREN", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/24"), result.body());
        assertEquals(parentBefore, state(ns, "10.0.0.0/16"));
        assertEquals(childBefore, state(ns, "10.0.0.0/24"));
    }

    @Test
    void releasingAnUnknownChildIsNotFound() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        acquire(ns, "10.0.0.0/16", 24);
        var before = state(ns, "10.0.0.0/16");

        var result = run("releaseChildPrefix", "cidr", "10.0.9.0/24", "namespace", ns);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.9.0/24"), result.body());
        assertEquals(before, state(ns, "10.0.0.0/16"));
    }

    @Test
    void releasingAnInvalidCidrIsInvalidArgument() {
        String ns = Namespaces.fresh();

        var result = run("releaseChildPrefix", "cidr", "10.0.0.0/33", "namespace", ns);

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/33"), result.body());
    }

    // ---- a child is a prefix

    @Test
    void anIpv4ChildHasTheReservedAddressesOfAnyPrefix() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        acquire(ns, "10.0.0.0/16", 24);
        acquire(ns, "10.0.0.0/16", 24);

        var fresh = run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        var ip = run("acquireIP", "prefix", "10.0.1.0/24", "namespace", ns).ok();
        var network = run("acquireIP", "prefix", "10.0.1.0/24", "address", "10.0.1.0", "namespace", ns);
        var broadcast = run("acquireIP", "prefix", "10.0.1.0/24", "address", "10.0.1.255", "namespace", ns);

        assertEquals(BigInteger.valueOf(256), fresh.get("data.prefix.usage.size"));
        assertEquals(BigInteger.valueOf(2), fresh.get("data.prefix.usage.acquiredIPs"));
        assertEquals(BigInteger.valueOf(254), fresh.get("data.prefix.usage.freeIPs"));
        assertEquals(BigInteger.valueOf(64), fresh.get("data.prefix.usage.availableSmallestPrefixes"));
        assertEquals(List.of("10.0.1.0/24"), fresh.list("data.prefix.usage.availablePrefixes"));
        assertEquals("10.0.1.1", ip.string("data.acquireIP.address"));
        assertEquals("10.0.1.0/24", ip.string("data.acquireIP.prefixCidr"));
        assertEquals("ALREADY_ALLOCATED", network.errorCode());
        assertEquals("given ip:10.0.1.0 is already allocated", network.errorMessage());
        assertEquals("ALREADY_ALLOCATED", broadcast.errorCode());
        assertEquals("given ip:10.0.1.255 is already allocated", broadcast.errorMessage());
        assertEquals(BigInteger.valueOf(3),
                run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok().get("data.prefix.usage.acquiredIPs"));
    }

    @Test
    void aThirtyOneChildUsesBothItsAddresses() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        assertEquals("10.0.0.0/31", acquire(ns, "10.0.0.0/24", 31));

        var first = run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns).ok();
        var second = run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns).ok();
        var none = run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns);

        assertEquals("10.0.0.0", first.string("data.acquireIP.address"));
        assertEquals("10.0.0.1", second.string("data.acquireIP.address"));
        assertEquals("NO_IP_AVAILABLE", none.errorCode());
        assertEquals("no more ips in prefix: 10.0.0.0/31 left", none.errorMessage());
    }

    @Test
    void anIpv6ChildReservesOnlyItsFirstAddress() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();
        assertEquals("2001:db8::/64", acquire(ns, "2001:db8::/48", 64));

        var fresh = run("prefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        var ip = run("acquireIP", "prefix", "2001:db8::/64", "namespace", ns).ok();
        var last = run("acquireIP", "prefix", "2001:db8::/64", "address", "2001:db8::ffff:ffff:ffff:ffff", "namespace", ns).ok();

        assertEquals(new BigInteger("18446744073709551616"), fresh.get("data.prefix.usage.size"));
        assertEquals(BigInteger.ONE, fresh.get("data.prefix.usage.acquiredIPs"));
        assertEquals(new BigInteger("18446744073709551615"), fresh.get("data.prefix.usage.freeIPs"));
        assertEquals("2001:db8::1", ip.string("data.acquireIP.address"));
        assertEquals("2001:db8::ffff:ffff:ffff:ffff", last.string("data.acquireIP.address"));
    }

    @Test
    void aChildHasChildrenOfItsOwnAndPointsAtItsParent() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals("10.0.0.0/24", acquire(ns, "10.0.0.0/16", 24));

        var grandchild = run("acquireChildPrefix", "parent", "10.0.0.0/24", "length", 26, "namespace", ns).ok();

        assertEquals("10.0.0.0/26", grandchild.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/24", grandchild.string("data.acquireChildPrefix.parentCidr"));
        var child = run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        assertEquals("10.0.0.0/16", child.string("data.prefix.parent.cidr"));
        assertEquals("10.0.0.0/16", child.string("data.prefix.parentCidr"));
        assertEquals(List.of("10.0.0.0/26"), child.list("data.prefix.children.cidr"));
        assertEquals(BigInteger.ONE, child.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of("10.0.0.64/26", "10.0.0.128/25"), child.list("data.prefix.usage.availablePrefixes"));
        assertEquals("10.0.0.0/24", run("prefix", "cidr", "10.0.0.0/26", "namespace", ns).ok()
                .string("data.prefix.parent.cidr"));
        assertEquals(List.of("10.0.0.0/24"), children(ns, "10.0.0.0/16"));
        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24", "10.0.0.0/26"), cidrs(ns));
        assertEquals("HAS_CHILDREN", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).errorCode());
    }

    @Test
    void aParentListsItsChildrenByNumericAddress() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        for (String cidr : List.of("10.0.128.0/17", "10.0.9.0/24", "10.0.100.0/24", "10.0.10.0/23")) {
            run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", cidr, "namespace", ns).ok();
        }

        var parent = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertEquals(List.of("10.0.9.0/24", "10.0.10.0/23", "10.0.100.0/24", "10.0.128.0/17"),
                parent.list("data.prefix.children.cidr"));
        assertEquals(BigInteger.valueOf(4), parent.get("data.prefix.usage.acquiredPrefixes"));
        assertNull(parent.get("data.prefix.parent"));
    }

    // ---- helpers

    /** Acquires a child of {@code length} and returns its CIDR. */
    private static String acquire(String ns, String parent, int length) {
        return run("acquireChildPrefix", "parent", parent, "length", length, "namespace", ns).ok()
                .string("data.acquireChildPrefix.cidr");
    }

    private static List<String> children(String ns, String parent) {
        return run("prefix", "cidr", parent, "namespace", ns).ok().list("data.prefix.children.cidr");
    }

    private static List<String> available(String ns, String parent) {
        return run("prefix", "cidr", parent, "namespace", ns).ok().list("data.prefix.usage.availablePrefixes");
    }

    private static List<String> cidrs(String ns) {
        return run("prefixes", "namespace", ns).ok().list("data.prefixes.edges.node.cidr");
    }

    /** The prefix (children, usage, addresses) and the namespace's full listing: what a failed mutation must not change. */
    private static List<Object> state(String ns, String cidr) {
        Result prefix = run("prefix", "cidr", cidr, "namespace", ns).ok();
        Result all = run("prefixes", "namespace", ns).ok();
        return List.of(prefix.get("data.prefix"), all.get("data.prefixes"));
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Root prefixes: creation, overlap, deletion, lookup, listing with filters and pages, and overlap computation. */
@QuarkusTest
class PrefixTest {

    // ---- createPrefix

    @Test
    void createPrefixMasksHostBitsAndStoresTheMaskedPrefix() {
        String ns = Namespaces.fresh();

        var created = run("createPrefix", "cidr", "10.10.10.1/24", "namespace", ns, "description", "office lan").ok();

        assertEquals("10.10.10.0/24", created.string("data.createPrefix.cidr"));
        assertEquals(ns, created.string("data.createPrefix.namespace"));
        assertEquals("V4", created.string("data.createPrefix.family"));
        assertNull(created.get("data.createPrefix.parentCidr"));
        assertEquals("office lan", created.string("data.createPrefix.description"));
        assertNotNull(OffsetDateTime.parse(created.string("data.createPrefix.createdAt")));
        var found = run("prefix", "cidr", "10.10.10.0/24", "namespace", ns).ok();
        assertEquals("10.10.10.0/24", found.string("data.prefix.cidr"));
        assertEquals("office lan", found.string("data.prefix.description"));
        assertNull(found.get("data.prefix.parent"));
        assertEquals(List.of("10.10.10.0/24"), cidrs(ns));
    }

    @Test
    void createPrefixCanonicalisesIpv6() {
        String ns = Namespaces.fresh();

        var created = run("createPrefix", "cidr", "2001:0db8:85a3::2/120", "namespace", ns).ok();

        assertEquals("2001:db8:85a3::/120", created.string("data.createPrefix.cidr"));
        assertEquals("V6", created.string("data.createPrefix.family"));
        assertNull(created.get("data.createPrefix.parentCidr"));
        assertNull(created.get("data.createPrefix.description"));
        assertEquals(List.of("2001:db8:85a3::/120"), cidrs(ns));
    }

    @Test
    void anUppercaseIpv6PrefixIsStoredInLowercase() {
        String ns = Namespaces.fresh();

        var created = run("createPrefix", "cidr", "2001:DB8:0:0:0:0:0:0/32", "namespace", ns).ok();

        assertEquals("2001:db8::/32", created.string("data.createPrefix.cidr"));
    }

    @Test
    void anOverlapNamesTheFirstOverlappingPrefixInAddressOrder() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var before = prefixes(ns);

        var result = run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/8 overlaps 10.0.0.0/16", result.errorMessage());
        assertNull(result.get("data"));
        assertEquals(before, prefixes(ns));
    }

    @Test
    void anOverlapIsOrderedByNumericAddressNotByText() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.100.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.9.0.0/16", "namespace", ns).ok();
        var before = prefixes(ns);

        var result = run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/8 overlaps 10.9.0.0/16", result.errorMessage());
        assertEquals(before, prefixes(ns));
    }

    @Test
    void anOverlapNamesTheShorterPrefixFirstOnTheSameAddress() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/8", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var before = prefixes(ns);

        var result = run("createPrefix", "cidr", "10.0.0.0/12", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/12 overlaps 10.0.0.0/8", result.errorMessage());
        assertEquals(before, prefixes(ns));
    }

    @Test
    void anOverlapMessageShowsTheNewPrefixMasked() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/24", "namespace", ns).ok();

        var result = run("createPrefix", "cidr", "192.168.0.77/16", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("192.168.0.0/16 overlaps 192.168.0.0/24", result.errorMessage());
    }

    @Test
    void anIpv6OverlapIsReportedInCanonicalForm() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8:1::/48", "namespace", ns).ok();
        var before = prefixes(ns);

        var result = run("createPrefix", "cidr", "2001:0DB8::/32", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("2001:db8::/32 overlaps 2001:db8:1::/48", result.errorMessage());
        assertEquals(before, prefixes(ns));
    }

    @Test
    void creatingTheSameCidrTwiceIsAnOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "first").ok();
        var before = prefixes(ns);

        var result = run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "second");

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/16 overlaps 10.0.0.0/16", result.errorMessage());
        assertEquals(before, prefixes(ns));
        assertEquals("first", run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok().string("data.prefix.description"));
    }

    @Test
    void aNewRootInsideAnExistingRootIsAnOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns).ok();

        var result = run("createPrefix", "cidr", "10.20.30.0/24", "namespace", ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.20.30.0/24 overlaps 10.0.0.0/8", result.errorMessage());
        assertEquals(List.of("10.0.0.0/8"), cidrs(ns));
    }

    @Test
    void aNewRootOverlappingAChildPrefixIsAnOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.5.0/24", "namespace", ns).ok();
        var before = prefixes(ns);

        var exact = run("createPrefix", "cidr", "10.0.5.0/24", "namespace", ns);
        var inside = run("createPrefix", "cidr", "10.0.5.128/25", "namespace", ns);

        assertEquals("OVERLAP", exact.errorCode());
        assertEquals("10.0.5.0/24 overlaps 10.0.0.0/16", exact.errorMessage());
        assertEquals("OVERLAP", inside.errorCode());
        assertEquals("10.0.5.128/25 overlaps 10.0.0.0/16", inside.errorMessage());
        assertEquals(before, prefixes(ns));
    }

    @Test
    void adjacentPrefixesDoNotOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        run("createPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "9.255.255.0/24", "namespace", ns).ok();

        assertEquals(List.of("9.255.255.0/24", "10.0.0.0/24", "10.0.1.0/24"), cidrs(ns));
    }

    @Test
    void ipv4AndIpv6PrefixesNeverOverlap() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns).ok();

        var mapped = run("createPrefix", "cidr", "::ffff:10.0.0.0/104", "namespace", ns).ok();
        var low = run("createPrefix", "cidr", "::/8", "namespace", ns);

        assertEquals("V6", mapped.string("data.createPrefix.family"));
        assertEquals("::ffff:10.0.0.0/104", mapped.string("data.createPrefix.cidr"));
        assertEquals("OVERLAP", low.errorCode());
        assertEquals("::/8 overlaps ::ffff:10.0.0.0/104", low.errorMessage());
        assertEquals(List.of("10.0.0.0/8", "::ffff:10.0.0.0/104"), cidrs(ns));
    }

    @Test
    void zeroLengthPrefixesOfBothFamiliesAreValidAndIndependent() {
        String ns = Namespaces.fresh();

        var v4 = run("createPrefix", "cidr", "0.0.0.0/0", "namespace", ns).ok();
        var v6 = run("createPrefix", "cidr", "::/0", "namespace", ns).ok();

        assertEquals("0.0.0.0/0", v4.string("data.createPrefix.cidr"));
        assertEquals("V4", v4.string("data.createPrefix.family"));
        assertEquals("::/0", v6.string("data.createPrefix.cidr"));
        assertEquals("V6", v6.string("data.createPrefix.family"));
        assertEquals(List.of("0.0.0.0/0", "::/0"), cidrs(ns));
    }

    @Test
    void invalidCidrTextIsInvalidArgumentNamingTheValue() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "172.16.0.0/12", "namespace", ns).ok();
        var before = prefixes(ns);
        List<String> invalid = List.of("not-a-cidr", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0", "2001:db8::",
                "localhost/24", "example.com/24", "10.0.0.256/24", "10.0.0.0/-1", "10.0.0/24", "10.0.0.0/24/8",
                "2001:db8:::/48", "");
        for (String cidr : invalid) {
            var result = run("createPrefix", "cidr", cidr, "namespace", ns);

            assertEquals("INVALID_ARGUMENT", result.errorCode(), () -> "for '" + cidr + "': " + result.body());
            if (!cidr.isEmpty()) {
                assertTrue(result.errorMessage().contains(cidr), () -> "message should name '" + cidr + "': " + result.body());
            }
        }
        assertEquals(before, prefixes(ns));
    }

    @Test
    void aDescriptionIsOptionalAndKeptVerbatim() {
        String ns = Namespaces.fresh();
        String description = "Rack 7 \u2014 \"uplinks\" & <mgmt>";

        var created = run("createPrefix", "cidr", "10.7.0.0/16", "namespace", ns, "description", description).ok();

        assertEquals(description, created.string("data.createPrefix.description"));
        assertEquals(description, run("prefix", "cidr", "10.7.0.0/16", "namespace", ns).ok().string("data.prefix.description"));
    }

    // ---- deletePrefix

    @Test
    void deletePrefixReturnsThePrefixAndItIsGone() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();

        var deleted = run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertEquals("10.0.0.0/16", deleted.string("data.deletePrefix.cidr"));
        assertEquals(ns, deleted.string("data.deletePrefix.namespace"));
        assertNull(deleted.get("data.deletePrefix.parentCidr"));
        assertNull(run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok().get("data.prefix"));
        assertEquals(List.of("10.1.0.0/16"), cidrs(ns));
    }

    @Test
    void deletePrefixMasksHostBitsBeforeLookup() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        var deleted = run("deletePrefix", "cidr", "10.0.0.7/24", "namespace", ns).ok();

        assertEquals("10.0.0.0/24", deleted.string("data.deletePrefix.cidr"));
        assertEquals(List.of(), cidrs(ns));
    }

    @Test
    void aDeletedPrefixCanBeCreatedAgain() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns).ok();

        assertEquals(List.of("10.0.0.0/8"), cidrs(ns));
    }

    @Test
    void deletingAPrefixWithAcquiredIpsIsHasIpsAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        var before = prefix(ns, "10.0.0.0/24");

        var result = run("deletePrefix", "cidr", "10.0.0.0/24", "namespace", ns);

        assertEquals("HAS_IPS", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/24"), result.body());
        assertNull(result.get("data"));
        assertEquals(before, prefix(ns, "10.0.0.0/24"));
        assertEquals(List.of("10.0.0.1"), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
    }

    @Test
    void deletingAPrefixWithChildrenIsHasChildrenAndTheChildrenStay() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        var before = prefixes(ns);
        var parentBefore = prefix(ns, "10.0.0.0/16");

        var result = run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns);

        assertEquals("HAS_CHILDREN", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/16"), result.body());
        assertEquals(before, prefixes(ns));
        assertEquals(parentBefore, prefix(ns, "10.0.0.0/16"));
        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24"), cidrs(ns));
        assertEquals("10.0.0.0/16",
                run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok().string("data.prefix.parent.cidr"));
    }

    @Test
    void deletingAChildWithIpsIsHasIpsAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        var parentBefore = prefix(ns, "10.0.0.0/16");
        var childBefore = prefix(ns, "10.0.0.0/24");

        var result = run("deletePrefix", "cidr", "10.0.0.0/24", "namespace", ns);

        assertEquals("HAS_IPS", result.errorCode());
        assertEquals(parentBefore, prefix(ns, "10.0.0.0/16"));
        assertEquals(childBefore, prefix(ns, "10.0.0.0/24"));
    }

    @Test
    void deletingAnUnknownPrefixIsNotFound() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var before = prefixes(ns);

        var result = run("deletePrefix", "cidr", "10.0.0.0/17", "namespace", ns);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/17"), result.body());
        assertEquals(before, prefixes(ns));
    }

    @Test
    void deletingAnInvalidCidrIsInvalidArgument() {
        String ns = Namespaces.fresh();

        var result = run("deletePrefix", "cidr", "10.0.0.0/40", "namespace", ns);

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/40"), result.body());
    }

    @Test
    void deletingAChildPrefixReleasesItsBlockInTheParent() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();

        var deleted = run("deletePrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        assertEquals("10.0.0.0/24", deleted.string("data.deletePrefix.cidr"));
        assertEquals("10.0.0.0/16", deleted.string("data.deletePrefix.parentCidr"));
        var parent = run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals(List.of(), parent.list("data.prefix.children.cidr"));
        assertEquals(BigInteger.ZERO, parent.get("data.prefix.usage.acquiredPrefixes"));
        assertEquals(List.of("10.0.0.0/16"), parent.list("data.prefix.usage.availablePrefixes"));
        assertEquals(List.of("10.0.0.0/16"), cidrs(ns));
        assertEquals("10.0.0.0/24", run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns)
                .ok().string("data.acquireChildPrefix.cidr"));
    }

    // ---- prefix query

    @Test
    void prefixQueryMasksBeforeLookup() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var found = run("prefix", "cidr", "10.0.0.9/16", "namespace", ns).ok();

        assertEquals("10.0.0.0/16", found.string("data.prefix.cidr"));
        assertEquals("V4", found.string("data.prefix.family"));
        assertEquals(ns, found.string("data.prefix.namespace"));
    }

    @Test
    void prefixQueryReturnsNullWhenThePrefixIsAbsent() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertNull(run("prefix", "cidr", "10.0.0.0/17", "namespace", ns).ok().get("data.prefix"));
        assertNull(run("prefix", "cidr", "10.0.0.0/15", "namespace", ns).ok().get("data.prefix"));
        assertNull(run("prefix", "cidr", "2001:db8::/32", "namespace", ns).ok().get("data.prefix"));
    }

    @Test
    void prefixQueryWithAnInvalidCidrIsInvalidArgument() {
        String ns = Namespaces.fresh();

        var result = run("prefix", "cidr", "10.0.0.0/33", "namespace", ns);

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().contains("10.0.0.0/33"), result.body());
    }

    // ---- prefixes query

    @Test
    void prefixesListsRootsAndChildrenByNumericAddressIpv4BeforeIpv6() {
        String ns = Namespaces.fresh();
        tree(ns);

        var all = run("prefixes", "namespace", ns).ok();

        assertEquals(List.of(
                        "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.16.0.0/16",
                        "100.64.0.0/10", "192.168.0.0/16",
                        "2001:db8::/32", "2001:db8::/48", "2001:db8:a::/48", "fd00::/8"),
                all.list("data.prefixes.edges.node.cidr"));
        assertEquals(Arrays.asList(
                        null, null, "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/16", "10.0.0.0/8",
                        null, null,
                        null, "2001:db8::/32", "2001:db8::/32", null),
                all.list("data.prefixes.edges.node.parentCidr"));
        assertEquals(BigInteger.valueOf(12), all.get("data.prefixes.totalCount"));
        assertEquals(false, all.get("data.prefixes.pageInfo.hasNextPage"));
    }

    @Test
    void prefixesFilteredByWithinListsOnlyPrefixesInsideTheRange() {
        String ns = Namespaces.fresh();
        tree(ns);

        var within = run("prefixes", "namespace", ns, "within", "10.0.0.0/12").ok();

        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24"), within.list("data.prefixes.edges.node.cidr"));
        assertEquals(BigInteger.valueOf(3), within.get("data.prefixes.totalCount"));
        assertEquals(List.of("2001:db8::/48", "2001:db8:a::/48"),
                run("prefixes", "namespace", ns, "within", "2001:db8::/33").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of(),
                run("prefixes", "namespace", ns, "within", "11.0.0.0/8").ok().list("data.prefixes.edges.node.cidr"));
    }

    @Test
    void prefixesFilteredByContainsListsEveryPrefixHoldingTheAddress() {
        String ns = Namespaces.fresh();
        tree(ns);

        assertEquals(List.of("10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24"),
                run("prefixes", "namespace", ns, "contains", "10.0.0.5").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of("10.0.0.0/8", "10.16.0.0/16"),
                run("prefixes", "namespace", ns, "contains", "10.16.1.1").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of("2001:db8::/32", "2001:db8:a::/48"),
                run("prefixes", "namespace", ns, "contains", "2001:0db8:000a::1").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of(),
                run("prefixes", "namespace", ns, "contains", "8.8.8.8").ok().list("data.prefixes.edges.node.cidr"));
    }

    @Test
    void prefixesFiltersMaskWithinAndKeepMappedAddressesIpv6() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns).ok();
        run("createPrefix", "cidr", "::ffff:10.0.0.0/104", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/8", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertEquals(List.of("10.0.0.0/16"),
                run("prefixes", "namespace", ns, "within", "10.0.0.7/12").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of("::ffff:10.0.0.0/104"),
                run("prefixes", "namespace", ns, "contains", "::ffff:10.0.0.5").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of("10.0.0.0/8", "10.0.0.0/16"),
                run("prefixes", "namespace", ns, "contains", "10.0.0.5").ok().list("data.prefixes.edges.node.cidr"));
    }

    @Test
    void prefixesFilteredByFamilyListsOnlyThatFamily() {
        String ns = Namespaces.fresh();
        tree(ns);

        var v6 = run("prefixes", "namespace", ns, "family", "V6").ok();
        var v4 = run("prefixes", "namespace", ns, "family", "V4").ok();

        assertEquals(List.of("2001:db8::/32", "2001:db8::/48", "2001:db8:a::/48", "fd00::/8"),
                v6.list("data.prefixes.edges.node.cidr"));
        assertEquals(BigInteger.valueOf(4), v6.get("data.prefixes.totalCount"));
        assertEquals(List.of("9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.16.0.0/16",
                "100.64.0.0/10", "192.168.0.0/16"), v4.list("data.prefixes.edges.node.cidr"));
        assertEquals(BigInteger.valueOf(8), v4.get("data.prefixes.totalCount"));
    }

    @Test
    void prefixesFiltersCombineWithAnd() {
        String ns = Namespaces.fresh();
        tree(ns);

        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24"), run("prefixes", "namespace", ns,
                "within", "10.0.0.0/9", "contains", "10.0.0.200", "family", "V4").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of("10.0.0.0/16"), run("prefixes", "namespace", ns,
                "within", "10.0.0.0/9", "contains", "10.0.200.1").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of(), run("prefixes", "namespace", ns,
                "contains", "10.0.0.5", "family", "V6").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(List.of(), run("prefixes", "namespace", ns,
                "within", "2001:db8::/33", "family", "V4").ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(BigInteger.ZERO, run("prefixes", "namespace", ns,
                "within", "2001:db8::/33", "family", "V4").ok().get("data.prefixes.totalCount"));
    }

    @Test
    void prefixesFilterValuesAreValidated() {
        String ns = Namespaces.fresh();

        var within = run("prefixes", "namespace", ns, "within", "10.0.0.0/99");
        var contains = run("prefixes", "namespace", ns, "contains", "10.0.0.999");

        assertEquals("INVALID_ARGUMENT", within.errorCode());
        assertTrue(within.errorMessage().contains("10.0.0.0/99"), within.body());
        assertEquals("INVALID_ARGUMENT", contains.errorCode());
        assertTrue(contains.errorMessage().contains("10.0.0.999"), contains.body());
    }

    @Test
    void prefixesArePagedWithExactCursorsAndCounts() {
        String ns = Namespaces.fresh();
        for (String cidr : List.of("10.4.0.0/16", "10.2.0.0/16", "10.0.0.0/16", "10.3.0.0/16", "10.1.0.0/16")) {
            run("createPrefix", "cidr", cidr, "namespace", ns).ok();
        }

        var first = run("prefixes", "namespace", ns, "first", 2).ok();
        var second = run("prefixes", "namespace", ns, "first", 2, "after", first.string("data.prefixes.pageInfo.endCursor")).ok();
        var third = run("prefixes", "namespace", ns, "first", 2, "after", second.string("data.prefixes.pageInfo.endCursor")).ok();

        assertPage(first, "prefixes", List.of("10.0.0.0/16", "10.1.0.0/16"), 5, true);
        assertPage(second, "prefixes", List.of("10.2.0.0/16", "10.3.0.0/16"), 5, true);
        assertPage(third, "prefixes", List.of("10.4.0.0/16"), 5, false);
    }

    @Test
    void aPageThatEndsExactlyAtTheLastPrefixHasNoNextPage() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();

        var page = run("prefixes", "namespace", ns, "first", 2).ok();

        assertPage(page, "prefixes", List.of("10.0.0.0/16", "10.1.0.0/16"), 2, false);
    }

    @Test
    void pagingWorksTogetherWithFilters() {
        String ns = Namespaces.fresh();
        tree(ns);

        var first = run("prefixes", "namespace", ns, "family", "V6", "first", 3).ok();
        var rest = run("prefixes", "namespace", ns, "family", "V6", "first", 3,
                "after", first.string("data.prefixes.pageInfo.endCursor")).ok();

        assertPage(first, "prefixes", List.of("2001:db8::/32", "2001:db8::/48", "2001:db8:a::/48"), 4, true);
        assertPage(rest, "prefixes", List.of("fd00::/8"), 4, false);
    }

    @Test
    void pagingOneAtATimeVisitsEveryPrefixOnceAcrossNestedPrefixesOnTheSameAddress() {
        String ns = Namespaces.fresh();
        tree(ns);
        List<String> visited = new ArrayList<>();

        String after = null;
        for (int page = 0; page < 12; page++) {
            var result = after == null
                    ? run("prefixes", "namespace", ns, "first", 1).ok()
                    : run("prefixes", "namespace", ns, "first", 1, "after", after).ok();
            visited.addAll(result.list("data.prefixes.edges.node.cidr"));
            assertEquals(page < 11, result.get("data.prefixes.pageInfo.hasNextPage"), result.body());
            assertEquals(BigInteger.valueOf(12), result.get("data.prefixes.totalCount"));
            after = result.string("data.prefixes.pageInfo.endCursor");
        }

        assertEquals(List.of(
                "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.16.0.0/16",
                "100.64.0.0/10", "192.168.0.0/16",
                "2001:db8::/32", "2001:db8::/48", "2001:db8:a::/48", "fd00::/8"), visited);
    }

    @Test
    void anInventedCursorIsInvalidArgument() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var result = run("prefixes", "namespace", ns, "after", "not-a-cursor");

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().contains("not-a-cursor"), result.body());
    }

    @Test
    void firstOutOfRangeIsInvalidArgument() {
        String ns = Namespaces.fresh();

        var negative = run("prefixes", "namespace", ns, "first", -1);
        var huge = run("prefixes", "namespace", ns, "first", 100000);

        assertEquals("INVALID_ARGUMENT", negative.errorCode());
        assertTrue(negative.errorMessage().contains("-1"), negative.body());
        assertEquals("INVALID_ARGUMENT", huge.errorCode());
        assertTrue(huge.errorMessage().contains("100000"), huge.body());
    }

    // ---- Namespace.prefixes

    @Test
    void namespacePrefixesListsOnlyRootsInPages() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/32", "namespace", ns, "description", "v6").ok();
        run("createPrefix", "cidr", "192.168.0.0/16", "namespace", ns, "description", "home").ok();
        run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns, "description", "corp").ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/8", "length", 16, "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "2001:db8::/32", "length", 48, "namespace", ns).ok();

        var first = run("namespace", "name", ns, "first", 2).ok();
        var rest = run("namespace", "name", ns, "first", 2, "after", first.string("data.namespace.prefixes.pageInfo.endCursor")).ok();

        assertPage(first, "namespace.prefixes", List.of("10.0.0.0/8", "192.168.0.0/16"), 3, true);
        assertEquals(List.of("corp", "home"), first.list("data.namespace.prefixes.edges.node.description"));
        assertEquals(List.of("V4", "V4"), first.list("data.namespace.prefixes.edges.node.family"));
        assertPage(rest, "namespace.prefixes", List.of("2001:db8::/32"), 3, false);
        assertEquals(List.of("v6"), rest.list("data.namespace.prefixes.edges.node.description"));
        assertEquals(List.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"),
                run("namespace", "name", ns).ok().list("data.namespace.prefixes.edges.node.cidr"));
    }

    @Test
    void namespacePrefixesRefusesAnInventedCursor() {
        String ns = Namespaces.fresh();

        var result = run("namespace", "name", ns, "after", "bm9wZQ");

        assertEquals("INVALID_ARGUMENT", result.errorCode());
    }

    // ---- prefixesOverlapping

    @Test
    void prefixesOverlappingListsEveryPairInCandidateThenExistingOrder() {
        var result = run("prefixesOverlapping",
                "existing", List.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "11.0.0.0/8"),
                "candidates", List.of("192.168.1.0/24", "10.1.2.3/16", "172.16.0.0/12", "10.0.0.0/7", "2001:db8:1::/48"))
                .ok();

        assertEquals(List.of(
                        pair("192.168.1.0/24", "192.168.0.0/16"),
                        pair("10.1.0.0/16", "10.0.0.0/8"),
                        pair("10.0.0.0/7", "10.0.0.0/8"),
                        pair("10.0.0.0/7", "11.0.0.0/8"),
                        pair("2001:db8:1::/48", "2001:db8::/32")),
                result.get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingFollowsTheOrderOfTheArgumentsNotOfAddresses() {
        var result = run("prefixesOverlapping",
                "existing", List.of("10.2.0.0/16", "10.1.0.0/16"),
                "candidates", List.of("10.0.0.0/8", "10.1.0.0/24")).ok();

        assertEquals(List.of(
                        pair("10.0.0.0/8", "10.2.0.0/16"),
                        pair("10.0.0.0/8", "10.1.0.0/16"),
                        pair("10.1.0.0/24", "10.1.0.0/16")),
                result.get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingIsEmptyWhenNothingOverlaps() {
        var result = run("prefixesOverlapping",
                "existing", List.of("10.0.0.0/24", "10.0.2.0/24"),
                "candidates", List.of("10.0.1.0/24", "10.0.3.0/24", "11.0.0.0/8")).ok();

        assertEquals(List.of(), result.get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingIsEmptyForEmptyLists() {
        assertEquals(List.of(), run("prefixesOverlapping", "existing", List.of(), "candidates", List.of("10.0.0.0/8"))
                .ok().get("data.prefixesOverlapping"));
        assertEquals(List.of(), run("prefixesOverlapping", "existing", List.of("10.0.0.0/8"), "candidates", List.of())
                .ok().get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingNeverPairsDifferentFamilies() {
        var result = run("prefixesOverlapping",
                "existing", List.of("::/8", "::ffff:0:0/96"),
                "candidates", List.of("0.0.0.0/1", "10.0.0.0/8")).ok();

        assertEquals(List.of(), result.get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingAcceptsZeroLengthPrefixes() {
        var result = run("prefixesOverlapping",
                "existing", List.of("::/0"),
                "candidates", List.of("0.0.0.0/0", "2001:db8::/32")).ok();

        assertEquals(List.of(pair("2001:db8::/32", "::/0")), result.get("data.prefixesOverlapping"));
    }

    @Test
    void prefixesOverlappingRefusesAnInvalidCidr() {
        var badCandidate = run("prefixesOverlapping",
                "existing", List.of("10.0.0.0/8"), "candidates", List.of("10.0.0.0/8", "10.0.0.0/33"));
        var badExisting = run("prefixesOverlapping",
                "existing", List.of("300.0.0.0/8"), "candidates", List.of("10.0.0.0/8"));

        assertEquals("INVALID_ARGUMENT", badCandidate.errorCode());
        assertTrue(badCandidate.errorMessage().contains("10.0.0.0/33"), badCandidate.body());
        assertEquals("INVALID_ARGUMENT", badExisting.errorCode());
        assertTrue(badExisting.errorMessage().contains("300.0.0.0/8"), badExisting.body());
    }

    // ---- helpers

    /**
     * Roots 9.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 192.168.0.0/16, 2001:db8::/32, fd00::/8 created out of order,
     * with children 10.0.0.0/16 (itself parent of 10.0.0.0/24 and 10.0.1.0/24), 10.16.0.0/16,
     * 2001:db8::/48 and 2001:db8:a::/48.
     */
    private static void tree(String ns) {
        for (String cidr : List.of("fd00::/8", "192.168.0.0/16", "10.0.0.0/8", "2001:db8::/32", "100.64.0.0/10", "9.0.0.0/8")) {
            run("createPrefix", "cidr", cidr, "namespace", ns).ok();
        }
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/8", "cidr", "10.16.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/8", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "2001:db8::/32", "cidr", "2001:db8:a::/48", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "2001:db8::/32", "cidr", "2001:db8::/48", "namespace", ns).ok();
    }

    private static void assertPage(Result page, String connection, List<String> cidrs, int totalCount, boolean hasNextPage) {
        String at = "data." + connection;
        assertEquals(cidrs, page.list(at + ".edges.node.cidr"), page.body());
        assertEquals(BigInteger.valueOf(totalCount), page.get(at + ".totalCount"), page.body());
        assertEquals(hasNextPage, page.get(at + ".pageInfo.hasNextPage"), page.body());
        List<String> cursors = page.list(at + ".edges.cursor");
        assertEquals(cursors.get(cursors.size() - 1), page.string(at + ".pageInfo.endCursor"), page.body());
        assertEquals(cursors.size(), new HashSet<>(cursors).size(), page.body());
    }

    /** The full prefixes listing of a namespace, cursors and counts included: what a failed mutation must not change. */
    private static Object prefixes(String ns) {
        return run("prefixes", "namespace", ns).ok().get("data.prefixes");
    }

    /** A prefix with its children, usage and addresses. */
    private static Object prefix(String ns, String cidr) {
        return run("prefix", "cidr", cidr, "namespace", ns).ok().get("data.prefix");
    }

    private static List<String> cidrs(String ns) {
        return new ArrayList<>(run("prefixes", "namespace", ns).ok().list("data.prefixes.edges.node.cidr"));
    }

    private static Map<String, Object> pair(String candidate, String existing) {
        return Map.of("candidate", candidate, "existing", existing);
    }
}

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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Acquiring, looking up, releasing and paging IP addresses, IPv4 and IPv6, as SEMANTICS.md fixes them. */
@QuarkusTest
class IpTest {

    // ---- lowest free address, given address, description, lookup

    @Test
    void acquiringWithoutAnAddressGivesTheLowestFreeIpv4Address() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        var first = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

        assertEquals("10.0.0.1", first.string("data.acquireIP.address"));
        assertEquals("10.0.0.0/24", first.string("data.acquireIP.prefixCidr"));
        assertEquals(ns, first.string("data.acquireIP.namespace"));
        assertNull(first.string("data.acquireIP.description"));
        assertEquals("10.0.0.2", acquire(ns, "10.0.0.0/24"));
        assertEquals("10.0.0.3", acquire(ns, "10.0.0.0/24"));
    }

    @Test
    void acquiringWithoutAnAddressGivesTheLowestFreeIpv6Address() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");

        var first = run("acquireIP", "prefix", "2001:db8::/64", "namespace", ns).ok();

        assertEquals("2001:db8::1", first.string("data.acquireIP.address"));
        assertEquals("2001:db8::/64", first.string("data.acquireIP.prefixCidr"));
        assertEquals(ns, first.string("data.acquireIP.namespace"));
        assertEquals("2001:db8::2", acquire(ns, "2001:db8::/64"));
    }

    @Test
    void aGivenIpv4AddressIsAcquiredAndTheLowestFreeOneStaysFree() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        assertEquals("10.0.0.77", acquire(ns, "10.0.0.0/24", "10.0.0.77"));
        assertEquals("10.0.0.1", acquire(ns, "10.0.0.0/24"));
        assertEquals(List.of("10.0.0.1", "10.0.0.77"), state(ns, "10.0.0.0/24").addresses());
    }

    @Test
    void aGivenIpv6AddressInAnyFormIsAcquiredAndReturnedCanonically() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");

        assertEquals("2001:db8::ab", acquire(ns, "2001:db8::/64", "2001:DB8:0:0:0:0:0:00AB"));
        assertEquals("2001:db8::1", acquire(ns, "2001:db8::/64"));
        assertEquals(List.of("2001:db8::1", "2001:db8::ab"), state(ns, "2001:db8::/64").addresses());
    }

    @Test
    void theDescriptionIsStoredAndReturned() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        var acquired = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "description", "web server").ok();
        var found = run("ip", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        var listed = run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        assertEquals("web server", acquired.string("data.acquireIP.description"));
        assertEquals("web server", found.string("data.ip.description"));
        assertEquals(List.of("web server"), listed.list("data.prefix.ips.edges.node.description"));
    }

    @Test
    void theIpQueryReturnsAnAcquiredIpv4Address() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        acquire(ns, "10.0.0.0/24", "10.0.0.9");

        var found = run("ip", "prefix", "10.0.0.0/24", "address", "10.0.0.9", "namespace", ns).ok();

        assertEquals("10.0.0.9", found.string("data.ip.address"));
        assertEquals(ns, found.string("data.ip.namespace"));
        assertEquals("10.0.0.0/24", found.string("data.ip.prefixCidr"));
        assertEquals("10.0.0.0/24", found.string("data.ip.prefix.cidr"));
        assertEquals(BigInteger.valueOf(3), found.get("data.ip.prefix.usage.acquiredIPs"));
    }

    @Test
    void theIpQueryReturnsAnAcquiredIpv6AddressGivenInAnyForm() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "2001:db8::/64", "2001:db8::9");

        var found = run("ip", "prefix", "2001:db8::/64", "address", "2001:0db8:0000::0009", "namespace", ns).ok();

        assertEquals("2001:db8::9", found.string("data.ip.address"));
        assertEquals("2001:db8::/64", found.string("data.ip.prefixCidr"));
        assertEquals(BigInteger.valueOf(2), found.get("data.ip.prefix.usage.acquiredIPs"));
    }

    @Test
    void theIpQueryReturnsNullForAFreeAddressOfAnExistingPrefix() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "10.0.0.0/24");

        var v4 = run("ip", "prefix", "10.0.0.0/24", "address", "10.0.0.2", "namespace", ns).ok();
        var v6 = run("ip", "prefix", "2001:db8::/64", "address", "2001:db8::1", "namespace", ns).ok();

        assertNull(v4.get("data.ip"));
        assertNull(v6.get("data.ip"));
    }

    @Test
    void theIpQueryOfAnUnknownPrefixIsNotFound() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        assertEquals("NOT_FOUND",
                run("ip", "prefix", "10.0.1.0/24", "address", "10.0.1.1", "namespace", ns).errorCode());
        assertEquals("NOT_FOUND",
                run("ip", "prefix", "2001:db8::/64", "address", "2001:db8::1", "namespace", ns).errorCode());
    }

    @Test
    void theIpQueryInAnUnknownNamespaceIsNotFound() {
        String missing = Namespaces.fresh() + "-never-created";

        assertEquals("NOT_FOUND",
                run("ip", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", missing).errorCode());
    }

    // ---- reserved addresses

    @Test
    void anIpv4Slash30HandsOutOnlyItsTwoInnerAddresses() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/30");

        assertEquals("10.0.0.1", acquire(ns, "10.0.0.0/30"));
        assertEquals("10.0.0.2", acquire(ns, "10.0.0.0/30"));
        var exhausted = changesNothing(ns, "10.0.0.0/30", () -> run("acquireIP", "prefix", "10.0.0.0/30", "namespace", ns));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 10.0.0.0/30 left", exhausted.errorMessage());
    }

    @Test
    void theNetworkAndBroadcastAddressOfASlash30AreRefusedByASpecificAcquire() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/30");

        var network = changesNothing(ns, "10.0.0.0/30", () -> acquireResult(ns, "10.0.0.0/30", "10.0.0.0"));
        var broadcast = changesNothing(ns, "10.0.0.0/30", () -> acquireResult(ns, "10.0.0.0/30", "10.0.0.3"));

        assertEquals("ALREADY_ALLOCATED", network.errorCode());
        assertEquals("given ip:10.0.0.0 is already allocated", network.errorMessage());
        assertEquals("ALREADY_ALLOCATED", broadcast.errorCode());
        assertEquals("given ip:10.0.0.3 is already allocated", broadcast.errorMessage());
    }

    @Test
    void theNetworkAndBroadcastAddressOfASlash30CannotBeReleased() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/30");
        acquire(ns, "10.0.0.0/30");

        var network = changesNothing(ns, "10.0.0.0/30", () -> release(ns, "10.0.0.0/30", "10.0.0.0"));
        var broadcast = changesNothing(ns, "10.0.0.0/30", () -> release(ns, "10.0.0.0/30", "10.0.0.3"));

        assertEquals("INVALID_ARGUMENT", network.errorCode());
        assertEquals("INVALID_ARGUMENT", broadcast.errorCode());
    }

    @Test
    void bothAddressesOfAnIpv4Slash31AreUsable() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.4/31");

        assertEquals("192.0.2.4", acquire(ns, "192.0.2.4/31"));
        assertEquals("192.0.2.5", acquire(ns, "192.0.2.4/31"));
        var exhausted = changesNothing(ns, "192.0.2.4/31", () -> run("acquireIP", "prefix", "192.0.2.4/31", "namespace", ns));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 192.0.2.4/31 left", exhausted.errorMessage());
        assertEquals("192.0.2.4", release(ns, "192.0.2.4/31", "192.0.2.4").ok().string("data.releaseIP.address"));
        assertEquals("192.0.2.5", release(ns, "192.0.2.4/31", "192.0.2.5").ok().string("data.releaseIP.address"));
        assertEquals("192.0.2.5", acquire(ns, "192.0.2.4/31", "192.0.2.5"));
    }

    @Test
    void theOneAddressOfAnIpv4Slash32IsUsable() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.7/32");

        assertEquals("192.0.2.7", acquire(ns, "192.0.2.7/32"));
        var exhausted = changesNothing(ns, "192.0.2.7/32", () -> run("acquireIP", "prefix", "192.0.2.7/32", "namespace", ns));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 192.0.2.7/32 left", exhausted.errorMessage());
        assertEquals("192.0.2.7", release(ns, "192.0.2.7/32", "192.0.2.7").ok().string("data.releaseIP.address"));
        assertEquals("192.0.2.7", acquire(ns, "192.0.2.7/32", "192.0.2.7"));
    }

    @Test
    void anIpv6Slash126ReservesOnlyItsFirstAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/126");

        assertEquals("2001:db8::1", acquire(ns, "2001:db8::/126"));
        assertEquals("2001:db8::2", acquire(ns, "2001:db8::/126"));
        assertEquals("2001:db8::3", acquire(ns, "2001:db8::/126"));
        var exhausted = changesNothing(ns, "2001:db8::/126", () -> run("acquireIP", "prefix", "2001:db8::/126", "namespace", ns));
        var first = changesNothing(ns, "2001:db8::/126", () -> acquireResult(ns, "2001:db8::/126", "2001:db8:0::0"));
        var releaseFirst = changesNothing(ns, "2001:db8::/126", () -> release(ns, "2001:db8::/126", "2001:db8::"));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 2001:db8::/126 left", exhausted.errorMessage());
        assertEquals("ALREADY_ALLOCATED", first.errorCode());
        assertEquals("given ip:2001:db8:: is already allocated", first.errorMessage());
        assertEquals("INVALID_ARGUMENT", releaseFirst.errorCode());
    }

    @Test
    void theLastAddressOfAnIpv6Slash126CanBeAcquiredByName() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/126");

        assertEquals("2001:db8::3", acquire(ns, "2001:db8::/126", "2001:db8::3"));
        assertEquals("2001:db8::1", acquire(ns, "2001:db8::/126"));
        assertEquals("2001:db8::2", acquire(ns, "2001:db8::/126"));
        assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "2001:db8::/126", "namespace", ns).errorCode());
    }

    @Test
    void bothAddressesOfAnIpv6Slash127AreUsable() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/127");

        assertEquals("2001:db8::", acquire(ns, "2001:db8::/127"));
        assertEquals("2001:db8::1", acquire(ns, "2001:db8::/127"));
        var exhausted = changesNothing(ns, "2001:db8::/127", () -> run("acquireIP", "prefix", "2001:db8::/127", "namespace", ns));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 2001:db8::/127 left", exhausted.errorMessage());
        assertEquals("2001:db8::", release(ns, "2001:db8::/127", "2001:db8::").ok().string("data.releaseIP.address"));
        assertEquals("2001:db8::", acquire(ns, "2001:db8::/127", "2001:db8::"));
    }

    @Test
    void theOneAddressOfAnIpv6Slash128IsUsable() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::5/128");

        assertEquals("2001:db8::5", acquire(ns, "2001:db8::5/128"));
        var exhausted = changesNothing(ns, "2001:db8::5/128", () -> run("acquireIP", "prefix", "2001:db8::5/128", "namespace", ns));

        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 2001:db8::5/128 left", exhausted.errorMessage());
        assertEquals("2001:db8::5", release(ns, "2001:db8::5/128", "2001:db8::5").ok().string("data.releaseIP.address"));
        assertEquals("2001:db8::5", acquire(ns, "2001:db8::5/128", "2001:db8::5"));
    }

    // ---- exhaustion

    @Test
    void anIpv4Slash24HandsOutItsAddressesInOrderUntilNoneIsLeft() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.1.2.0/24");
        List<String> expected = new ArrayList<>();
        List<String> acquired = new ArrayList<>();

        for (int i = 1; i <= 254; i++) {
            expected.add("10.1.2." + i);
            acquired.add(acquire(ns, "10.1.2.0/24"));
        }
        var exhausted = changesNothing(ns, "10.1.2.0/24", () -> run("acquireIP", "prefix", "10.1.2.0/24", "namespace", ns));

        assertEquals(expected, acquired);
        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 10.1.2.0/24 left", exhausted.errorMessage());
        State full = state(ns, "10.1.2.0/24");
        assertEquals(BigInteger.valueOf(256), full.acquiredIPs());
        assertEquals(BigInteger.ZERO, full.freeIPs());
        assertEquals(BigInteger.valueOf(254), full.totalCount());
    }

    @Test
    void anIpv6Slash120HandsOutItsAddressesInOrderUntilNoneIsLeft() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/120");
        List<String> expected = new ArrayList<>();
        List<String> acquired = new ArrayList<>();

        for (int i = 1; i <= 255; i++) {
            expected.add("2001:db8::" + Integer.toHexString(i));
            acquired.add(acquire(ns, "2001:db8::/120"));
        }
        var exhausted = changesNothing(ns, "2001:db8::/120", () -> run("acquireIP", "prefix", "2001:db8::/120", "namespace", ns));

        assertEquals(expected, acquired);
        assertEquals("NO_IP_AVAILABLE", exhausted.errorCode());
        assertEquals("no more ips in prefix: 2001:db8::/120 left", exhausted.errorMessage());
        State full = state(ns, "2001:db8::/120");
        assertEquals(BigInteger.valueOf(256), full.acquiredIPs());
        assertEquals(BigInteger.ZERO, full.freeIPs());
        assertEquals(BigInteger.valueOf(255), full.totalCount());
    }

    // ---- release

    @Test
    void releasingAcceptsAnyTextualFormOfAnIpv6AddressAndReturnsItCanonically() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");
        for (String address : List.of("2001:db8::5", "2001:db8::6", "2001:db8::7", "2001:db8::a")) {
            acquire(ns, "2001:db8::/64", address);
        }

        var compressed = release(ns, "2001:db8::/64", "2001:db8:0:0::0005").ok();
        var expanded = release(ns, "2001:db8::/64", "2001:0db8:0000:0000:0000:0000:0000:0006").ok();
        var upperCase = release(ns, "2001:db8::/64", "2001:DB8::A").ok();

        assertEquals("2001:db8::5", compressed.string("data.releaseIP.address"));
        assertEquals("2001:db8::/64", compressed.string("data.releaseIP.prefixCidr"));
        assertEquals(ns, compressed.string("data.releaseIP.namespace"));
        assertEquals("2001:db8::6", expanded.string("data.releaseIP.address"));
        assertEquals("2001:db8::a", upperCase.string("data.releaseIP.address"));
        assertEquals(List.of("2001:db8::7"), state(ns, "2001:db8::/64").addresses());
        assertNull(run("ip", "prefix", "2001:db8::/64", "address", "2001:db8::5", "namespace", ns).ok().get("data.ip"));
    }

    @Test
    void releasingAnIpv4AddressReturnsItAndFreesIt() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        acquire(ns, "10.0.0.0/24");
        acquire(ns, "10.0.0.0/24");

        var released = release(ns, "10.0.0.0/24", "10.0.0.1").ok();

        assertEquals("10.0.0.1", released.string("data.releaseIP.address"));
        assertEquals("10.0.0.0/24", released.string("data.releaseIP.prefixCidr"));
        assertEquals(ns, released.string("data.releaseIP.namespace"));
        State after = state(ns, "10.0.0.0/24");
        assertEquals(List.of("10.0.0.2"), after.addresses());
        assertEquals(BigInteger.valueOf(3), after.acquiredIPs());
        assertEquals(BigInteger.valueOf(253), after.freeIPs());
    }

    @Test
    void aReleasedAddressIsHandedOutAgainAsTheLowestFreeOne() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        for (int i = 1; i <= 5; i++) {
            acquire(ns, "10.0.0.0/24");
        }

        release(ns, "10.0.0.0/24", "10.0.0.3").ok();

        assertEquals("10.0.0.3", acquire(ns, "10.0.0.0/24"));
        assertEquals("10.0.0.6", acquire(ns, "10.0.0.0/24"));
    }

    @Test
    void releasedIpv4AddressesMergeBackAndAreHandedOutAgainInAscendingOrder() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        for (int i = 1; i <= 8; i++) {
            acquire(ns, "10.0.0.0/24");
        }

        // .5, .3 then .4 joins two free neighbours; .1 borders the network address, .8 the free rest
        for (String address : List.of("10.0.0.5", "10.0.0.3", "10.0.0.4", "10.0.0.1", "10.0.0.8")) {
            release(ns, "10.0.0.0/24", address).ok();
        }
        List<String> reacquired = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            reacquired.add(acquire(ns, "10.0.0.0/24"));
        }

        assertEquals(List.of("10.0.0.1", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.8", "10.0.0.9"), reacquired);
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7",
                "10.0.0.8", "10.0.0.9"), state(ns, "10.0.0.0/24").addresses());
    }

    @Test
    void releasingEveryAddressRestoresAFreshPrefix() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/29");
        for (int i = 1; i <= 6; i++) {
            acquire(ns, "10.0.0.0/29");
        }

        for (String address : List.of("10.0.0.2", "10.0.0.6", "10.0.0.4", "10.0.0.1", "10.0.0.5", "10.0.0.3")) {
            release(ns, "10.0.0.0/29", address).ok();
        }
        State empty = state(ns, "10.0.0.0/29");

        assertEquals(List.of(), empty.addresses());
        assertEquals(BigInteger.valueOf(2), empty.acquiredIPs());
        assertEquals(BigInteger.valueOf(6), empty.freeIPs());
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"),
                List.of(acquire(ns, "10.0.0.0/29"), acquire(ns, "10.0.0.0/29"), acquire(ns, "10.0.0.0/29"),
                        acquire(ns, "10.0.0.0/29"), acquire(ns, "10.0.0.0/29"), acquire(ns, "10.0.0.0/29")));
    }

    @Test
    void releasedIpv6AddressesUpToTheLastOneAreHandedOutAgainInAscendingOrder() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/126");
        acquire(ns, "2001:db8::/126");
        acquire(ns, "2001:db8::/126");
        acquire(ns, "2001:db8::/126");

        release(ns, "2001:db8::/126", "2001:db8::3").ok();
        release(ns, "2001:db8::/126", "2001:db8::1").ok();
        release(ns, "2001:db8::/126", "2001:db8::2").ok();

        assertEquals("2001:db8::1", acquire(ns, "2001:db8::/126"));
        assertEquals("2001:db8::2", acquire(ns, "2001:db8::/126"));
        assertEquals("2001:db8::3", acquire(ns, "2001:db8::/126"));
        assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "2001:db8::/126", "namespace", ns).errorCode());
    }

    // ---- errors; each failed mutation leaves the prefix as it was

    @Test
    void anAddressOutsideThePrefixIsAnInvalidArgument() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "10.0.0.0/24");
        acquire(ns, "2001:db8::/64");

        var v4 = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.0.0/24", "10.0.1.5"));
        var v6 = changesNothing(ns, "2001:db8::/64", () -> acquireResult(ns, "2001:db8::/64", "2001:db9::1"));
        var releaseV4 = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.0.0/24", "10.0.1.1"));

        assertEquals("INVALID_ARGUMENT", v4.errorCode());
        assertTrue(v4.errorMessage().contains("10.0.1.5"), v4.errorMessage());
        assertEquals("INVALID_ARGUMENT", v6.errorCode());
        assertTrue(v6.errorMessage().contains("2001:db9::1"), v6.errorMessage());
        assertEquals("INVALID_ARGUMENT", releaseV4.errorCode());
    }

    @Test
    void anAddressOfTheOtherFamilyIsAnInvalidArgument() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "10.0.0.0/24");

        var v6InV4 = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.0.0/24", "2001:db8::1"));
        var v4InV6 = changesNothing(ns, "2001:db8::/64", () -> acquireResult(ns, "2001:db8::/64", "10.0.0.1"));
        var releaseV6InV4 = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.0.0/24", "2001:db8::1"));

        assertEquals("INVALID_ARGUMENT", v6InV4.errorCode());
        assertTrue(v6InV4.errorMessage().contains("2001:db8::1"), v6InV4.errorMessage());
        assertEquals("INVALID_ARGUMENT", v4InV6.errorCode());
        assertEquals("INVALID_ARGUMENT", releaseV6InV4.errorCode());
    }

    @Test
    void aMalformedAddressIsAnInvalidArgumentNamingTheBadValue() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "10.0.0.0/24");

        for (String bad : List.of("10.0.0.256", "10.0.0.1.2", "10.0.0")) {
            var result = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.0.0/24", bad));
            assertEquals("INVALID_ARGUMENT", result.errorCode(), bad);
            assertTrue(result.errorMessage().contains(bad), result.errorMessage());
        }
        for (String bad : List.of("2001:db8::g", "2001:db8:::1", "2001:db8::1::2")) {
            var result = changesNothing(ns, "2001:db8::/64", () -> acquireResult(ns, "2001:db8::/64", bad));
            assertEquals("INVALID_ARGUMENT", result.errorCode(), bad);
            assertTrue(result.errorMessage().contains(bad), result.errorMessage());
        }
        var release = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.0.0/24", "10.0.0.x"));
        assertEquals("INVALID_ARGUMENT", release.errorCode());
        assertTrue(release.errorMessage().contains("10.0.0.x"), release.errorMessage());
        var lookup = run("ip", "prefix", "10.0.0.0/24", "address", "10.0.0.999", "namespace", ns);
        assertEquals("INVALID_ARGUMENT", lookup.errorCode());
        assertTrue(lookup.errorMessage().contains("10.0.0.999"), lookup.errorMessage());
    }

    @Test
    void aHostNameIsNeverTakenForAnAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "127.0.0.0/24");
        createPrefix(ns, "10.0.0.0/24");
        acquire(ns, "127.0.0.0/24", "127.0.0.1");

        for (String host : List.of("localhost", "example.com")) {
            var acquire = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.0.0/24", host));
            var release = changesNothing(ns, "127.0.0.0/24", () -> release(ns, "127.0.0.0/24", host));
            var lookup = run("ip", "prefix", "127.0.0.0/24", "address", host, "namespace", ns);
            assertEquals("INVALID_ARGUMENT", acquire.errorCode(), host);
            assertEquals("INVALID_ARGUMENT", release.errorCode(), host);
            assertEquals("INVALID_ARGUMENT", lookup.errorCode(), host);
        }
    }

    @Test
    void aTakenIpv4AddressIsAlreadyAllocated() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        acquire(ns, "10.0.0.0/24", "10.0.0.5");

        var again = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.0.0/24", "10.0.0.5"));

        assertEquals("ALREADY_ALLOCATED", again.errorCode());
        assertEquals("given ip:10.0.0.5 is already allocated", again.errorMessage());
    }

    @Test
    void aTakenIpv6AddressIsAlreadyAllocatedAndNamedCanonically() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "2001:db8::/64", "2001:db8::5");

        var again = changesNothing(ns, "2001:db8::/64", () -> acquireResult(ns, "2001:db8::/64", "2001:DB8:0:0::0005"));

        assertEquals("ALREADY_ALLOCATED", again.errorCode());
        assertEquals("given ip:2001:db8::5 is already allocated", again.errorMessage());
    }

    @Test
    void releasingAnAddressThatIsNotAcquiredIsNotFound() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "2001:db8::/64");
        acquire(ns, "10.0.0.0/24");
        acquire(ns, "2001:db8::/64");

        var never = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.0.0/24", "10.0.0.2"));
        var v6 = changesNothing(ns, "2001:db8::/64", () -> release(ns, "2001:db8::/64", "2001:db8::2"));
        release(ns, "10.0.0.0/24", "10.0.0.1").ok();
        var twice = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.0.0/24", "10.0.0.1"));

        assertEquals("NOT_FOUND", never.errorCode());
        assertEquals("NOT_FOUND", v6.errorCode());
        assertEquals("NOT_FOUND", twice.errorCode());
    }

    @Test
    void anUnknownPrefixIsNotFoundForEveryIpOperation() {
        String ns = Namespaces.fresh();
        String other = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(other, "10.0.1.0/24");

        var acquire = changesNothing(ns, "10.0.0.0/24", () -> run("acquireIP", "prefix", "10.0.1.0/24", "namespace", ns));
        var specific = changesNothing(ns, "10.0.0.0/24", () -> acquireResult(ns, "10.0.1.0/24", "10.0.1.7"));
        var release = changesNothing(ns, "10.0.0.0/24", () -> release(ns, "10.0.1.0/24", "10.0.1.7"));
        var v6 = run("acquireIP", "prefix", "2001:db8::/64", "namespace", ns);

        assertEquals("NOT_FOUND", acquire.errorCode());
        assertEquals("NOT_FOUND", specific.errorCode());
        assertEquals("NOT_FOUND", release.errorCode());
        assertEquals("NOT_FOUND", v6.errorCode());
        assertNull(run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok().get("data.prefix"));
        assertEquals(List.of(), state(other, "10.0.1.0/24").addresses());
    }

    @Test
    void anUnknownNamespaceIsNotFoundForEveryIpOperation() {
        String missing = Namespaces.fresh() + "-never-created";

        assertEquals("NOT_FOUND", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", missing).errorCode());
        assertEquals("NOT_FOUND", acquireResult(missing, "10.0.0.0/24", "10.0.0.1").errorCode());
        assertEquals("NOT_FOUND", release(missing, "10.0.0.0/24", "10.0.0.1").errorCode());
    }

    @Test
    void anInvalidNamespaceNameIsAnInvalidArgumentEvenWhenThePrefixDoesNotExist() {
        for (String name : List.of("Not_Valid", "-leading-dash", "")) {
            assertEquals("INVALID_ARGUMENT",
                    run("acquireIP", "prefix", "10.99.0.0/24", "namespace", name).errorCode(), name);
            assertEquals("INVALID_ARGUMENT", acquireResult(name, "10.99.0.0/24", "10.99.0.1").errorCode(), name);
            assertEquals("INVALID_ARGUMENT", release(name, "10.99.0.0/24", "10.99.0.1").errorCode(), name);
            assertEquals("INVALID_ARGUMENT",
                    run("ip", "prefix", "10.99.0.0/24", "address", "10.99.0.1", "namespace", name).errorCode(), name);
        }
    }

    @Test
    void aPrefixWithChildPrefixesHandsOutIpsOnlyOnceItsLastChildIsReleased() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();

        var lowest = changesNothing(ns, "10.0.0.0/16", () -> run("acquireIP", "prefix", "10.0.0.0/16", "namespace", ns));
        var specific = changesNothing(ns, "10.0.0.0/16", () -> acquireResult(ns, "10.0.0.0/16", "10.0.200.1"));
        run("releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        var withOneChild = changesNothing(ns, "10.0.0.0/16", () -> run("acquireIP", "prefix", "10.0.0.0/16", "namespace", ns));
        run("releaseChildPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();

        assertEquals("HAS_CHILDREN", lowest.errorCode());
        assertEquals("HAS_CHILDREN", specific.errorCode());
        assertEquals("HAS_CHILDREN", withOneChild.errorCode());
        assertEquals("10.0.0.1", acquire(ns, "10.0.0.0/16"));
        assertEquals("10.0.200.1", acquire(ns, "10.0.0.0/16", "10.0.200.1"));
        assertEquals(List.of("10.0.0.1", "10.0.200.1"), state(ns, "10.0.0.0/16").addresses());
    }

    // ---- IPv4-mapped IPv6

    @Test
    void anIpv4MappedIpv6AddressPrintsInMixedNotation() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "::ffff:192.0.2.0/120");

        var acquired = run("acquireIP", "prefix", "::ffff:192.0.2.0/120", "namespace", ns).ok();
        var found = run("ip", "prefix", "::ffff:192.0.2.0/120", "address", "::ffff:c000:201", "namespace", ns).ok();
        var released = release(ns, "::ffff:192.0.2.0/120", "0:0:0:0:0:ffff:c000:0201").ok();

        assertEquals("::ffff:192.0.2.1", acquired.string("data.acquireIP.address"));
        assertEquals("::ffff:192.0.2.1", found.string("data.ip.address"));
        assertEquals("::ffff:192.0.2.1", released.string("data.releaseIP.address"));
    }

    // ---- pagination of ips

    @Test
    void ipsArePagedInAddressOrderWithExactCountsAndCursors() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        // given out of order, and with .9/.10/.100 so that text order would differ from address order
        for (String address : List.of("10.0.0.100", "10.0.0.9", "10.0.0.10", "10.0.0.2", "10.0.0.1")) {
            acquire(ns, "10.0.0.0/24", address);
        }

        var page1 = run("prefix", "cidr", "10.0.0.0/24", "namespace", ns, "first", 2).ok();
        var page2 = run("prefix", "cidr", "10.0.0.0/24", "namespace", ns, "first", 2,
                "after", page1.string("data.prefix.ips.pageInfo.endCursor")).ok();
        var page3 = run("prefix", "cidr", "10.0.0.0/24", "namespace", ns, "first", 2,
                "after", page2.string("data.prefix.ips.pageInfo.endCursor")).ok();

        assertEquals(List.of("10.0.0.1", "10.0.0.2"), page1.list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of("10.0.0.9", "10.0.0.10"), page2.list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of("10.0.0.100"), page3.list("data.prefix.ips.edges.node.address"));
        for (var page : List.of(page1, page2, page3)) {
            assertEquals(BigInteger.valueOf(5), page.get("data.prefix.ips.totalCount"));
            assertEquals(page.string("data.prefix.ips.edges[-1].cursor"), page.string("data.prefix.ips.pageInfo.endCursor"));
        }
        assertEquals(true, page1.get("data.prefix.ips.pageInfo.hasNextPage"));
        assertEquals(true, page2.get("data.prefix.ips.pageInfo.hasNextPage"));
        assertEquals(false, page3.get("data.prefix.ips.pageInfo.hasNextPage"));
    }

    @Test
    void ipv6IpsArePagedInAddressOrder() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");
        for (String address : List.of("2001:db8::10", "2001:db8::a", "2001:db8::9", "2001:db8::1:0")) {
            acquire(ns, "2001:db8::/64", address);
        }

        var page1 = run("prefix", "cidr", "2001:db8::/64", "namespace", ns, "first", 2).ok();
        var page2 = run("prefix", "cidr", "2001:db8::/64", "namespace", ns, "first", 2,
                "after", page1.string("data.prefix.ips.pageInfo.endCursor")).ok();

        assertEquals(List.of("2001:db8::9", "2001:db8::a"), page1.list("data.prefix.ips.edges.node.address"));
        assertEquals(List.of("2001:db8::10", "2001:db8::1:0"), page2.list("data.prefix.ips.edges.node.address"));
        assertEquals(BigInteger.valueOf(4), page1.get("data.prefix.ips.totalCount"));
        assertEquals(BigInteger.valueOf(4), page2.get("data.prefix.ips.totalCount"));
        assertEquals(true, page1.get("data.prefix.ips.pageInfo.hasNextPage"));
        assertEquals(false, page2.get("data.prefix.ips.pageInfo.hasNextPage"));
    }

    @Test
    void anInventedCursorIsAnInvalidArgument() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        acquire(ns, "10.0.0.0/24");

        for (String cursor : List.of("not-a-cursor", "bm90LWEtY3Vyc29y", "10.0.0.1")) {
            assertEquals("INVALID_ARGUMENT",
                    run("prefix", "cidr", "10.0.0.0/24", "namespace", ns, "first", 2, "after", cursor).errorCode(), cursor);
        }
    }

    @Test
    void aNegativePageSizeIsAnInvalidArgument() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        assertEquals("INVALID_ARGUMENT", run("prefix", "cidr", "10.0.0.0/24", "namespace", ns, "first", -1).errorCode());
    }

    // ---- helpers

    /** What a failed mutation must leave untouched. */
    private record State(BigInteger acquiredIPs, BigInteger freeIPs, BigInteger totalCount, List<String> addresses) {
    }

    private static State state(String ns, String cidr) {
        var prefix = run("prefix", "cidr", cidr, "namespace", ns).ok();
        return new State(prefix.get("data.prefix.usage.acquiredIPs"), prefix.get("data.prefix.usage.freeIPs"),
                prefix.get("data.prefix.ips.totalCount"), prefix.list("data.prefix.ips.edges.node.address"));
    }

    /** Runs a mutation that is expected to fail and checks that the prefix is as it was before. */
    private static Result changesNothing(String ns, String cidr, Supplier<Result> mutation) {
        State before = state(ns, cidr);
        Result result = mutation.get();
        assertEquals(before, state(ns, cidr), "prefix " + cidr + " changed after " + result.body());
        return result;
    }

    private static void createPrefix(String ns, String cidr) {
        run("createPrefix", "cidr", cidr, "namespace", ns).ok();
    }

    private static String acquire(String ns, String cidr) {
        return run("acquireIP", "prefix", cidr, "namespace", ns).ok().string("data.acquireIP.address");
    }

    private static String acquire(String ns, String cidr, String address) {
        return acquireResult(ns, cidr, address).ok().string("data.acquireIP.address");
    }

    private static Result acquireResult(String ns, String cidr, String address) {
        return run("acquireIP", "prefix", cidr, "address", address, "namespace", ns);
    }

    private static Result release(String ns, String cidr, String address) {
        return run("releaseIP", "prefix", cidr, "address", address, "namespace", ns);
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact usage figures of a prefix: sizes, counts, free space and utilization, IPv4 and IPv6. */
@QuarkusTest
class UsageTest {

    private static final BigInteger TWO_TO_THE_64 = BigInteger.TWO.pow(64);

    @Test
    void aFreshIpv4Slash24HasTwoReservedAndTwoHundredFiftyFourFreeAddresses() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        var usage = usage(ns, "10.0.0.0/24");

        assertEquals(big(256), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(254), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(big(64), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(List.of("10.0.0.0/24"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(2.0 / 256, utilization(usage));
        assertEquals(0.0078125, utilization(usage));
    }

    @Test
    void acquiringThreeIpsCountsThemAndLeavesTheFreeSpaceWhole() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        for (int i = 0; i < 3; i++) {
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        }

        var usage = usage(ns, "10.0.0.0/24");

        assertEquals(big(256), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(5), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(251), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(big(64), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(List.of("10.0.0.0/24"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(5.0 / 256, utilization(usage));
    }

    @Test
    void releasingAnIpGivesItsAddressBackToTheFreeCount() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        var usage = usage(ns, "10.0.0.0/24");

        assertEquals(big(3), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(253), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(3.0 / 256, utilization(usage));
    }

    @Test
    void anIpv6Slash64HasTwoToTheSixtyFourAddressesCountedExactly() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");

        var usage = usage(ns, "2001:db8::/64");

        assertEquals(new BigInteger("18446744073709551616"), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(new BigInteger("18446744073709551615"), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(TWO_TO_THE_64.shiftRight(2), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(List.of("2001:db8::/64"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(Math.pow(2, -64), utilization(usage));
    }

    @Test
    void anIpv6Slash64CountsEachAcquiredAddressExactly() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");
        run("acquireIP", "prefix", "2001:db8::/64", "namespace", ns).ok();

        var usage = usage(ns, "2001:db8::/64");

        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(new BigInteger("18446744073709551614"), exact(usage.get("data.prefix.usage.freeIPs")));
    }

    @Test
    void anIpv4Slash16WithTwoChildrenReportsTheRestAsAMinimalCidrList() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.4.0/24", "namespace", ns).ok();

        var usage = usage(ns, "10.0.0.0/16");

        assertEquals(big(65536), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of("10.0.0.0/24", "10.0.2.0/23", "10.0.5.0/24", "10.0.6.0/23", "10.0.8.0/21",
                "10.0.16.0/20", "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17"),
                usage.list("data.prefix.usage.availablePrefixes"));
        // 254 free /24 blocks of 64 /30 blocks each
        assertEquals(big(16256), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(512.0 / 65536, utilization(usage));
        assertEquals(List.of("10.0.1.0/24", "10.0.4.0/24"), usage.list("data.prefix.children.cidr"));
    }

    @Test
    void anIpv4Slash16WithTwoBestFitChildrenReportsTheRestAsAMinimalCidrList() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();

        var usage = usage(ns, "10.0.0.0/16");

        assertEquals(big(0), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of("10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19",
                "10.0.64.0/18", "10.0.128.0/17"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(16256), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.0078125, utilization(usage));
    }

    @Test
    void aParentWithChildrenStillCountsItsOwnReservedAddresses() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();

        var usage = usage(ns, "10.0.0.0/16");

        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
    }

    @Test
    void aChildPrefixHasTheUsageOfAFreshPrefixOfItsLength() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();

        var usage = usage(ns, "10.0.1.0/24");

        assertEquals(big(256), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(254), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(big(64), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(List.of("10.0.1.0/24"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(0.0078125, utilization(usage));
    }

    @Test
    void releasingTheLastChildRestoresTheUsageOfAFreshPrefix() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.4.0/24", "namespace", ns).ok();

        run("releaseChildPrefix", "cidr", "10.0.4.0/24", "namespace", ns).ok();
        run("releaseChildPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        var usage = usage(ns, "10.0.0.0/16");

        assertEquals(big(65536), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(65534), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of("10.0.0.0/16"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(16384), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(2.0 / 65536, utilization(usage));
    }

    @Test
    void anIpv6Slash48WithOneSlash64ChildCountsItsFreeSpaceExactly() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/48");
        run("acquireChildPrefix", "parent", "2001:db8::/48", "length", 64, "namespace", ns).ok();

        var usage = usage(ns, "2001:db8::/48");

        assertEquals(BigInteger.TWO.pow(80), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of("2001:db8:0:1::/64", "2001:db8:0:2::/63", "2001:db8:0:4::/62", "2001:db8:0:8::/61",
                "2001:db8:0:10::/60", "2001:db8:0:20::/59", "2001:db8:0:40::/58", "2001:db8:0:80::/57",
                "2001:db8:0:100::/56", "2001:db8:0:200::/55", "2001:db8:0:400::/54", "2001:db8:0:800::/53",
                "2001:db8:0:1000::/52", "2001:db8:0:2000::/51", "2001:db8:0:4000::/50", "2001:db8:0:8000::/49"),
                usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(BigInteger.TWO.pow(78).subtract(BigInteger.TWO.pow(62)),
                exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(Math.pow(2, -16), utilization(usage));
    }

    @Test
    void anIpv4Slash30HasTwoReservedAndTwoFreeAddresses() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/30");

        var usage = usage(ns, "10.0.0.0/30");

        assertEquals(big(4), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(List.of("10.0.0.0/30"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.5, utilization(usage));
    }

    @Test
    void anIpv4Slash31HasNoReservedAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.4/31");

        var usage = usage(ns, "192.0.2.4/31");

        assertEquals(big(2), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of(), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.0, utilization(usage));
    }

    @Test
    void anIpv4Slash31WithOneAcquiredAddressIsHalfUsed() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.4/31");
        run("acquireIP", "prefix", "192.0.2.4/31", "namespace", ns).ok();

        var usage = usage(ns, "192.0.2.4/31");

        assertEquals(big(1), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(0.5, utilization(usage));
    }

    @Test
    void anIpv4Slash32HasNoReservedAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.7/32");

        var usage = usage(ns, "192.0.2.7/32");

        assertEquals(big(1), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(List.of(), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.0, utilization(usage));
    }

    @Test
    void anIpv4Slash32WithItsAddressAcquiredIsFullyUsed() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "192.0.2.7/32");
        run("acquireIP", "prefix", "192.0.2.7/32", "namespace", ns).ok();

        var usage = usage(ns, "192.0.2.7/32");

        assertEquals(big(1), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(1.0, utilization(usage));
    }

    @Test
    void anIpv6Slash126ReservesOnlyItsFirstAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/126");

        var usage = usage(ns, "2001:db8::/126");

        assertEquals(big(4), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(3), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(List.of("2001:db8::/126"), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.25, utilization(usage));
    }

    @Test
    void anIpv6Slash127HasNoReservedAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/127");

        var usage = usage(ns, "2001:db8::/127");

        assertEquals(big(2), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(2), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(List.of(), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.0, utilization(usage));
    }

    @Test
    void anIpv6Slash128HasNoReservedAddress() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::5/128");

        var usage = usage(ns, "2001:db8::5/128");

        assertEquals(big(1), exact(usage.get("data.prefix.usage.size")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredIPs")));
        assertEquals(big(1), exact(usage.get("data.prefix.usage.freeIPs")));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.acquiredPrefixes")));
        assertEquals(List.of(), usage.list("data.prefix.usage.availablePrefixes"));
        assertEquals(big(0), exact(usage.get("data.prefix.usage.availableSmallestPrefixes")));
        assertEquals(0.0, utilization(usage));
    }

    @Test
    void aDeletedPrefixAnswersFromTheDatabaseNotFromItsLastRow() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        var deleted = GraphQL.send("mutation($ns: String) { deletePrefix(cidr: \"10.0.0.0/24\", namespace: $ns) { cidr "
                + "usage { freeIPs availableSmallestPrefixes availablePrefixes } children { cidr } ips { totalCount } } }",
                GraphQL.vars("ns", ns)).ok();

        // its free space went with it: none is left to hand out, as the loaded figures of a deleted prefix say
        assertEquals("10.0.0.0/24", deleted.string("data.deletePrefix.cidr"));
        assertEquals(big(0), exact(deleted.get("data.deletePrefix.usage.availableSmallestPrefixes")));
        assertEquals(List.of(), deleted.list("data.deletePrefix.usage.availablePrefixes"));
        assertEquals(List.of(), deleted.list("data.deletePrefix.children"));
        assertEquals(big(0), exact(deleted.get("data.deletePrefix.ips.totalCount")));
    }

    // ---- helpers

    private static void createPrefix(String ns, String cidr) {
        run("createPrefix", "cidr", cidr, "namespace", ns).ok();
    }

    private static Result usage(String ns, String cidr) {
        return run("prefix", "cidr", cidr, "namespace", ns).ok();
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /** A BigInteger field, which the contract lets the service send as a JSON number or a string. */
    private static BigInteger exact(Object value) {
        return new BigInteger(String.valueOf(value));
    }

    /** The utilization exactly as sent, read without going through float. */
    private static double utilization(Result result) {
        BigDecimal sent = new JsonPath(result.body())
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                .get("data.prefix.usage.utilization");
        return sent.doubleValue();
    }
}

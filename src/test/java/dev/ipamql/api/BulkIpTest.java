package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** acquireIPs and releaseIPs: one transaction each, all or nothing. */
@QuarkusTest
class BulkIpTest {

    @Test
    void acquiringManyGivesTheLowestFreeAddressesInOrder() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.3", "namespace", ns).ok();

        var taken = run("acquireIPs", "prefix", "10.0.0.0/24", "count", 5, "namespace", ns, "description", "rack 7").ok();

        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6"),
                taken.list("data.acquireIPs.address"));
        assertEquals(List.of("rack 7", "rack 7", "rack 7", "rack 7", "rack 7"), taken.list("data.acquireIPs.description"));
        assertEquals("8", usage(ns, "10.0.0.0/24").string("data.prefix.usage.acquiredIPs"));
        assertEquals("10.0.0.7", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        Consistency.assertHolds();
    }

    @Test
    void aThousandIpv6AddressesComeInOneCall() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "2001:db8::/64");

        List<String> taken = run("acquireIPs", "prefix", "2001:db8::/64", "count", 1000, "namespace", ns).ok()
                .list("data.acquireIPs.address");

        assertEquals(1000, taken.size());
        assertEquals("2001:db8::1", taken.get(0));
        assertEquals("2001:db8::3e8", taken.get(999));
        assertEquals("1001", usage(ns, "2001:db8::/64").string("data.prefix.usage.acquiredIPs"));
    }

    @Test
    void askingForMoreThanIsFreeTakesNothing() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/29");
        run("acquireIP", "prefix", "10.0.0.0/29", "namespace", ns).ok();

        Result tooMany = run("acquireIPs", "prefix", "10.0.0.0/29", "count", 6, "namespace", ns);

        assertEquals("NO_IP_AVAILABLE", tooMany.errorCode());
        assertEquals("prefix 10.0.0.0/29 has 5 free addresses, fewer than the 6 asked for; none were acquired",
                tooMany.errorMessage());
        assertEquals("3", usage(ns, "10.0.0.0/29").string("data.prefix.usage.acquiredIPs"));
        assertEquals(5, run("acquireIPs", "prefix", "10.0.0.0/29", "count", 5, "namespace", ns).ok()
                .list("data.acquireIPs.address").size());
        Consistency.assertHolds();
    }

    @Test
    void theCountIsBounded() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        for (int count : new int[] {0, -1, 1001}) {
            Result refused = run("acquireIPs", "prefix", "10.0.0.0/16", "count", count, "namespace", ns);
            assertEquals("INVALID_ARGUMENT", refused.errorCode());
            assertEquals("count must hold 1 to 1000 addresses, not " + count, refused.errorMessage());
        }
        Result tooMany = run("releaseIPs", "prefix", "10.0.0.0/16", "addresses",
                IntStream.rangeClosed(1, 1001).mapToObj(i -> "10.0." + i / 256 + "." + i % 256).toList(), "namespace", ns);
        assertError("INVALID_ARGUMENT", "addresses must hold 1 to 1000 addresses, not 1001", tooMany);
        assertError("INVALID_ARGUMENT", "addresses must hold 1 to 1000 addresses, not 0", run("releaseIPs", "prefix",
                "10.0.0.0/16", "addresses", List.of(), "namespace", ns));
    }

    @Test
    void aPrefixWithChildrenOrUnknownHandsOutNone() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/16");
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();

        assertEquals("HAS_CHILDREN", run("acquireIPs", "prefix", "10.0.0.0/16", "count", 2, "namespace", ns).errorCode());
        assertEquals("NOT_FOUND", run("acquireIPs", "prefix", "10.9.0.0/16", "count", 2, "namespace", ns).errorCode());
        assertEquals("NOT_FOUND", run("releaseIPs", "prefix", "10.9.0.0/16", "addresses", List.of("10.9.0.1"),
                "namespace", ns).errorCode());
    }

    @Test
    void releasingManyFreesThemAllAndMergesTheFreeRanges() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        run("acquireIPs", "prefix", "10.0.0.0/24", "count", 10, "namespace", ns).ok();

        var released = run("releaseIPs", "prefix", "10.0.0.0/24", "addresses",
                List.of("10.0.0.4", "10.0.0.2", "10.0.0.3", "10.0.0.9", "10.0.0.10"), "namespace", ns).ok();

        assertEquals(List.of("10.0.0.4", "10.0.0.2", "10.0.0.3", "10.0.0.9", "10.0.0.10"),
                released.list("data.releaseIPs.address"));
        assertEquals("7", usage(ns, "10.0.0.0/24").string("data.prefix.usage.acquiredIPs"));
        assertEquals(List.of("10.0.0.2-10.0.0.4", "10.0.0.9-10.0.0.254"), freeRanges(ns, "10.0.0.0/24"));
        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.9"), run("acquireIPs", "prefix", "10.0.0.0/24",
                "count", 4, "namespace", ns).ok().list("data.acquireIPs.address"));
        Consistency.assertHolds();
    }

    @Test
    void releasingNothingWhenOneIsNotAcquiredTwiceListedReservedOrOutside() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        run("acquireIPs", "prefix", "10.0.0.0/24", "count", 3, "namespace", ns).ok();

        Result notAcquired = run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.0.1", "10.0.0.7", "10.0.0.2"),
                "namespace", ns);
        assertEquals("NOT_FOUND", notAcquired.errorCode());
        assertEquals("ip 10.0.0.7 is not acquired in prefix 10.0.0.0/24", notAcquired.errorMessage());
        Result twice = run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.0.1", "10.0.0.1"), "namespace", ns);
        assertError("INVALID_ARGUMENT", "addresses[1]: 10.0.0.1 is listed twice", twice);
        assertEquals("INVALID_ARGUMENT", run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.0.255"),
                "namespace", ns).errorCode());
        assertEquals("INVALID_ARGUMENT", run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.1.1"),
                "namespace", ns).errorCode());

        assertEquals("5", usage(ns, "10.0.0.0/24").string("data.prefix.usage.acquiredIPs"));
        assertEquals(List.of("10.0.0.4-10.0.0.254"), freeRanges(ns, "10.0.0.0/24"));
    }

    @Test
    void aRepeatedRequestIdReturnsTheFirstAddresses() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");

        List<String> first = run("acquireIPs", "prefix", "10.0.0.0/24", "count", 3, "namespace", ns, "requestId", "batch-1")
                .ok().list("data.acquireIPs.address");
        List<String> again = run("acquireIPs", "prefix", "10.0.0.0/24", "count", 3, "namespace", ns, "requestId", "batch-1")
                .ok().list("data.acquireIPs.address");

        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), first);
        assertEquals(first, again);
        assertEquals("5", usage(ns, "10.0.0.0/24").string("data.prefix.usage.acquiredIPs"));
        assertEquals("INVALID_ARGUMENT", run("acquireIPs", "prefix", "10.0.0.0/24", "count", 4, "namespace", ns,
                "requestId", "batch-1").errorCode());
    }

    @Test
    void eachBulkCallIsOneAuditRecord() {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        run("acquireIPs", "prefix", "10.0.0.0/24", "count", 2, "namespace", ns, "description", "x").ok();
        run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.0.2"), "namespace", ns).ok();

        var log = run("auditLog", "namespace", ns).ok();
        assertEquals(List.of("releaseIPs", "acquireIPs", "createPrefix", "createNamespace"), log.list("data.auditLog.edges.node.operation"));
        assertEquals("{\"prefix\":\"10.0.0.0/24\",\"addresses\":[\"10.0.0.2\"]}",
                log.string("data.auditLog.edges[0].node.arguments"));
        assertEquals("{\"prefix\":\"10.0.0.0/24\",\"count\":2,\"description\":\"x\",\"requestId\":null}",
                log.string("data.auditLog.edges[1].node.arguments"));
    }

    /** The only error has this code and this message. */
    private static void assertError(String code, String message, Result result) {
        assertEquals(code, result.errorCode(), result.body());
        assertEquals(message, result.errorMessage());
    }

    private static void createPrefix(String ns, String cidr) {
        run("createPrefix", "cidr", cidr, "namespace", ns).ok();
    }

    private static Result usage(String ns, String cidr) {
        return run("prefix", "cidr", cidr, "namespace", ns).ok();
    }

    private static List<String> freeRanges(String ns, String cidr) throws Exception {
        try (Connection db = Database.connect(); PreparedStatement sql = db.prepareStatement(
                "SELECT host(r.first_address) || '-' || host(r.last_address) FROM ip_free_range r JOIN prefix p "
                        + "ON p.id = r.prefix_id WHERE p.namespace = ? AND p.cidr = ?::cidr ORDER BY r.first_address")) {
            sql.setString(1, ns);
            sql.setString(2, cidr);
            List<String> ranges = new ArrayList<>();
            try (var rows = sql.executeQuery()) {
                while (rows.next()) {
                    ranges.add(rows.getString(1));
                }
            }
            return ranges;
        }
    }
}

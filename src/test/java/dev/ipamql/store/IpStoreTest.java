package dev.ipamql.store;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.address.Address;
import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The statement that takes hinted ranges of several prefixes at once, called directly: each prefix whose
 * range is still its lowest gets exactly its own addresses, descriptions, count and audit records, in order;
 * a prefix whose range is not gets nothing, whatever its place among the others.
 */
@QuarkusTest
class IpStoreTest {

    @Inject
    Pool pool;

    @Inject
    IpStore ips;

    @Inject
    PrefixStore prefixes;

    @Test
    void oneStatementTakesFromEveryPrefixWhoseRangeIsStillItsLowestAndFromNoOther() throws Exception {
        String ns = Namespaces.fresh();
        List<String> cidrs = List.of("10.20.1.0/24", "10.20.2.0/24", "2001:db8:20::/120");
        for (String cidr : cidrs) {
            run("createPrefix", "cidr", cidr, "namespace", ns).ok();
        }
        List<Long> ids = new ArrayList<>();
        List<FreeRange> lowest = new ArrayList<>();
        try (Connection db = Database.connect()) {
            for (String cidr : cidrs) {
                List<String> row = query(db, "SELECT p.id::text, host(r.first_address), host(r.last_address) FROM prefix p "
                        + "JOIN ip_free_range r ON r.prefix_id = p.id WHERE p.namespace = ? AND p.cidr = ?::cidr", ns, cidr).get(0);
                ids.add(Long.parseLong(row.get(0)));
                lowest.add(new FreeRange(Address.parse(row.get(1)), Address.parse(row.get(2))));
            }
        }
        // the middle prefix is named with a range it does not have (its own starts at .1)
        FreeRange notItsRange = new FreeRange(Address.parse("10.20.2.5"), lowest.get(1).last());
        List<IpStore.RangeTake> takes = List.of(
                take(ns, ids.get(0), lowest.get(0), 3, Arrays.asList("a", null, "c"), "first"),
                take(ns, ids.get(1), notItsRange, 2, List.of("s", "t"), "stale"),
                take(ns, ids.get(2), lowest.get(2), 2, List.of("x", "y"), "v6"));

        Set<Long> taken = pool.withTransaction(tx -> prefixes.lockAllWithTime(tx, ids)
                        .chain(now -> ips.takeFromLowestRanges(tx, takes)))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(Set.of(ids.get(0), ids.get(2)), taken);
        try (Connection db = Database.connect()) {
            assertEquals(List.of(
                            List.of("10.20.1.0/24", "10.20.1.1", "a"), List.of("10.20.1.0/24", "10.20.1.2", "-"),
                            List.of("10.20.1.0/24", "10.20.1.3", "c"),
                            List.of("2001:db8:20::/120", "2001:db8:20::1", "x"), List.of("2001:db8:20::/120", "2001:db8:20::2", "y")),
                    query(db, "SELECT p.cidr::text, host(i.address), coalesce(i.description, '-') FROM ip i "
                            + "JOIN prefix p ON p.id = i.prefix_id WHERE p.namespace = ? ORDER BY p.id, i.address", ns));
            assertEquals(List.of(List.of("10.20.1.0/24", "3", "10.20.1.4"), List.of("10.20.2.0/24", "0", "10.20.2.1"),
                            List.of("2001:db8:20::/120", "2", "2001:db8:20::3")),
                    query(db, "SELECT p.cidr::text, p.ip_count::text, host(r.first_address) FROM prefix p "
                            + "JOIN ip_free_range r ON r.prefix_id = p.id WHERE p.namespace = ? ORDER BY p.id", ns));
            // each record as given, in order, its time that of the transaction (the addresses' created_at)
            String at = query(db, "SELECT DISTINCT to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
                    + "FROM ip i JOIN prefix p ON p.id = i.prefix_id WHERE p.namespace = ?", ns).get(0).get(0);
            List<List<String>> expected = new ArrayList<>();
            for (String address : List.of("10.20.1.1", "10.20.1.2", "10.20.1.3")) {
                expected.add(record(ns, "first", address, at));
            }
            for (String address : List.of("2001:db8:20::1", "2001:db8:20::2")) {
                expected.add(record(ns, "v6", address, at));
            }
            assertEquals(expected, query(db, "SELECT subject, namespace, operation, arguments, result FROM audit_log "
                    + "WHERE namespace = ? AND operation = 'acquireIP' ORDER BY id", ns));
        }
        Consistency.assertHolds();
    }

    private static IpStore.RangeTake take(String ns, long prefixId, FreeRange range, int count, List<String> descriptions,
                                          String subject) {
        List<Address> addresses = IntStream.range(0, count).mapToObj(i -> range.first().plus(i)).toList();
        List<AuditStore.Entry> audit = addresses.stream().map(address -> new AuditStore.Entry(subject, ns, "acquireIP",
                "{\"address\":\"" + address.text() + "\"}",
                "{\"address\":\"" + address.text() + "\",\"createdAt\":\"" + AuditStore.RESULT_NOW + "\"}")).toList();
        return new IpStore.RangeTake(prefixId, range, addresses, descriptions, audit);
    }

    private static List<String> record(String ns, String subject, String address, String at) {
        return List.of(subject, ns, "acquireIP", "{\"address\":\"" + address + "\"}",
                "{\"address\":\"" + address + "\",\"createdAt\":\"" + at + "\"}");
    }

    private static List<List<String>> query(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}

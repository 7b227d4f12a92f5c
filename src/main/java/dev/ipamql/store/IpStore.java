package dev.ipamql.store;

import dev.ipamql.address.Address;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL for acquired addresses. */
@ApplicationScoped
public class IpStore {

    private static final String COLUMNS = "i.prefix_id, host(i.address) AS address, i.description, i.created_at";

    public Uni<IpRow> insert(SqlClient client, PrefixRow prefix, Address address, String description) {
        return client.preparedQuery("INSERT INTO ip AS i (prefix_id, address, description) VALUES ($1, $2::text::inet, $3) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), address.text(), description))
                .map(rows -> IpRow.from(rows.iterator().next(), prefix.namespace(), prefix.cidr()));
    }

    /** Inserts the addresses, {@code descriptions} index for index; the rows come back in address order. */
    public Uni<List<IpRow>> insertAll(SqlClient client, PrefixRow prefix, List<Address> addresses, List<String> descriptions) {
        return client.preparedQuery("INSERT INTO ip AS i (prefix_id, address, description) "
                        + "SELECT $1, a::inet, d FROM unnest($2::text[], $3::text[]) AS t(a, d) RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), addresses.stream().map(Address::text).toArray(String[]::new),
                        descriptions.toArray(String[]::new)))
                .map(rows -> sorted(rows, prefix));
    }

    /** In an audit result given to {@link #takeFromLowestRange}: the transaction's time, filled in by PostgreSQL. */
    public static final String RESULT_NOW = "now()";

    /**
     * Acquires {@code addresses}, the first addresses of {@code range}, with one statement, if and only if
     * {@code range} is still the prefix's lowest free range, unchanged, and the prefix has no children:
     * shortens the range (it must keep addresses), inserts the addresses ({@code descriptions} index for
     * index), counts them and appends {@code audit} in order, with each {@link #RESULT_NOW} time in a result
     * written as the transaction's time. Answers whether it did; otherwise nothing changed. The caller holds
     * the prefix's row lock, which every change to its free ranges takes, so the check cannot go stale.
     */
    public Uni<Boolean> takeFromLowestRange(SqlClient client, long prefixId, FreeRange range, List<Address> addresses,
                                            List<String> descriptions, List<AuditStore.Entry> audit) {
        Address rest = addresses.get(addresses.size() - 1).plus(1);
        return client.preparedQuery("WITH taken AS (UPDATE ip_free_range SET first_address = $4::text::inet "
                        + "WHERE prefix_id = $1 AND first_address = $2::text::inet AND last_address = $3::text::inet "
                        + "AND $4::text::inet <= last_address "
                        // no range below (by last_address: the old versions of this row sort below it by first_address)
                        + "AND NOT EXISTS (SELECT 1 FROM ip_free_range b WHERE b.prefix_id = $1 AND b.last_address < $3::text::inet) "
                        + "AND EXISTS (SELECT 1 FROM prefix p WHERE p.id = $1 AND p.child_count = 0) RETURNING prefix_id), "
                        + "ips AS (INSERT INTO ip (prefix_id, address, description) SELECT $1, a::inet, d "
                        + "FROM unnest($5::text[], $6::text[]) AS t(a, d) WHERE EXISTS (SELECT 1 FROM taken)), "
                        + "counted AS (UPDATE prefix SET ip_count = ip_count + cardinality($5::text[]) "
                        + "WHERE id = $1 AND EXISTS (SELECT 1 FROM taken)), "
                        + "audited AS (INSERT INTO audit_log (subject, namespace, operation, arguments, result) "
                        + "SELECT s, n, o, a, replace(r, '\"createdAt\":\"" + RESULT_NOW + "\"', "
                        + "'\"createdAt\":\"' || " + AuditStore.RESULT_TIME_SQL + " || '\"') "
                        + "FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY "
                        + "AS e(s, n, o, a, r, i) WHERE EXISTS (SELECT 1 FROM taken) ORDER BY i) "
                        + "SELECT count(*) AS n FROM taken")
                .execute(Tuple.from(List.of(prefixId, range.first().text(), range.last().text(), rest.text(),
                        addresses.stream().map(Address::text).toArray(String[]::new), descriptions.toArray(String[]::new),
                        AuditStore.column(audit, AuditStore.Entry::subject), AuditStore.column(audit, AuditStore.Entry::namespace),
                        AuditStore.column(audit, AuditStore.Entry::operation), AuditStore.column(audit, AuditStore.Entry::arguments),
                        AuditStore.column(audit, AuditStore.Entry::result))))
                .map(rows -> rows.iterator().next().getLong("n") == 1);
    }

    /** Inserts the addresses, {@code descriptions} index for index, stamped with the transaction's time. */
    public Uni<Void> insertAllQuietly(SqlClient client, PrefixRow prefix, List<Address> addresses, List<String> descriptions) {
        return client.preparedQuery("INSERT INTO ip (prefix_id, address, description) "
                        + "SELECT $1, a::inet, d FROM unnest($2::text[], $3::text[]) AS t(a, d)")
                .execute(Tuple.of(prefix.id(), addresses.stream().map(Address::text).toArray(String[]::new),
                        descriptions.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Deletes those of the addresses that are acquired, and returns them in address order. */
    public Uni<List<IpRow>> deleteAll(SqlClient client, PrefixRow prefix, List<Address> addresses) {
        return client.preparedQuery("DELETE FROM ip AS i WHERE prefix_id = $1 AND address = ANY($2::text[]::inet[]) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), addresses.stream().map(Address::text).toArray(String[]::new)))
                .map(rows -> sorted(rows, prefix));
    }

    private static List<IpRow> sorted(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows, PrefixRow prefix) {
        List<IpRow> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(IpRow.from(row, prefix.namespace(), prefix.cidr())));
        out.sort((a, b) -> a.address().compareTo(b.address()));
        return out;
    }

    /** Deletes the address; null when it was not acquired. */
    public Uni<IpRow> delete(SqlClient client, PrefixRow prefix, Address address) {
        return client.preparedQuery("DELETE FROM ip AS i WHERE prefix_id = $1 AND address = $2::text::inet RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), address.text()))
                .map(rows -> rows.size() == 0 ? null : IpRow.from(rows.iterator().next(), prefix.namespace(), prefix.cidr()));
    }

    public Uni<IpRow> find(SqlClient client, PrefixRow prefix, Address address) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ip i WHERE prefix_id = $1 AND address = $2::text::inet")
                .execute(Tuple.of(prefix.id(), address.text()))
                .map(rows -> rows.size() == 0 ? null : IpRow.from(rows.iterator().next(), prefix.namespace(), prefix.cidr()));
    }

    /** For each prefix, its first {@code limit} addresses after {@code after}, in one statement. */
    public Uni<List<IpRow>> pages(SqlClient client, List<Long> prefixIds, Address after, int limit) {
        String sql = "SELECT i.*, p.namespace, p.cidr::text AS prefix_cidr FROM unnest($1::bigint[]) AS s(id) "
                + "JOIN prefix p ON p.id = s.id CROSS JOIN LATERAL (SELECT " + COLUMNS + " FROM ip i "
                + "WHERE i.prefix_id = s.id AND ($2::text::inet IS NULL OR i.address > $2::text::inet) "
                + "ORDER BY i.address LIMIT $3) i";
        return client.preparedQuery(sql)
                .execute(Tuple.of(prefixIds.toArray(Long[]::new), after == null ? null : after.text(), limit))
                .map(rows -> {
                    List<IpRow> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(IpRow.from(row)));
                    return out;
                });
    }
}

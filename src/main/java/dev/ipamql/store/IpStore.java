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

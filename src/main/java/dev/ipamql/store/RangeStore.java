package dev.ipamql.store;

import dev.ipamql.address.Address;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for reserved ranges and for reading free ranges by address; every change runs under the prefix's row lock,
 * which every change to the prefix's free ranges takes too.
 */
@ApplicationScoped
public class RangeStore {

    private static final String FREE = "host(first_address) AS f, host(last_address) AS l";

    /** The lowest reserved range of the prefix that shares an address with {@code first..last}, if any. */
    public Uni<Optional<ReservedRangeRow>> firstOverlapping(SqlClient client, long prefixId, Address first, Address last) {
        // the exclusion constraint's index answers the && probe
        return client.preparedQuery("SELECT " + ReservedRangeRow.COLUMNS + " FROM reserved_range r WHERE r.prefix_id = $1 "
                        + "AND address_range(r.first_address, r.last_address, '[]') "
                        + "&& address_range($2::text::inet, $3::text::inet, '[]') ORDER BY r.first_address LIMIT 1")
                .execute(Tuple.of(prefixId, first.text(), last.text()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ReservedRangeRow.from(rows.iterator().next())));
    }

    /** The lowest acquired address of the prefix in {@code first..last}, if any: one probe of the ip primary key. */
    public Uni<Optional<Address>> lowestAcquired(SqlClient client, long prefixId, Address first, Address last) {
        return client.preparedQuery("SELECT host(address) AS a FROM ip WHERE prefix_id = $1 AND address >= $2::text::inet "
                        + "AND address <= $3::text::inet ORDER BY address LIMIT 1")
                .execute(Tuple.of(prefixId, first.text(), last.text()))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(Address.ofStored(rows.iterator().next().getString("a"))));
    }

    /**
     * The free ranges of the prefix sharing an address with {@code first..last}, in address order, read from the
     * last_address index: those ending inside, and the first one ending after it.
     */
    public Uni<List<FreeRange>> freeOverlapping(SqlClient client, long prefixId, Address first, Address last) {
        return client.preparedQuery("SELECT " + FREE + " FROM ("
                        + "(SELECT first_address, last_address FROM ip_free_range WHERE prefix_id = $1 "
                        + "AND last_address >= $2::text::inet AND last_address <= $3::text::inet) UNION ALL "
                        + "(SELECT first_address, last_address FROM ip_free_range WHERE prefix_id = $1 "
                        + "AND last_address > $3::text::inet ORDER BY last_address LIMIT 1)) r "
                        + "WHERE first_address <= $3::text::inet ORDER BY last_address")
                .execute(Tuple.of(prefixId, first.text(), last.text()))
                .map(RangeStore::freeRanges);
    }

    /**
     * Inserts the range and counts it in its prefix ({@code reserved}: its addresses other than reserved edges), in
     * one statement.
     */
    public Uni<ReservedRangeRow> insert(SqlClient client, long prefixId, Address first, Address last, String description,
                                       BigInteger reserved) {
        return client.preparedQuery("WITH r AS (INSERT INTO reserved_range (prefix_id, first_address, last_address, description) "
                        + "VALUES ($1, $2::text::inet, $3::text::inet, $4) RETURNING *), "
                        + "counted AS (UPDATE prefix SET range_count = range_count + 1, reserved_ips = reserved_ips + $5::text::numeric "
                        + "WHERE id = $1) SELECT " + ReservedRangeRow.COLUMNS + " FROM r")
                .execute(Tuple.of(prefixId, first.text(), last.text(), description, reserved.toString()))
                .map(rows -> ReservedRangeRow.from(rows.iterator().next()));
    }

    /** The prefix's range starting at {@code first}, if any. */
    public Uni<Optional<ReservedRangeRow>> find(SqlClient client, long prefixId, Address first) {
        return client.preparedQuery("SELECT " + ReservedRangeRow.COLUMNS + " FROM reserved_range r WHERE r.prefix_id = $1 "
                        + "AND r.first_address = $2::text::inet")
                .execute(Tuple.of(prefixId, first.text()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ReservedRangeRow.from(rows.iterator().next())));
    }

    /** Deletes the range and takes it off its prefix's counts ({@code reserved}: as {@link #insert} counted it). */
    public Uni<Void> delete(SqlClient client, ReservedRangeRow range, BigInteger reserved) {
        return client.preparedQuery("WITH r AS (DELETE FROM reserved_range WHERE prefix_id = $1 AND first_address = $2::text::inet) "
                        + "UPDATE prefix SET range_count = range_count - 1, reserved_ips = reserved_ips - $3::text::numeric "
                        + "WHERE id = $1")
                .execute(Tuple.of(range.prefixId(), range.first().text(), reserved.toString()))
                .replaceWithVoid();
    }

    /** The reserved ranges of all the given prefixes, each prefix's in address order. */
    public Uni<List<ReservedRangeRow>> ofPrefixes(SqlClient client, List<Long> prefixIds) {
        return client.preparedQuery("SELECT " + ReservedRangeRow.COLUMNS + " FROM reserved_range r "
                        + "WHERE r.prefix_id = ANY($1) ORDER BY r.prefix_id, r.first_address")
                .execute(Tuple.of(prefixIds.toArray(Long[]::new)))
                .map(rows -> {
                    List<ReservedRangeRow> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(ReservedRangeRow.from(row)));
                    return out;
                });
    }

    /** A prefix's free range with the prefix it belongs to. */
    public record OwnedFreeRange(long prefixId, FreeRange range) {
    }

    /**
     * For each prefix, its first {@code limit} free ranges ending after {@code after} (null: from the start), in
     * address order, in one statement: each an index range scan on (prefix_id, last_address).
     */
    public Uni<List<OwnedFreeRange>> freePages(SqlClient client, List<Long> prefixIds, Address after, int limit) {
        return client.preparedQuery("SELECT s.id, r.f, r.l FROM unnest($1::bigint[]) AS s(id) CROSS JOIN LATERAL ("
                        + "SELECT " + FREE + " FROM ip_free_range WHERE prefix_id = s.id "
                        + "AND ($2::text::inet IS NULL OR last_address > $2::text::inet) ORDER BY last_address LIMIT $3) r")
                .execute(Tuple.of(prefixIds.toArray(Long[]::new), after == null ? null : after.text(), limit))
                .map(rows -> {
                    List<OwnedFreeRange> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(new OwnedFreeRange(row.getLong("id"), range(row))));
                    return out;
                });
    }

    private static List<FreeRange> freeRanges(RowSet<Row> rows) {
        List<FreeRange> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(range(row)));
        return out;
    }

    private static FreeRange range(Row row) {
        return new FreeRange(Address.ofStored(row.getString("f")), Address.ofStored(row.getString("l")));
    }
}

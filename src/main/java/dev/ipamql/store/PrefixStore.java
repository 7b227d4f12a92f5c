package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.ChildStrategy;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for prefixes and their free child blocks; every method runs on the client it is given. */
@ApplicationScoped
public class PrefixStore {

    private static final String SELECT = "SELECT " + PrefixRow.COLUMNS + " FROM prefix p ";

    public Uni<PrefixRow> find(SqlClient client, String namespace, Cidr cidr) {
        return one(client, SELECT + "WHERE p.namespace = $1 AND p.cidr = $2::text::cidr",
                Tuple.of(namespace, cidr.text()));
    }

    /** The prefix, row-locked until the transaction ends; null when it does not exist. */
    public Uni<PrefixRow> lock(SqlClient client, String namespace, Cidr cidr) {
        return one(client, SELECT + "WHERE p.namespace = $1 AND p.cidr = $2::text::cidr FOR NO KEY UPDATE",
                Tuple.of(namespace, cidr.text()));
    }

    /** A locked prefix (null when there is none) and the transaction's time, which stamps the rows it inserts. */
    public record Locked(PrefixRow prefix, OffsetDateTime now) {
    }

    public Uni<Locked> lockWithTime(SqlClient client, String namespace, Cidr cidr) {
        return client.preparedQuery("SELECT " + PrefixRow.COLUMNS + ", now() AS tx_now FROM prefix p "
                        + "WHERE p.namespace = $1 AND p.cidr = $2::text::cidr FOR NO KEY UPDATE")
                .execute(Tuple.of(namespace, cidr.text()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Locked(null, null);
                    }
                    Row row = rows.iterator().next();
                    return new Locked(PrefixRow.from(row), row.getOffsetDateTime("tx_now"));
                });
    }

    /**
     * Locks the prefixes with these ids that exist, in id order (so that transactions locking several cannot
     * deadlock each other), and answers the transaction's time; null when none exists.
     */
    public Uni<OffsetDateTime> lockAllWithTime(SqlClient client, List<Long> ids) {
        return client.preparedQuery("SELECT now() AS tx_now FROM prefix WHERE id = ANY($1::bigint[]) ORDER BY id "
                        + "FOR NO KEY UPDATE")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("tx_now"));
    }

    /**
     * The {@code limit} lowest free ranges of the prefix named by namespace and CIDR. Sent right behind
     * {@link #lockWithTime} on the same connection, it runs once the lock is held and so reads the
     * latest committed ranges (a new snapshot per statement), without waiting for a round trip.
     */
    public Uni<List<FreeRange>> lowestFreeRanges(SqlClient client, String namespace, Cidr cidr, int limit) {
        return client.preparedQuery("SELECT host(first_address) AS f, host(last_address) AS l FROM ip_free_range "
                        + "WHERE prefix_id = (SELECT id FROM prefix WHERE namespace = $1 AND cidr = $2::text::cidr) "
                        + "ORDER BY last_address LIMIT $3")
                .execute(Tuple.of(namespace, cidr.text(), limit))
                .map(PrefixStore::ranges);
    }

    public Uni<PrefixRow> lock(SqlClient client, long id) {
        return one(client, SELECT + "WHERE p.id = $1 FOR NO KEY UPDATE", Tuple.of(id));
    }

    /** The first prefix of the namespace (roots and children) overlapping {@code cidr}, in address order. */
    public Uni<Optional<Cidr>> firstOverlap(SqlClient client, String namespace, Cidr cidr) {
        return client.preparedQuery("SELECT p.cidr::text FROM prefix p WHERE p.namespace = $1 AND p.cidr && $2::text::cidr "
                        + "ORDER BY p.cidr LIMIT 1")
                .execute(Tuple.of(namespace, cidr.text()))
                .map(rows -> firstCidr(rows, 0));
    }

    /**
     * Inserts a prefix with its whole space free: one free block (itself) and one free address
     * range (its usable addresses).
     */
    public Uni<PrefixRow> insert(SqlClient client, String namespace, Cidr cidr, PrefixRow parent, String description,
                                 Labels labels, String claim, boolean reserveEdges) {
        return insertRows(client, namespace, parent, List.of(cidr), Collections.singletonList(description), labels, claim,
                reserveEdges, false).map(rows -> rows.get(0));
    }

    /** Writes the prefix's own fields as one more version, stamped with the transaction's time. */
    public Uni<PrefixRow> update(SqlClient client, long id, String description, Labels labels) {
        return one(client, "UPDATE prefix p SET description = $2, labels = $3::text::jsonb, version = version + 1, "
                + "updated_at = now() WHERE p.id = $1 RETURNING " + PrefixRow.COLUMNS,
                Tuple.of(id, description, StoredLabels.write(labels)));
    }

    /** The child prefix held by {@code claim} in the namespace, or null. */
    public Uni<PrefixRow> findByClaim(SqlClient client, String namespace, String claim) {
        return one(client, SELECT + "WHERE p.namespace = $1 AND p.claim = $2", Tuple.of(namespace, claim));
    }

    public Uni<Void> delete(SqlClient client, long id) {
        return client.preparedQuery("DELETE FROM prefix WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> addToCounts(SqlClient client, long id, long ips, int children) {
        return client.preparedQuery("UPDATE prefix SET ip_count = ip_count + $2, child_count = child_count + $3 "
                        + "WHERE id = $1")
                .execute(Tuple.of(id, ips, children))
                .replaceWithVoid();
    }

    /** The free block of the prefix that {@code strategy} takes a child of {@code length} from, if any. */
    public Uni<Optional<Cidr>> fit(SqlClient client, PrefixRow prefix, int length, ChildStrategy strategy) {
        return fitting(client, prefix, length, strategy, 1).map(blocks -> blocks.stream().findFirst());
    }

    /**
     * The first {@code limit} free blocks of the prefix that hold {@code length}, in the order {@code strategy}
     * takes them: best fit (longest length, then lowest address) or by address, up or down. Each is a probe of
     * the free_block_best_fit index, per length for the address orders (a prefix has at most 128 lengths).
     */
    public Uni<List<Cidr>> fitting(SqlClient client, PrefixRow prefix, int length, ChildStrategy strategy, int limit) {
        if (strategy == ChildStrategy.BEST_FIT) {
            return client.preparedQuery("SELECT f.cidr::text FROM free_block f WHERE f.prefix_id = $1 "
                            + "AND masklen(f.cidr) <= $2 ORDER BY masklen(f.cidr) DESC, f.cidr LIMIT $3")
                    .execute(Tuple.of(prefix.id(), length, limit))
                    .map(PrefixStore::cidrsInOrder);
        }
        String order = strategy == ChildStrategy.HIGHEST ? " DESC" : "";
        return client.preparedQuery("SELECT b.cidr::text FROM generate_series($2::int, $3::int) AS l(len) "
                        + "CROSS JOIN LATERAL (SELECT f.cidr FROM free_block f WHERE f.prefix_id = $1 "
                        + "AND masklen(f.cidr) = l.len ORDER BY f.cidr" + order + " LIMIT $4) b "
                        + "ORDER BY b.cidr" + order + " LIMIT $4")
                .execute(Tuple.of(prefix.id(), prefix.cidr().length(), length, limit))
                .map(PrefixStore::cidrsInOrder);
    }

    /** The free block holding {@code cidr} entirely, if any. */
    public Uni<Optional<Cidr>> freeBlockHolding(SqlClient client, long prefixId, Cidr cidr) {
        return client.preparedQuery("SELECT cidr::text FROM free_block WHERE prefix_id = $1 AND cidr >>= $2::text::cidr")
                .execute(Tuple.of(prefixId, cidr.text()))
                .map(rows -> firstCidr(rows, 0));
    }

    /** Every free block of the prefix, ascending; used only to explain a failed allocation. */
    public Uni<List<Cidr>> freeBlocks(SqlClient client, long prefixId) {
        return freeBlocks(client, prefixId, Integer.MAX_VALUE);
    }

    /** The free blocks of the prefix in ascending order, at most {@code limit} of them. */
    public Uni<List<Cidr>> freeBlocks(SqlClient client, long prefixId, int limit) {
        return client.preparedQuery("SELECT f.cidr::text FROM free_block f WHERE f.prefix_id = $1 ORDER BY f.cidr LIMIT $2")
                .execute(Tuple.of(prefixId, limit))
                .map(PrefixStore::cidrs);
    }

    /**
     * Inserts prefixes of one namespace under {@code parent} (null: roots), each with its whole space free
     * (one free block, one free address range), in one statement; answers their rows in the order of
     * {@code cidrs}.
     */
    public Uni<List<PrefixRow>> insertAll(SqlClient client, String namespace, PrefixRow parent, List<Cidr> cidrs,
                                          List<String> descriptions) {
        return insertAll(client, namespace, parent, cidrs, descriptions, Labels.NONE);
    }

    /** As {@link #insertAll(SqlClient, String, PrefixRow, List, List)}, every prefix with {@code labels}. */
    public Uni<List<PrefixRow>> insertAll(SqlClient client, String namespace, PrefixRow parent, List<Cidr> cidrs,
                                          List<String> descriptions, Labels labels) {
        return insertRows(client, namespace, parent, cidrs, descriptions, labels, null, true, false);
    }

    /**
     * Inserts a root prefix as {@link #insert} does, unless its namespace does not exist or it would
     * overlap a root of the namespace (the exclusion constraint decides, waiting for concurrent inserts):
     * then nothing is written and the answer is null.
     */
    public Uni<PrefixRow> insertRootIfFree(SqlClient client, String namespace, Cidr cidr, String description,
                                           Labels labels, boolean reserveEdges) {
        return insertRows(client, namespace, null, List.of(cidr), Collections.singletonList(description), labels, null,
                reserveEdges, true).map(rows -> rows.get(0));
    }

    private Uni<List<PrefixRow>> insertRows(SqlClient client, String namespace, PrefixRow parent, List<Cidr> cidrs,
                                            List<String> descriptions, Labels labels, String claim, boolean reserveEdges,
                                            boolean orNothing) {
        String sql = "WITH i AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(c, d, f, l)), "
                + "p AS (INSERT INTO prefix (namespace, cidr, parent_id, parent_cidr, description, labels, claim, reserve_edges) "
                + "SELECT $1, i.c::cidr, $2, $7::text::cidr, i.d, $8::text::jsonb, $9, $10 FROM i "
                + (orNothing ? "WHERE EXISTS (SELECT 1 FROM namespace WHERE name = $1) ON CONFLICT DO NOTHING " : "")
                + "RETURNING *), "
                + "b AS (INSERT INTO free_block (prefix_id, cidr) SELECT id, cidr FROM p), "
                + "r AS (INSERT INTO ip_free_range (prefix_id, first_address, last_address) "
                + "SELECT p.id, i.f::inet, i.l::inet FROM p JOIN i ON p.cidr = i.c::cidr) "
                + "SELECT " + PrefixRow.COLUMNS + " FROM p";
        Tuple args = Tuple.tuple()
                .addString(namespace)
                .addLong(parent == null ? null : parent.id())
                .addArrayOfString(texts(cidrs))
                .addArrayOfString(descriptions.toArray(String[]::new))
                .addArrayOfString(cidrs.stream().map(c -> c.firstUsable(reserveEdges).text()).toArray(String[]::new))
                .addArrayOfString(cidrs.stream().map(c -> c.lastUsable(reserveEdges).text()).toArray(String[]::new))
                .addString(parent == null ? null : parent.cidr().text())
                .addString(StoredLabels.write(labels))
                .addString(claim)
                .addBoolean(reserveEdges);
        return client.preparedQuery(sql).execute(args).map(rows -> {
            Map<Cidr, PrefixRow> byCidr = new HashMap<>();
            for (Row row : rows) {
                PrefixRow inserted = PrefixRow.from(row);
                byCidr.put(inserted.cidr(), inserted);
            }
            return cidrs.stream().map(byCidr::get).toList();
        });
    }

    /** Which of {@code candidates} are free blocks of the prefix. */
    public Uni<List<Cidr>> freeAmong(SqlClient client, long prefixId, List<Cidr> candidates) {
        return client.preparedQuery("SELECT cidr::text FROM free_block WHERE prefix_id = $1 AND cidr = ANY($2::text[]::cidr[])")
                .execute(Tuple.of(prefixId, texts(candidates)))
                .map(PrefixStore::cidrs);
    }

    public Uni<Void> replaceFreeBlocks(SqlClient client, long prefixId, List<Cidr> remove, List<Cidr> add) {
        Uni<Void> removed = client.preparedQuery("DELETE FROM free_block WHERE prefix_id = $1 AND cidr = ANY($2::text[]::cidr[])")
                .execute(Tuple.of(prefixId, texts(remove)))
                .replaceWithVoid();
        if (add.isEmpty()) {
            return removed;
        }
        return removed.chain(() -> client
                .preparedQuery("INSERT INTO free_block (prefix_id, cidr) SELECT $1, unnest($2::text[]::cidr[])")
                .execute(Tuple.of(prefixId, texts(add)))
                .replaceWithVoid());
    }

    // ---- free address ranges
    //
    // The lowest ranges are found by last_address, which orders a prefix's disjoint ranges as first_address
    // does: taking addresses from a range's start moves its first_address up, and until VACUUM every old
    // version of the row stays in the first_address index below the live one, so a scan from the bottom
    // walked one dead entry per address taken (0.5 ms per serial acquireIP). In the last_address index the
    // old versions keep the live one's key, where PostgreSQL removes them as the page fills (bottom-up
    // deletion of versions whose key did not change), and none sorts below it.

    /** The prefix's {@code limit} lowest free ranges, in address order. */
    public Uni<List<FreeRange>> lowestFreeRanges(SqlClient client, long prefixId, int limit) {
        return client.preparedQuery("SELECT host(first_address) AS f, host(last_address) AS l FROM ip_free_range "
                        + "WHERE prefix_id = $1 ORDER BY last_address LIMIT $2")
                .execute(Tuple.of(prefixId, limit))
                .map(PrefixStore::ranges);
    }

    /**
     * The prefix's {@code limit} highest free ranges, highest first: a backward walk of the primary key, whose
     * entries keep their key while addresses are taken from a range's end (the mirror of the lowest ranges).
     */
    public Uni<List<FreeRange>> highestFreeRanges(SqlClient client, long prefixId, int limit) {
        return client.preparedQuery("SELECT host(first_address) AS f, host(last_address) AS l FROM ip_free_range "
                        + "WHERE prefix_id = $1 ORDER BY first_address DESC LIMIT $2")
                .execute(Tuple.of(prefixId, limit))
                .map(PrefixStore::ranges);
    }

    /** The free ranges that end just before or start just after one of {@code addresses} (none of them free). */
    public Uni<List<FreeRange>> rangesAround(SqlClient client, long prefixId, Cidr cidr, List<Address> addresses) {
        String[] before = addresses.stream().filter(a -> !a.equals(cidr.first())).map(a -> a.plus(-1).text())
                .toArray(String[]::new);
        String[] after = addresses.stream().filter(a -> !a.equals(cidr.last())).map(a -> a.plus(1).text())
                .toArray(String[]::new);
        return client.preparedQuery("SELECT host(first_address) AS f, host(last_address) AS l FROM ip_free_range "
                        + "WHERE prefix_id = $1 AND (last_address = ANY($2::text[]::inet[]) "
                        + "OR first_address = ANY($3::text[]::inet[]))")
                .execute(Tuple.of(prefixId, before, after))
                .map(PrefixStore::ranges);
    }

    /**
     * Applies an edit of the free ranges: removals first, so an added range may reuse a removed start. Every
     * statement goes out when the answer is subscribed to, in order on the transaction's connection, so that
     * a COMMIT sent right behind follows them all.
     */
    public Uni<Void> apply(SqlConnection client, long prefixId, FreeRangeEdit edit) {
        if (edit.removed().size() == 1 && edit.added().size() == 1) {
            // the common case (one range shrinks or grows): one statement
            return update(client, "UPDATE ip_free_range SET first_address = $3::text::inet, last_address = $4::text::inet "
                    + "WHERE prefix_id = $1 AND first_address = $2::text::inet", Tuple.of(prefixId,
                    edit.removed().get(0).text(), edit.added().get(0).first().text(), edit.added().get(0).last().text()));
        }
        Uni<Void> removed = edit.removed().isEmpty() ? Uni.createFrom().voidItem()
                : update(client, "DELETE FROM ip_free_range WHERE prefix_id = $1 AND first_address = ANY($2::text[]::inet[])",
                        Tuple.of(prefixId, edit.removed().stream().map(Address::text).toArray(String[]::new)));
        if (edit.added().isEmpty()) {
            return removed;
        }
        // sent right behind the DELETE (the connection runs statements in order), not after its answer
        Uni<Void> added = update(client, "INSERT INTO ip_free_range (prefix_id, first_address, last_address) "
                        + "SELECT $1, f::inet, l::inet FROM unnest($2::text[], $3::text[]) AS r(f, l)",
                Tuple.of(prefixId, edit.added().stream().map(r -> r.first().text()).toArray(String[]::new),
                        edit.added().stream().map(r -> r.last().text()).toArray(String[]::new)));
        return Uni.combine().all().unis(removed, added).discardItems();
    }

    public Uni<Optional<FreeRange>> freeRangeHolding(SqlClient client, long prefixId, Address address) {
        return client.preparedQuery("SELECT f, l FROM (SELECT host(first_address) AS f, host(last_address) AS l, "
                        + "last_address FROM ip_free_range WHERE prefix_id = $1 AND first_address <= $2::text::inet "
                        + "ORDER BY first_address DESC LIMIT 1) r WHERE r.last_address >= $2::text::inet")
                .execute(Tuple.of(prefixId, address.text()))
                .map(PrefixStore::firstRange);
    }

    /** Takes {@code address} out of the free range holding it, splitting the range where needed. */
    public Uni<Void> takeFromRange(SqlClient client, long prefixId, FreeRange range, Address address) {
        boolean atStart = range.first().equals(address);
        boolean atEnd = range.last().equals(address);
        Tuple key = Tuple.of(prefixId, range.first().text());
        if (atStart && atEnd) {
            return update(client, "DELETE FROM ip_free_range WHERE prefix_id = $1 AND first_address = $2::text::inet", key);
        }
        if (atStart) {
            return update(client, "UPDATE ip_free_range SET first_address = $3::text::inet "
                    + "WHERE prefix_id = $1 AND first_address = $2::text::inet", key.addString(address.plus(1).text()));
        }
        Uni<Void> shortened = update(client, "UPDATE ip_free_range SET last_address = $3::text::inet "
                + "WHERE prefix_id = $1 AND first_address = $2::text::inet", key.addString(address.plus(-1).text()));
        if (atEnd) {
            return shortened;
        }
        return shortened.chain(() -> update(client, "INSERT INTO ip_free_range (prefix_id, first_address, last_address) "
                + "VALUES ($1, $2::text::inet, $3::text::inet)", Tuple.of(prefixId, address.plus(1).text(), range.last().text())));
    }

    // ---- reads for the API, all batched by id

    public Uni<List<PrefixRow>> byIds(SqlClient client, List<Long> ids) {
        return many(client, SELECT + "WHERE p.id = ANY($1) ORDER BY p.cidr", Tuple.of(ids.toArray(Long[]::new)));
    }

    /** Children of all the given parents, ordered by address. */
    public Uni<List<PrefixRow>> childrenOf(SqlClient client, List<Long> parentIds) {
        return many(client, SELECT + "WHERE p.parent_id = ANY($1) ORDER BY p.cidr", Tuple.of(parentIds.toArray(Long[]::new)));
    }

    /** One page of the prefixes matching {@code filter}, ordered by address, at most {@code limit} rows. */
    public Uni<List<PrefixRow>> page(SqlClient client, PrefixFilter filter, Cidr after, int limit) {
        Statement page = pageStatement(filter, after, limit);
        return many(client, page.sql(), page.arguments());
    }

    /** A statement and its arguments. */
    record Statement(String sql, Tuple arguments) {
    }

    static Statement pageStatement(PrefixFilter filter, Cidr after, int limit) {
        return pageStatement(filter, after, limit, null);
    }

    /** As {@link #pageStatement(PrefixFilter, Cidr, int)}, with one more condition (null: none) that takes no argument. */
    private static Statement pageStatement(PrefixFilter filter, Cidr after, int limit, String condition) {
        Tuple args = filter.arguments();
        String where = "WHERE " + filter.where() + (after == null ? "" : " AND p.cidr > $" + (args.size() + 1) + "::text::cidr")
                + (condition == null ? "" : " AND " + condition);
        // OFFSET 0 fences the subquery: the labels index finds the few matches, then they are sorted, rather
        // than a walk in address order filtering every prefix until enough match
        String sql = filter.byLabels()
                ? "SELECT p.* FROM (SELECT p.cidr AS order_cidr, " + PrefixRow.COLUMNS + " FROM prefix p " + where
                        + " OFFSET 0) p ORDER BY p.order_cidr LIMIT " + limit
                : SELECT + where + " ORDER BY p.cidr LIMIT " + limit;
        if (after != null) {
            args.addString(after.text());
        }
        return new Statement(sql, args);
    }

    /**
     * The first prefix after {@code after} (null: from the start), in address order, that {@code filter} admits and
     * that has room: a free address, or with {@code childLength} > 0 a free block that holds a child of that length.
     * One probe of the free space per candidate, never a read of its addresses or children.
     */
    public Uni<PrefixRow> firstWithRoom(SqlClient client, PrefixFilter filter, Cidr after, int childLength) {
        String room = childLength == 0
                ? "EXISTS (SELECT 1 FROM ip_free_range r WHERE r.prefix_id = p.id)"
                : "masklen(p.cidr) < " + childLength + " AND " + childLength
                        + " <= CASE family(p.cidr) WHEN 4 THEN 32 ELSE 128 END AND EXISTS (SELECT 1 FROM free_block f "
                        + "WHERE f.prefix_id = p.id AND masklen(f.cidr) <= " + childLength + ")";
        Statement first = pageStatement(filter, after, 1, room);
        return one(client, first.sql(), first.arguments());
    }

    public Uni<Integer> count(SqlClient client, PrefixFilter filter) {
        return client.preparedQuery("SELECT count(*) AS n FROM prefix p WHERE " + filter.where())
                .execute(filter.arguments())
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    /** Roots of each namespace matching {@code selector} (null: all), the first {@code limit} after {@code after}, in one statement. */
    public Uni<List<PrefixRow>> rootPages(SqlClient client, List<String> namespaces, Selector selector, Cidr after,
                                          int limit) {
        List<Object> values = new ArrayList<>(List.of((Object) namespaces.toArray(String[]::new)));
        values.add(after == null ? null : after.text());
        values.add(limit);
        String matching = SelectorSql.where(selector, "p.labels", values, 1);
        String sql = "SELECT p.* FROM unnest($1::text[]) AS n(name) CROSS JOIN LATERAL ("
                + SELECT + "WHERE p.namespace = n.name AND p.parent_id IS NULL AND ($2::text::cidr IS NULL OR p.cidr > $2::text::cidr) "
                + "AND " + matching + " ORDER BY p.cidr LIMIT $3) p";
        return many(client, sql, Tuple.from(values));
    }

    /** How many root prefixes matching {@code selector} each of the namespaces holds; a namespace with none is left out. */
    public Uni<Map<String, Integer>> rootCounts(SqlClient client, List<String> namespaces, Selector selector) {
        List<Object> values = new ArrayList<>(List.of((Object) namespaces.toArray(String[]::new)));
        String matching = SelectorSql.where(selector, "p.labels", values, 1);
        return client.preparedQuery("SELECT namespace, count(*) AS n FROM prefix p WHERE namespace = ANY($1) "
                        + "AND parent_id IS NULL AND " + matching + " GROUP BY namespace")
                .execute(Tuple.from(values))
                .map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    rows.forEach(row -> counts.put(row.getString("namespace"), row.getLong("n").intValue()));
                    return counts;
                });
    }

    /** How many free blocks of one length a prefix has. */
    public record FreeBlockCount(long prefixId, int length, long count) {
    }

    /** For usage: free block counts per (prefix, length). */
    public Uni<List<FreeBlockCount>> freeBlockHistogram(SqlClient client, List<Long> ids) {
        return client.preparedQuery("SELECT prefix_id, masklen(cidr) AS len, count(*) AS n FROM free_block "
                        + "WHERE prefix_id = ANY($1) GROUP BY prefix_id, masklen(cidr)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    List<FreeBlockCount> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(new FreeBlockCount(row.getLong("prefix_id"), row.getInteger("len"),
                            row.getLong("n"))));
                    return out;
                });
    }

    /** For usage: free blocks of length up to /30 (IPv4) or /126 (IPv6) by prefix id, each prefix's ascending. */
    public Uni<Map<Long, List<Cidr>>> availableBlocks(SqlClient client, List<Long> ids) {
        return client.preparedQuery("SELECT f.prefix_id, f.cidr::text AS cidr FROM free_block f WHERE f.prefix_id = ANY($1) "
                        + "AND masklen(f.cidr) <= CASE family(f.cidr) WHEN 4 THEN " + IPFamily.V4.smallestPrefixLength()
                        + " ELSE " + IPFamily.V6.smallestPrefixLength() + " END ORDER BY f.prefix_id, f.cidr")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, List<Cidr>> byPrefix = new HashMap<>();
                    rows.forEach(row -> byPrefix.computeIfAbsent(row.getLong("prefix_id"), id -> new ArrayList<>())
                            .add(Cidr.ofStored(row.getString("cidr"))));
                    return byPrefix;
                });
    }

    // ---- helpers

    private static Uni<Void> update(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).replaceWithVoid();
    }

    private static Uni<PrefixRow> one(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args)
                .map(rows -> rows.size() == 0 ? null : PrefixRow.from(rows.iterator().next()));
    }

    private static Uni<List<PrefixRow>> many(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(rows -> {
            List<PrefixRow> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(PrefixRow.from(row)));
            return out;
        });
    }

    private static Optional<Cidr> firstCidr(RowSet<Row> rows, int column) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Cidr.ofStored(rows.iterator().next().getString(column)));
    }

    private static List<Cidr> cidrs(RowSet<Row> rows) {
        List<Cidr> out = cidrsInOrder(rows);
        out.sort(null);
        return out;
    }

    private static List<Cidr> cidrsInOrder(RowSet<Row> rows) {
        List<Cidr> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(Cidr.ofStored(row.getString(0))));
        return out;
    }

    private static Optional<FreeRange> firstRange(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(range(rows.iterator().next()));
    }

    private static List<FreeRange> ranges(RowSet<Row> rows) {
        List<FreeRange> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(range(row)));
        return out;
    }

    private static FreeRange range(Row row) {
        return new FreeRange(Address.ofStored(row.getString("f")), Address.ofStored(row.getString("l")));
    }

    private static String[] texts(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::text).toArray(String[]::new);
    }
}

package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** SQL for acquired addresses. */
@ApplicationScoped
public class IpStore {

    private static final String COLUMNS = IpRow.COLUMNS;

    public Uni<IpRow> insert(SqlClient client, PrefixRow prefix, Address address, String description, Labels labels) {
        return client.preparedQuery("INSERT INTO ip AS i (prefix_id, address, description, labels) "
                        + "VALUES ($1, $2::text::inet, $3, $4::text::jsonb) RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), address.text(), description, StoredLabels.write(labels)))
                .map(rows -> IpRow.from(rows.iterator().next(), prefix.namespace(), prefix.cidr()));
    }

    /** Inserts the addresses, {@code descriptions} index for index; the rows come back in address order. */
    public Uni<List<IpRow>> insertAll(SqlClient client, PrefixRow prefix, List<Address> addresses, List<String> descriptions,
                                      Labels labels) {
        return client.preparedQuery("INSERT INTO ip AS i (prefix_id, address, description, labels) "
                        + "SELECT $1, a::inet, d, $4::text::jsonb FROM unnest($2::text[], $3::text[]) AS t(a, d) RETURNING " + COLUMNS)
                .execute(Tuple.of(prefix.id(), addresses.stream().map(Address::text).toArray(String[]::new),
                        descriptions.toArray(String[]::new), StoredLabels.write(labels)))
                .map(rows -> sorted(rows, prefix));
    }

    /**
     * What one prefix takes from the start of its lowest free range in {@link #takeFromLowestRanges}: {@code addresses},
     * the range's first ones, with {@code descriptions}, {@code labels} (JSON objects, null for none) and
     * {@code claims} (null for none) index for index, and an audit record each.
     */
    public record RangeTake(long prefixId, FreeRange range, List<Address> addresses, List<String> descriptions,
                            List<String> labels, List<String> claims, List<AuditStore.Entry> audit) {

        /** A take without labels or claims. */
        public RangeTake(long prefixId, FreeRange range, List<Address> addresses, List<String> descriptions,
                         List<AuditStore.Entry> audit) {
            this(prefixId, range, addresses, descriptions, Collections.nCopies(addresses.size(), null),
                    Collections.nCopies(addresses.size(), null), audit);
        }
    }

    /**
     * Acquires, with one statement for all of {@code takes} (each a different prefix), each take's addresses if
     * and only if its range is still its prefix's lowest free range, unchanged, the prefix has no children and none
     * of the take's claims is held in the namespace: shortens the range (it must keep addresses), inserts the
     * addresses and their claims (a claim taken meanwhile is a unique violation), counts them and appends the audit
     * records in list order ({@link AuditStore#insert}, so a result's {@link AuditStore#RESULT_NOW} is the
     * transaction's time).
     * Answers the ids of the prefixes that took theirs; the others changed nothing. The caller holds the
     * prefixes' row locks, which every change to their free ranges takes, so the checks cannot go stale.
     */
    public Uni<Set<Long>> takeFromLowestRanges(SqlClient client, List<RangeTake> takes) {
        List<Long> ids = new ArrayList<>(takes.size());
        List<String> firsts = new ArrayList<>(takes.size());
        List<String> lasts = new ArrayList<>(takes.size());
        List<String> rests = new ArrayList<>(takes.size());
        List<Integer> counts = new ArrayList<>(takes.size());
        List<Long> owners = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> claims = new ArrayList<>();
        List<Long> auditOwners = new ArrayList<>();
        List<AuditStore.Entry> audit = new ArrayList<>();
        for (RangeTake take : takes) {
            ids.add(take.prefixId());
            firsts.add(take.range().first().text());
            lasts.add(take.range().last().text());
            rests.add(take.addresses().get(take.addresses().size() - 1).plus(1).text());
            counts.add(take.addresses().size());
            take.addresses().forEach(address -> {
                owners.add(take.prefixId());
                addresses.add(address.text());
            });
            descriptions.addAll(take.descriptions());
            labels.addAll(take.labels());
            claims.addAll(take.claims());
            take.audit().forEach(entry -> auditOwners.add(take.prefixId()));
            audit.addAll(take.audit());
        }
        List<Object> arguments = new ArrayList<>(List.of(ids.toArray(Long[]::new), firsts.toArray(String[]::new),
                lasts.toArray(String[]::new), rests.toArray(String[]::new), counts.toArray(Integer[]::new),
                owners.toArray(Long[]::new), addresses.toArray(String[]::new), descriptions.toArray(String[]::new)));
        arguments.addAll(AuditStore.arrays(audit));
        arguments.add(auditOwners.toArray(Long[]::new));
        arguments.add(labels.toArray(String[]::new));
        arguments.add(claims.toArray(String[]::new));
        // Every lookup is an index probe by prefix id, whatever the plan cached on the connection thinks of the
        // tables' sizes: the ranges and prefixes by "= ANY" of the ids, the checks as subqueries per prefix.
        return client.preparedQuery("WITH held AS (SELECT DISTINCT k.p FROM unnest($6::bigint[], $16::text[]) AS k(p, c) "
                        + "JOIN prefix kp ON kp.id = k.p JOIN ip_claim ic ON ic.namespace = kp.namespace AND ic.claim = k.c "
                        + "WHERE k.c IS NOT NULL), "
                        + "taken AS (UPDATE ip_free_range r SET first_address = h.rest "
                        + "FROM unnest($1::bigint[], $2::text[]::inet[], $3::text[]::inet[], $4::text[]::inet[], $5::int[]) "
                        + "AS h(prefix_id, f, l, rest, n) "
                        + "WHERE r.prefix_id = ANY($1::bigint[]) AND r.first_address = ANY($2::text[]::inet[]) "
                        + "AND r.prefix_id = h.prefix_id AND r.first_address = h.f AND r.last_address = h.l "
                        + "AND h.rest <= r.last_address "
                        // no range below: the range ends lowest of the prefix's ranges
                        + "AND h.l = (SELECT min(b.last_address) FROM ip_free_range b WHERE b.prefix_id = h.prefix_id) "
                        + "AND (SELECT p.child_count FROM prefix p WHERE p.id = h.prefix_id) = 0 "
                        + "AND NOT EXISTS (SELECT 1 FROM held WHERE held.p = h.prefix_id) "
                        + "RETURNING r.prefix_id, h.n), "
                        + "ips AS (INSERT INTO ip (prefix_id, address, description, labels) "
                        + "SELECT a.p, a.a, a.d, coalesce(a.l::jsonb, '{}') "
                        + "FROM unnest($6::bigint[], $7::text[]::inet[], $8::text[], $15::text[]) AS a(p, a, d, l) "
                        + "WHERE a.p IN (SELECT prefix_id FROM taken)), "
                        + "claimed AS (INSERT INTO ip_claim (namespace, claim, prefix_id, address) "
                        + "SELECT cp.namespace, a.c, a.p, a.a FROM unnest($6::bigint[], $7::text[]::inet[], $16::text[]) "
                        + "AS a(p, a, c) JOIN prefix cp ON cp.id = a.p "
                        + "WHERE a.c IS NOT NULL AND a.p IN (SELECT prefix_id FROM taken)), "
                        + "counted AS (UPDATE prefix SET ip_count = ip_count + taken.n FROM taken "
                        + "WHERE prefix.id = ANY($1::bigint[]) AND prefix.id = taken.prefix_id), "
                        + "audited AS (" + AuditStore.insert(9, "SELECT prefix_id FROM taken") + ") "
                        + "SELECT prefix_id FROM taken")
                .execute(Tuple.from(arguments))
                .map(rows -> {
                    Set<Long> taken = new HashSet<>();
                    rows.forEach(row -> taken.add(row.getLong("prefix_id")));
                    return taken;
                });
    }

    /**
     * Inserts the addresses, {@code descriptions} and {@code labels} (JSON objects, null for none) index for index,
     * stamped with the transaction's time.
     */
    public Uni<Void> insertAllQuietly(SqlClient client, PrefixRow prefix, List<Address> addresses, List<String> descriptions,
                                      List<String> labels) {
        return client.preparedQuery("INSERT INTO ip (prefix_id, address, description, labels) "
                        + "SELECT $1, a::inet, d, coalesce(l::jsonb, '{}') FROM unnest($2::text[], $3::text[], $4::text[]) AS t(a, d, l)")
                .execute(Tuple.of(prefix.id(), addresses.stream().map(Address::text).toArray(String[]::new),
                        descriptions.toArray(String[]::new), labels.toArray(String[]::new)))
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

    /** Ties {@code claim} to the acquired address; a unique violation when the namespace has the claim already. */
    public Uni<IpRow> claim(SqlClient client, IpRow ip, String claim) {
        IpRow claimed = new IpRow(ip.prefixId(), ip.namespace(), ip.prefixCidr(), ip.address(), ip.description(),
                ip.createdAt(), ip.labels(), claim, ip.version(), ip.updatedAt());
        return claimAll(client, List.of(claimed)).replaceWith(claimed);
    }

    /** Ties each acquired address to its claim; a unique violation when the namespace has one of them already. */
    public Uni<Void> claimAll(SqlClient client, List<IpRow> claimed) {
        return client.preparedQuery("INSERT INTO ip_claim (namespace, claim, prefix_id, address) "
                        + "SELECT n, c, p, a::inet FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS t(n, c, p, a)")
                .execute(Tuple.of(claimed.stream().map(IpRow::namespace).toArray(String[]::new),
                        claimed.stream().map(IpRow::claim).toArray(String[]::new),
                        claimed.stream().map(IpRow::prefixId).toArray(Long[]::new),
                        claimed.stream().map(ip -> ip.address().text()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    private static final String IN_NAMESPACE = "SELECT " + COLUMNS + ", p.namespace, p.cidr::text AS prefix_cidr "
            + "FROM ip i JOIN prefix p ON p.id = i.prefix_id ";

    /** The address held by {@code claim} in the namespace, or null. */
    public Uni<IpRow> findByClaim(SqlClient client, String namespace, String claim) {
        return findByClaims(client, namespace, Collections.singletonList(claim))
                .map(held -> held.isEmpty() ? null : held.get(0));
    }

    /** The addresses held by any of {@code claims} in the namespace, in no particular order. */
    public Uni<List<IpRow>> findByClaims(SqlClient client, String namespace, List<String> claims) {
        return client.preparedQuery(IN_NAMESPACE + "JOIN ip_claim c ON c.prefix_id = i.prefix_id AND c.address = i.address "
                        + "WHERE c.namespace = $1 AND c.claim = ANY($2::text[])")
                .execute(Tuple.of(namespace, claims.toArray(String[]::new)))
                .map(rows -> {
                    List<IpRow> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(IpRow.from(row)));
                    return out;
                });
    }

    /** The acquired address in the namespace, whichever prefix holds it, or null. */
    public Uni<IpRow> findInNamespace(SqlClient client, String namespace, Address address) {
        return client.preparedQuery(IN_NAMESPACE + "WHERE p.namespace = $1 AND p.cidr >>= $2::text::inet "
                        + "AND i.address = $2::text::inet")
                .execute(Tuple.of(namespace, address.text()))
                .map(IpStore::first);
    }

    /** The acquired address, row-locked until the transaction ends, or null. */
    public Uni<IpRow> lock(SqlClient client, IpRow ip) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM ip i WHERE i.prefix_id = $1 AND i.address = $2::text::inet "
                        + "FOR NO KEY UPDATE")
                .execute(Tuple.of(ip.prefixId(), ip.address().text()))
                .map(rows -> rows.size() == 0 ? null : IpRow.from(rows.iterator().next(), ip.namespace(), ip.prefixCidr()));
    }

    /** Writes the address's own fields as one more version, stamped with the transaction's time. */
    public Uni<IpRow> update(SqlClient client, IpRow ip, String description, Labels labels) {
        return client.preparedQuery("UPDATE ip i SET description = $3, labels = $4::text::jsonb, version = version + 1, "
                        + "updated_at = now() WHERE i.prefix_id = $1 AND i.address = $2::text::inet RETURNING " + COLUMNS)
                .execute(Tuple.of(ip.prefixId(), ip.address().text(), description, StoredLabels.write(labels)))
                .map(rows -> IpRow.from(rows.iterator().next(), ip.namespace(), ip.prefixCidr()));
    }

    /** Acquired addresses of the namespace matching the filters, in address order, at most {@code limit}. */
    public Uni<List<IpRow>> search(SqlClient client, String namespace, Selector selector, Cidr within, Address after,
                                   int limit) {
        List<Object> values = new ArrayList<>(List.of(namespace));
        values.add(within == null ? null : within.text());
        values.add(after == null ? null : after.text());
        String where = searchWhere(selector, values);
        String sql = SelectorSql.needsLabels(selector)
                // the labels index finds the few matches, then they are sorted (OFFSET 0 keeps that plan)
                ? "SELECT * FROM (SELECT i.address AS order_address, " + IN_NAMESPACE.substring("SELECT ".length())
                        + where + " OFFSET 0) i ORDER BY i.order_address LIMIT " + limit
                : IN_NAMESPACE + where + " ORDER BY i.address LIMIT " + limit;
        return client.preparedQuery(sql).execute(Tuple.from(values)).map(rows -> {
            List<IpRow> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(IpRow.from(row)));
            return out;
        });
    }

    /** How many acquired addresses of the namespace match the filters. */
    public Uni<Integer> count(SqlClient client, String namespace, Selector selector, Cidr within) {
        List<Object> values = new ArrayList<>(List.of(namespace));
        values.add(within == null ? null : within.text());
        values.add(null);
        return client.preparedQuery("SELECT count(*) AS n FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                        + searchWhere(selector, values))
                .execute(Tuple.from(values))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    private static String searchWhere(Selector selector, List<Object> values) {
        return "WHERE p.namespace = $1 AND ($2::text::cidr IS NULL OR i.address <<= $2::text::cidr) "
                + "AND ($3::text::inet IS NULL OR i.address > $3::text::inet) AND "
                + SelectorSql.where(selector, "i.labels", values, 1);
    }

    private static IpRow first(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        return rows.size() == 0 ? null : IpRow.from(rows.iterator().next());
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

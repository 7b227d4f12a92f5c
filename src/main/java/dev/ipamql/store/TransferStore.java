package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for moving a whole namespace: read it in one statement, write it with one bulk insert per
 * table (one per tree level for prefixes), the free structures and counters supplied by the caller.
 */
@ApplicationScoped
public class TransferStore {

    /** A namespace as stored: its prefixes in address order, each with its IPs in address order. */
    public record Snapshot(OffsetDateTime createdAt, String description, Labels labels, List<StoredPrefix> prefixes) {
    }

    public record StoredPrefix(PrefixRow row, List<IpRow> ips, List<ReservedRangeRow> reservedRanges) {
    }

    /** A prefix to insert; {@code createdAt} null means now. */
    public record NewPrefix(Cidr cidr, Long parentId, Cidr parentCidr, String description, OffsetDateTime createdAt,
                            long ipCount, int childCount, Labels labels, String claim, int version,
                            OffsetDateTime updatedAt, boolean reserveEdges, int rangeCount, BigInteger reservedIps) {
    }

    /** A reserved range to insert; {@code createdAt} null means now. */
    public record NewRange(long prefixId, Address first, Address last, String description, OffsetDateTime createdAt) {
    }

    public record NewFreeBlock(long prefixId, Cidr cidr) {
    }

    public record NewFreeRange(long prefixId, Address first, Address last) {
    }

    /** An acquired address to insert; {@code createdAt} null means now. */
    public record NewIp(long prefixId, Address address, String description, OffsetDateTime createdAt, Labels labels,
                        String claim, int version, OffsetDateTime updatedAt) {
    }

    /** The whole namespace in one statement, so one snapshot; null when the namespace does not exist. */
    public Uni<Snapshot> read(SqlClient client, String namespace) {
        String sql = "SELECT n.created_at AS namespace_created_at, n.description AS namespace_description, "
                + "n.labels::text AS namespace_labels, " + PrefixRow.COLUMNS + ", "
                + "host(i.address) AS ip_address, i.description AS ip_description, i.created_at AS ip_created_at, "
                + "i.labels::text AS ip_labels, i.version AS ip_version, i.updated_at AS ip_updated_at, c.claim AS ip_claim, "
                + "rr.ranges "
                + "FROM namespace n LEFT JOIN prefix p ON p.namespace = n.name LEFT JOIN ip i ON i.prefix_id = p.id "
                + "LEFT JOIN ip_claim c ON c.prefix_id = i.prefix_id AND c.address = i.address "
                // the reserved ranges of each prefix that has any, as one JSON array, in the same snapshot
                + "LEFT JOIN (SELECT r.prefix_id, json_agg(json_build_object('f', host(r.first_address), 'l', host(r.last_address), "
                + "'d', r.description, 'c', r.created_at) ORDER BY r.first_address)::text AS ranges FROM reserved_range r "
                + "WHERE r.prefix_id IN (SELECT id FROM prefix WHERE namespace = $1 AND range_count > 0) GROUP BY r.prefix_id) rr "
                + "ON rr.prefix_id = p.id "
                + "WHERE n.name = $1 ORDER BY p.cidr, i.address";
        return client.preparedQuery(sql).execute(Tuple.of(namespace)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row first = rows.iterator().next();
            Map<Long, StoredPrefix> prefixes = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.getLong("id") == null) {
                    continue; // the namespace has no prefix
                }
                StoredPrefix prefix = prefixes.computeIfAbsent(row.getLong("id"),
                        id -> new StoredPrefix(PrefixRow.from(row), new ArrayList<>(), ranges(id, row.getString("ranges"))));
                String address = row.getString("ip_address");
                if (address != null) {
                    OffsetDateTime ipCreatedAt = row.getOffsetDateTime("ip_created_at");
                    OffsetDateTime ipUpdatedAt = row.getOffsetDateTime("ip_updated_at");
                    prefix.ips().add(new IpRow(prefix.row().id(), namespace, prefix.row().cidr(), Address.ofStored(address),
                            row.getString("ip_description"), ipCreatedAt, StoredLabels.read(row.getString("ip_labels")),
                            row.getString("ip_claim"), row.getInteger("ip_version"),
                            ipUpdatedAt == null ? ipCreatedAt : ipUpdatedAt));
                }
            }
            return new Snapshot(first.getOffsetDateTime("namespace_created_at"), first.getString("namespace_description"),
                    StoredLabels.read(first.getString("namespace_labels")), new ArrayList<>(prefixes.values()));
        });
    }

    private static List<ReservedRangeRow> ranges(long prefixId, String json) {
        List<ReservedRangeRow> ranges = new ArrayList<>();
        if (json != null) {
            for (Object element : new JsonArray(json)) {
                JsonObject range = (JsonObject) element;
                ranges.add(new ReservedRangeRow(prefixId, Address.ofStored(range.getString("f")),
                        Address.ofStored(range.getString("l")), range.getString("d"), OffsetDateTime.parse(range.getString("c"))));
            }
        }
        return ranges;
    }

    /** Whether the namespace exists; its row stays locked against new prefixes until the transaction ends. */
    public Uni<Boolean> lockNamespace(SqlClient client, String namespace) {
        // FOR UPDATE conflicts with the FOR KEY SHARE lock that inserting a prefix takes on its namespace
        return client.preparedQuery("SELECT 1 FROM namespace WHERE name = $1 FOR UPDATE")
                .execute(Tuple.of(namespace))
                .map(rows -> rows.size() > 0);
    }

    /**
     * Sets the namespace's description and labels (each left as it is when null) as one more version, when that
     * changes them.
     */
    public Uni<Void> describeNamespace(SqlClient client, String namespace, String description, Labels labels) {
        return client.preparedQuery("UPDATE namespace SET description = coalesce($2, description), "
                        + "labels = coalesce($3::text::jsonb, labels), version = version + 1, updated_at = now() "
                        + "WHERE name = $1 AND (description IS DISTINCT FROM coalesce($2, description) "
                        + "OR labels IS DISTINCT FROM coalesce($3::text::jsonb, labels))")
                .execute(Tuple.of(namespace, description, labels == null ? null : StoredLabels.write(labels)))
                .replaceWithVoid();
    }

    public Uni<Long> countPrefixes(SqlClient client, String namespace) {
        return client.preparedQuery("SELECT count(*) AS n FROM prefix WHERE namespace = $1")
                .execute(Tuple.of(namespace))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Inserts prefixes whose parents (if any) exist already; returns the new id of each CIDR. */
    public Uni<Map<Cidr, Long>> insertPrefixes(SqlClient client, String namespace, List<NewPrefix> prefixes) {
        if (prefixes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        int n = prefixes.size();
        String[] cidrs = new String[n];
        Long[] parentIds = new Long[n];
        String[] parentCidrs = new String[n];
        String[] descriptions = new String[n];
        OffsetDateTime[] createdAts = new OffsetDateTime[n];
        Long[] ipCounts = new Long[n];
        Integer[] childCounts = new Integer[n];
        for (int i = 0; i < n; i++) {
            NewPrefix prefix = prefixes.get(i);
            cidrs[i] = prefix.cidr().text();
            parentIds[i] = prefix.parentId();
            parentCidrs[i] = prefix.parentCidr() == null ? null : prefix.parentCidr().text();
            descriptions[i] = prefix.description();
            createdAts[i] = prefix.createdAt();
            ipCounts[i] = prefix.ipCount();
            childCounts[i] = prefix.childCount();
        }
        // updated_at stays NULL (= created_at) unless the document says otherwise
        String sql = "INSERT INTO prefix (namespace, cidr, parent_id, parent_cidr, description, created_at, ip_count, child_count, "
                + "labels, claim, version, updated_at, reserve_edges, range_count, reserved_ips) "
                + "SELECT $1, u.cidr::cidr, u.parent_id, u.parent_cidr::cidr, u.description, coalesce(u.created_at, now()), "
                + "u.ip_count, u.child_count, u.labels::jsonb, u.claim, u.version, "
                + "CASE WHEN u.updated_at IS DISTINCT FROM u.created_at THEN u.updated_at END, u.edges, u.ranges, u.reserved::numeric "
                + "FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[], $8::int[], "
                + "$9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::boolean[], $14::int[], $15::text[]) "
                + "AS u(cidr, parent_id, parent_cidr, description, created_at, ip_count, child_count, labels, claim, version, "
                + "updated_at, edges, ranges, reserved) "
                + "RETURNING id, cidr::text AS cidr";
        Tuple args = Tuple.tuple()
                .addString(namespace)
                .addArrayOfString(cidrs)
                .addArrayOfLong(parentIds)
                .addArrayOfString(parentCidrs)
                .addArrayOfString(descriptions)
                .addArrayOfOffsetDateTime(createdAts)
                .addArrayOfLong(ipCounts)
                .addArrayOfInteger(childCounts)
                .addArrayOfString(prefixes.stream().map(p -> StoredLabels.write(p.labels())).toArray(String[]::new))
                .addArrayOfString(prefixes.stream().map(NewPrefix::claim).toArray(String[]::new))
                .addArrayOfInteger(prefixes.stream().map(NewPrefix::version).toArray(Integer[]::new))
                .addArrayOfOffsetDateTime(prefixes.stream().map(NewPrefix::updatedAt).toArray(OffsetDateTime[]::new))
                .addArrayOfBoolean(prefixes.stream().map(NewPrefix::reserveEdges).toArray(Boolean[]::new))
                .addArrayOfInteger(prefixes.stream().map(NewPrefix::rangeCount).toArray(Integer[]::new))
                .addArrayOfString(prefixes.stream().map(p -> p.reservedIps().toString()).toArray(String[]::new));
        return client.preparedQuery(sql).execute(args).map(rows -> {
            Map<Cidr, Long> ids = new HashMap<>();
            rows.forEach(row -> ids.put(Cidr.ofStored(row.getString("cidr")), row.getLong("id")));
            return ids;
        });
    }

    public Uni<Void> insertFreeBlocks(SqlClient client, List<NewFreeBlock> blocks) {
        if (blocks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("INSERT INTO free_block (prefix_id, cidr) "
                        + "SELECT u.id, u.cidr::cidr FROM unnest($1::bigint[], $2::text[]) AS u(id, cidr)")
                .execute(Tuple.tuple()
                        .addArrayOfLong(blocks.stream().map(NewFreeBlock::prefixId).toArray(Long[]::new))
                        .addArrayOfString(blocks.stream().map(b -> b.cidr().text()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> insertFreeRanges(SqlClient client, List<NewFreeRange> ranges) {
        if (ranges.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("INSERT INTO ip_free_range (prefix_id, first_address, last_address) "
                        + "SELECT u.id, u.f::inet, u.l::inet FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, f, l)")
                .execute(Tuple.tuple()
                        .addArrayOfLong(ranges.stream().map(NewFreeRange::prefixId).toArray(Long[]::new))
                        .addArrayOfString(ranges.stream().map(r -> r.first().text()).toArray(String[]::new))
                        .addArrayOfString(ranges.stream().map(r -> r.last().text()).toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> insertReservedRanges(SqlClient client, List<NewRange> ranges) {
        if (ranges.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("INSERT INTO reserved_range (prefix_id, first_address, last_address, description, created_at) "
                        + "SELECT u.id, u.f::inet, u.l::inet, u.d, coalesce(u.c, now()) "
                        + "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS u(id, f, l, d, c)")
                .execute(Tuple.tuple()
                        .addArrayOfLong(ranges.stream().map(NewRange::prefixId).toArray(Long[]::new))
                        .addArrayOfString(ranges.stream().map(r -> r.first().text()).toArray(String[]::new))
                        .addArrayOfString(ranges.stream().map(r -> r.last().text()).toArray(String[]::new))
                        .addArrayOfString(ranges.stream().map(NewRange::description).toArray(String[]::new))
                        .addArrayOfOffsetDateTime(ranges.stream().map(NewRange::createdAt).toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    /** Inserts the addresses and the claims among them, in one statement. */
    public Uni<Void> insertIps(SqlClient client, String namespace, List<NewIp> ips) {
        if (ips.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("WITH u AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], "
                        + "$5::text[], $6::text[], $7::int[], $8::timestamptz[]) AS u(id, a, d, c, l, claim, v, up)), "
                        + "i AS (INSERT INTO ip (prefix_id, address, description, created_at, labels, version, updated_at) "
                        + "SELECT u.id, u.a::inet, u.d, coalesce(u.c, now()), u.l::jsonb, u.v, "
                        + "CASE WHEN u.up IS DISTINCT FROM u.c THEN u.up END FROM u RETURNING prefix_id, address) "
                        + "INSERT INTO ip_claim (namespace, claim, prefix_id, address) "
                        + "SELECT $9, u.claim, i.prefix_id, i.address FROM u JOIN i ON i.prefix_id = u.id AND i.address = u.a::inet "
                        + "WHERE u.claim IS NOT NULL")
                .execute(Tuple.tuple()
                        .addArrayOfLong(ips.stream().map(NewIp::prefixId).toArray(Long[]::new))
                        .addArrayOfString(ips.stream().map(ip -> ip.address().text()).toArray(String[]::new))
                        .addArrayOfString(ips.stream().map(NewIp::description).toArray(String[]::new))
                        .addArrayOfOffsetDateTime(ips.stream().map(NewIp::createdAt).toArray(OffsetDateTime[]::new))
                        .addArrayOfString(ips.stream().map(ip -> StoredLabels.write(ip.labels())).toArray(String[]::new))
                        .addArrayOfString(ips.stream().map(NewIp::claim).toArray(String[]::new))
                        .addArrayOfInteger(ips.stream().map(NewIp::version).toArray(Integer[]::new))
                        .addArrayOfOffsetDateTime(ips.stream().map(NewIp::updatedAt).toArray(OffsetDateTime[]::new))
                        .addString(namespace))
                .replaceWithVoid();
    }
}

package dev.ipamql.store;

import dev.ipamql.metadata.Labels;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** SQL for pools; their members are prefixes, found by {@link PrefixStore} with {@link PrefixFilter#members}. */
@ApplicationScoped
public class PoolStore {

    private static final String SELECT = "SELECT " + PoolRow.COLUMNS + " FROM pool ";

    /** Inserts the pool, stamped with the transaction's time; null when the namespace is missing or has a pool of that name. */
    public Uni<PoolRow> insert(SqlClient client, String namespace, String name, PoolKind kind, String selector,
                               String description, Labels labels) {
        return one(client, "INSERT INTO pool (namespace, name, kind, selector, description, labels) "
                        + "SELECT $1, $2, $3, $4, $5, $6::text::jsonb WHERE EXISTS (SELECT 1 FROM namespace WHERE name = $1) "
                        + "ON CONFLICT DO NOTHING RETURNING " + PoolRow.COLUMNS,
                Tuple.of(namespace, name, kind.name(), selector, description, StoredLabels.write(labels)));
    }

    public Uni<PoolRow> find(SqlClient client, String namespace, String name) {
        return one(client, SELECT + "WHERE namespace = $1 AND name = $2", Tuple.of(namespace, name));
    }

    /** The pool, row-locked until the transaction ends; null when it does not exist. */
    public Uni<PoolRow> lock(SqlClient client, String namespace, String name) {
        return one(client, SELECT + "WHERE namespace = $1 AND name = $2 FOR NO KEY UPDATE", Tuple.of(namespace, name));
    }

    /** Writes the pool's own fields as one more version. */
    public Uni<PoolRow> update(SqlClient client, PoolRow pool, String selector, String description, Labels labels) {
        return one(client, "UPDATE pool SET selector = $3, description = $4, labels = $5::text::jsonb, "
                        + "version = version + 1, updated_at = now() WHERE namespace = $1 AND name = $2 RETURNING "
                        + PoolRow.COLUMNS,
                Tuple.of(pool.namespace(), pool.name(), selector, description, StoredLabels.write(labels)));
    }

    /** Deletes the pool; null when it does not exist. */
    public Uni<PoolRow> delete(SqlClient client, String namespace, String name) {
        return one(client, "DELETE FROM pool WHERE namespace = $1 AND name = $2 RETURNING " + PoolRow.COLUMNS,
                Tuple.of(namespace, name));
    }

    /** The pools of the namespace, by name. */
    public Uni<List<PoolRow>> list(SqlClient client, String namespace) {
        return client.preparedQuery(SELECT + "WHERE namespace = $1 ORDER BY name").execute(Tuple.of(namespace))
                .map(rows -> {
                    List<PoolRow> out = new ArrayList<>(rows.size());
                    rows.forEach(row -> out.add(PoolRow.from(row)));
                    return out;
                });
    }

    /** Inserts pools as an import gives them, each with its version; a null createdAt is the transaction's time. */
    public Uni<Void> insertAll(SqlClient client, List<PoolRow> pools) {
        if (pools.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("INSERT INTO pool (namespace, name, kind, selector, description, labels, version, "
                        + "created_at) SELECT n, m, k, s, d, l::jsonb, v, COALESCE(c, now()) FROM unnest($1::text[], "
                        + "$2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::timestamptz[]) "
                        + "AS t(n, m, k, s, d, l, v, c)")
                .execute(Tuple.from(List.<Object>of(pools.stream().map(PoolRow::namespace).toArray(String[]::new),
                        pools.stream().map(PoolRow::name).toArray(String[]::new),
                        pools.stream().map(pool -> pool.kind().name()).toArray(String[]::new),
                        pools.stream().map(PoolRow::selector).toArray(String[]::new),
                        pools.stream().map(PoolRow::description).toArray(String[]::new),
                        pools.stream().map(pool -> StoredLabels.write(pool.labels())).toArray(String[]::new),
                        pools.stream().map(PoolRow::version).toArray(Integer[]::new),
                        pools.stream().map(PoolRow::createdAt).toArray(java.time.OffsetDateTime[]::new))))
                .replaceWithVoid();
    }

    /** How many pools the namespace holds. */
    public Uni<Integer> count(SqlClient client, String namespace) {
        return client.preparedQuery("SELECT count(*) AS n FROM pool WHERE namespace = $1").execute(Tuple.of(namespace))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }

    private static Uni<PoolRow> one(SqlClient client, String sql, Tuple args) {
        return client.preparedQuery(sql).execute(args).map(PoolStore::first);
    }

    private static PoolRow first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : PoolRow.from(rows.iterator().next());
    }
}

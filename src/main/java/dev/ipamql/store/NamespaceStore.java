package dev.ipamql.store;

import dev.ipamql.metadata.Labels;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL that writes namespaces, on the connection of the transaction that also appends the audit record;
 * {@link NamespaceRepository} reads them.
 */
@ApplicationScoped
public class NamespaceStore {

    private static final String COLUMNS = "name, created_at, description, labels::text AS labels, version, updated_at";

    /** Inserts the namespace, stamped with the transaction's time; null when the name is taken. */
    public Uni<NamespaceEntity> insert(SqlClient tx, String name, String description, Labels labels) {
        return write(tx, "INSERT INTO namespace (name, description, labels) VALUES ($1, $2, $3::text::jsonb) "
                + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS, name, description, labels);
    }

    /** The namespace, row-locked until the transaction ends; null when none has the name. */
    public Uni<NamespaceEntity> lock(SqlClient tx, String name) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM namespace WHERE name = $1 FOR NO KEY UPDATE")
                .execute(Tuple.of(name))
                .map(NamespaceStore::entity);
    }

    /** Writes the namespace's own fields as one more version, stamped with the transaction's time. */
    public Uni<NamespaceEntity> update(SqlClient tx, String name, String description, Labels labels) {
        return write(tx, "UPDATE namespace SET description = $2, labels = $3::text::jsonb, version = version + 1, "
                + "updated_at = now() WHERE name = $1 RETURNING " + COLUMNS, name, description, labels);
    }

    private static Uni<NamespaceEntity> write(SqlClient tx, String sql, String name, String description, Labels labels) {
        return tx.preparedQuery(sql).execute(Tuple.of(name, description, StoredLabels.write(labels)))
                .map(NamespaceStore::entity);
    }

    /**
     * Deletes the namespace; null when none has the name. Fails with a foreign-key violation (SQLSTATE
     * {@value #STILL_REFERENCED}) while a prefix refers to it.
     */
    public Uni<NamespaceEntity> delete(SqlClient tx, String name) {
        return tx.preparedQuery("DELETE FROM namespace WHERE name = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(name))
                .map(NamespaceStore::entity);
    }

    /** foreign_key_violation: a row still refers to the one deleted. */
    public static final String STILL_REFERENCED = "23503";

    public Uni<Boolean> exists(SqlClient client, String name) {
        return client.preparedQuery("SELECT 1 FROM namespace WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() > 0);
    }

    private static NamespaceEntity entity(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new NamespaceEntity(row.getString("name"), row.getOffsetDateTime("created_at"), row.getString("description"),
                row.getString("labels"), row.getInteger("version"), row.getOffsetDateTime("updated_at"));
    }
}

package dev.ipamql.store;

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

    /** Inserts the namespace, stamped with the transaction's time; null when the name is taken. */
    public Uni<NamespaceEntity> insert(SqlClient tx, String name) {
        return tx.preparedQuery("INSERT INTO namespace (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name, created_at")
                .execute(Tuple.of(name))
                .map(NamespaceStore::entity);
    }

    /**
     * Deletes the namespace; null when none has the name. Fails with a foreign-key violation (SQLSTATE
     * {@value #STILL_REFERENCED}) while a prefix refers to it.
     */
    public Uni<NamespaceEntity> delete(SqlClient tx, String name) {
        return tx.preparedQuery("DELETE FROM namespace WHERE name = $1 RETURNING name, created_at")
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
        return new NamespaceEntity(row.getString("name"), row.getOffsetDateTime("created_at"));
    }
}

package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** SQL for idempotency keys. */
@ApplicationScoped
public class RequestKeyStore {

    /** A stored key: what it was used for and the JSON of its first result. */
    public record StoredRequest(String operation, String arguments, String result) {
    }

    /**
     * Claims the key for this transaction (replacing an expired one); returns false when a live key
     * exists. A concurrent claim of the same key waits here until the first transaction ends.
     */
    public Uni<Boolean> claim(SqlClient tx, String namespace, String requestId, String operation, String arguments,
                              Duration retention) {
        return tx.preparedQuery("INSERT INTO request_key (namespace, request_id, operation, arguments) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (namespace, request_id) DO UPDATE "
                        + "SET operation = EXCLUDED.operation, arguments = EXCLUDED.arguments, result = NULL, created_at = now() "
                        + "WHERE request_key.created_at < now() - make_interval(secs => $5) RETURNING 1")
                .execute(Tuple.of(namespace, requestId, operation, arguments, (double) retention.toSeconds()))
                .map(rows -> rows.size() > 0);
    }

    public Uni<StoredRequest> find(SqlClient tx, String namespace, String requestId) {
        return tx.preparedQuery("SELECT operation, arguments, result FROM request_key WHERE namespace = $1 AND request_id = $2")
                .execute(Tuple.of(namespace, requestId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new StoredRequest(row.getString("operation"), row.getString("arguments"), row.getString("result"));
                });
    }

    public Uni<Void> saveResult(SqlClient tx, String namespace, String requestId, String result) {
        return tx.preparedQuery("UPDATE request_key SET result = $3 WHERE namespace = $1 AND request_id = $2")
                .execute(Tuple.of(namespace, requestId, result))
                .replaceWithVoid();
    }

    /** Deletes keys older than the retention; returns how many. */
    public Uni<Integer> expire(SqlClient client, Duration retention) {
        return client.preparedQuery("DELETE FROM request_key WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}

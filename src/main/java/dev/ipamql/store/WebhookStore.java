package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** SQL for webhooks, their delivery state and lease, and the attempts they made. */
@ApplicationScoped
public class WebhookStore {

    /** A webhook as stored; {@code secret} is the sealed secret. */
    public record WebhookRow(String id, String url, byte[] secret, String namespace, List<String> readable,
                             List<String> operations, boolean active, OffsetDateTime createdAt, long position,
                             int failures) {
    }

    /** One attempt; {@code seq} orders them. */
    public record DeliveryRow(long seq, String id, long change, int attempt, OffsetDateTime at, Integer httpStatus,
                              String error, boolean delivered) {
    }

    private static final String COLUMNS = "id::text, url, secret, namespace, readable, operations, active, created_at, "
            + "position, failures";

    public Uni<WebhookRow> insert(SqlClient db, String id, String url, byte[] secret, String namespace,
                                  List<String> readable, List<String> operations, String creator) {
        return db.preparedQuery("INSERT INTO webhook (id, url, secret, namespace, readable, operations, creator, position) "
                        + "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, (SELECT last_cursor FROM change_sequencer)) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.tuple(Arrays.asList(id, url, Buffer.buffer(secret), namespace, array(readable), array(operations), creator)))
                .map(WebhookStore::first);
    }

    /**
     * The webhooks whose every namespace {@code namespaces} covers (null: all webhooks), oldest first; with an
     * id, only that one.
     */
    public Uni<List<WebhookRow>> visible(SqlClient db, List<String> namespaces, String id) {
        return db.preparedQuery("SELECT " + COLUMNS + " FROM webhook WHERE ($2::uuid IS NULL OR id = $2::uuid) "
                        + "AND ($1::text[] IS NULL OR namespace = ANY($1) "
                        + "OR (namespace IS NULL AND readable IS NOT NULL AND readable <@ $1)) ORDER BY created_at, id")
                .execute(Tuple.of(array(namespaces), id))
                .map(rows -> {
                    List<WebhookRow> out = new ArrayList<>();
                    rows.forEach(row -> out.add(webhook(row)));
                    return out;
                });
    }

    public Uni<WebhookRow> delete(SqlClient db, String id) {
        return db.preparedQuery("DELETE FROM webhook WHERE id = $1::uuid RETURNING " + COLUMNS).execute(Tuple.of(id))
                .map(WebhookStore::first);
    }

    /** Switches the webhook on, its failures forgiven, to try its next change now; null when it is gone. */
    public Uni<WebhookRow> activate(SqlClient db, String id) {
        return db.preparedQuery("UPDATE webhook SET active = true, failures = CASE WHEN active THEN failures ELSE 0 END, "
                        + "next_attempt = CASE WHEN active THEN next_attempt ELSE clock_timestamp() END "
                        + "WHERE id = $1::uuid RETURNING " + COLUMNS)
                .execute(Tuple.of(id)).map(WebhookStore::first);
    }

    /**
     * Locks one active webhook that may have a change to deliver, is due and whose lease is free or expired,
     * skipping webhooks other transactions hold; null when there is none. For a transaction that takes its lease
     * ({@link #lease}) or moves its position ({@link #skipTo}) and commits at once.
     */
    public Uni<WebhookRow> lockDue(SqlClient tx) {
        return tx.query("SELECT " + COLUMNS + " FROM webhook WHERE active AND next_attempt <= clock_timestamp() "
                        + "AND (lease_until IS NULL OR lease_until < clock_timestamp()) "
                        + "AND position < (SELECT last_cursor FROM change_sequencer) "
                        + "ORDER BY next_attempt LIMIT 1 FOR UPDATE SKIP LOCKED")
                .execute().map(WebhookStore::first);
    }

    /** Nothing in the webhook's scope lies between its position and {@code position}. */
    public Uni<Void> skipTo(SqlClient tx, String id, long position) {
        return tx.preparedQuery("UPDATE webhook SET position = greatest(position, $2), lease_until = NULL, "
                        + "lease_holder = NULL, lease_delivery = NULL WHERE id = $1::uuid")
                .execute(Tuple.of(id, position)).replaceWithVoid();
    }

    /**
     * Takes the webhook's lease for an attempt at {@code change}, until {@code lease} from now, and records the
     * attempt; an attempt of an earlier lease that never completed is marked with {@code abandoned}. Answers the
     * attempt's number (attempts at this change so far, plus one).
     */
    public Uni<Integer> lease(SqlClient tx, String webhookId, long change, String deliveryId, String holder,
                              Duration lease, String abandoned) {
        return tx.preparedQuery("WITH gone AS (UPDATE webhook_delivery SET error = $6 WHERE webhook_id = $1::uuid "
                        + "AND NOT delivered AND http_status IS NULL AND error IS NULL), "
                        + "leased AS (UPDATE webhook SET lease_until = clock_timestamp() + make_interval(secs => $5), "
                        + "lease_holder = $4, lease_delivery = $3::uuid WHERE id = $1::uuid) "
                        + "INSERT INTO webhook_delivery (id, webhook_id, change, attempt) "
                        + "SELECT $3::uuid, $1::uuid, $2, 1 + (SELECT count(*) FROM webhook_delivery "
                        + "WHERE webhook_id = $1::uuid AND change = $2) RETURNING attempt")
                .execute(Tuple.tuple(Arrays.asList(webhookId, change, deliveryId, holder,
                        lease.toNanos() / 1e9, abandoned)))
                .map(rows -> rows.iterator().next().getInteger("attempt"));
    }

    /**
     * Completes an attempt and, while its lease is still the webhook's, ends the lease: a delivery moves the
     * position to its change; a failure counts, waits {@code backoff}, and switches the webhook off at
     * {@code maxFailures}.
     */
    public Uni<Void> complete(SqlClient db, String deliveryId, long change, Integer httpStatus, String error,
                              boolean delivered, Duration backoff, int maxFailures) {
        return db.preparedQuery("WITH attempt AS (UPDATE webhook_delivery SET http_status = $2, error = $3, "
                        + "delivered = $4 WHERE id = $1::uuid) "
                        + "UPDATE webhook SET lease_until = NULL, lease_holder = NULL, lease_delivery = NULL, "
                        + "position = CASE WHEN $4 THEN greatest(position, $5) ELSE position END, "
                        + "failures = CASE WHEN $4 THEN 0 ELSE failures + 1 END, "
                        + "active = CASE WHEN $4 THEN active ELSE failures + 1 < $7 END, "
                        + "next_attempt = clock_timestamp() + CASE WHEN $4 THEN interval '0' "
                        + "ELSE make_interval(secs => $6) END "
                        + "WHERE lease_delivery = $1::uuid")
                .execute(Tuple.tuple(Arrays.asList(deliveryId, httpStatus, error, delivered, change,
                        backoff.toNanos() / 1e9, maxFailures)))
                .replaceWithVoid();
    }

    /** At most {@code limit} attempts of a webhook after {@code afterSeq}, oldest first. */
    public Uni<List<DeliveryRow>> deliveries(SqlClient db, String webhookId, long afterSeq, int limit) {
        return db.preparedQuery("SELECT seq, id::text, change, attempt, at, http_status, error, delivered "
                        + "FROM webhook_delivery WHERE webhook_id = $1::uuid AND seq > $2 ORDER BY seq LIMIT $3")
                .execute(Tuple.of(webhookId, afterSeq, limit))
                .map(rows -> {
                    List<DeliveryRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new DeliveryRow(r.getLong("seq"), r.getString("id"), r.getLong("change"),
                            r.getInteger("attempt"), r.getOffsetDateTime("at"), r.getInteger("http_status"),
                            r.getString("error"), r.getBoolean("delivered"))));
                    return out;
                });
    }

    public Uni<Integer> countDeliveries(SqlClient db, String webhookId) {
        return db.preparedQuery("SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1::uuid")
                .execute(Tuple.of(webhookId)).map(rows -> rows.iterator().next().getInteger("n"));
    }

    /** A new webhook id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    private static WebhookRow first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : webhook(rows.iterator().next());
    }

    private static WebhookRow webhook(Row r) {
        return new WebhookRow(r.getString("id"), r.getString("url"), r.getBuffer("secret").getBytes(),
                r.getString("namespace"), list(r.getArrayOfStrings("readable")), list(r.getArrayOfStrings("operations")),
                r.getBoolean("active"), r.getOffsetDateTime("created_at"), r.getLong("position"),
                r.getInteger("failures"));
    }

    private static List<String> list(String[] values) {
        return values == null ? null : List.of(values);
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }
}

package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL for the change feed: sequencing committed audit records into {@code change}, and reading them back. */
@ApplicationScoped
public class ChangeStore {

    /** The channel a pass notifies (payload: the last cursor) when it appended changes. */
    public static final String CHANNEL = "ipamql_change";

    /** A sequenced audit record. */
    public record ChangeRow(long cursor, OffsetDateTime at, String subject, String namespace, String operation,
                            String arguments, String result) {
    }

    /**
     * Changes after a cursor; the position a reader has reached with them (the last row's cursor, or the head when
     * the page is not full); the head, the last cursor assigned.
     */
    public record ChangePage(List<ChangeRow> rows, long position, long head) {
    }

    /** What a pass did: the last cursor after it and how many records it appended. */
    public record Pass(long lastCursor, int appended) {
    }

    /** Any number that no other advisory lock of this database uses: the sequencer's lease. */
    private static final long LEASE = 0x6970616d716c0001L;

    /** Takes the sequencer's lease for this transaction, waiting while a pass of another replica holds it. */
    public Uni<Void> lease(SqlClient tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LEASE)).replaceWithVoid();
    }

    /**
     * Appends, in id order, at most {@code limit} audit records that this statement's snapshot sees committed and
     * that have no cursor yet, and notifies {@link #CHANNEL} when it appended any. Only records of transactions
     * from the horizon on can lack one; when every such record was taken, the horizon moves to the snapshot's xmin
     * (each transaction below it has ended, so its records were visible here). Run under {@link #lease}, as a
     * statement of its own, so that its snapshot sees the passes before it.
     */
    public Uni<Pass> sequence(SqlClient tx, int limit) {
        return tx.preparedQuery("WITH s AS (SELECT last_cursor, horizon, pg_snapshot_xmin(pg_current_snapshot()) AS xmin "
                        + "FROM change_sequencer), "
                        + "fresh AS (SELECT a.id, a.namespace FROM audit_log a WHERE a.xid >= (SELECT horizon FROM s) "
                        + "AND NOT EXISTS (SELECT 1 FROM change c WHERE c.audit_id = a.id) ORDER BY a.id LIMIT $1), "
                        + "appended AS (INSERT INTO change (cursor, audit_id, namespace) "
                        + "SELECT (SELECT last_cursor FROM s) + row_number() OVER (ORDER BY id), id, namespace FROM fresh "
                        + "RETURNING cursor), "
                        + "counted AS (SELECT (SELECT count(*) FROM appended) AS appended, "
                        + "(SELECT count(*) FROM fresh) < $1 AS complete), "
                        + "moved AS (UPDATE change_sequencer SET last_cursor = s.last_cursor + k.appended, "
                        + "horizon = CASE WHEN k.complete THEN greatest(s.horizon, s.xmin) ELSE s.horizon END "
                        + "FROM s, counted k WHERE k.appended > 0 OR (k.complete AND s.xmin > s.horizon) RETURNING 1), "
                        + "notified AS (SELECT pg_notify($2, (s.last_cursor + k.appended)::text) FROM s, counted k "
                        + "WHERE k.appended > 0) "
                        + "SELECT s.last_cursor + k.appended AS last_cursor, k.appended, "
                        + "(SELECT count(*) FROM moved) + (SELECT count(*) FROM notified) AS written FROM s, counted k")
                .execute(Tuple.of(limit, CHANNEL))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Pass(r.getLong("last_cursor"), r.getLong("appended").intValue());
                });
    }

    /** The last cursor assigned. */
    public Uni<Long> head(SqlClient client) {
        return client.query("SELECT last_cursor FROM change_sequencer").execute()
                .map(rows -> rows.iterator().next().getLong("last_cursor"));
    }

    /**
     * At most {@code limit} changes after {@code after}, in cursor order, of the given namespaces (null: all) and
     * operations (null: all), read in one snapshot with the head: a page shorter than the limit reaches the head.
     */
    public Uni<ChangePage> page(SqlClient client, long after, List<String> namespaces, List<String> operations,
                                int limit) {
        return client.preparedQuery("SELECT s.last_cursor AS head, p.* FROM change_sequencer s LEFT JOIN LATERAL ("
                        + "SELECT c.cursor, a.at, a.subject, a.namespace, a.operation, a.arguments, a.result "
                        + "FROM change c JOIN audit_log a ON a.id = c.audit_id WHERE c.cursor > $1 "
                        + "AND ($2::text[] IS NULL OR c.namespace = ANY($2)) "
                        + "AND ($3::text[] IS NULL OR a.operation = ANY($3)) ORDER BY c.cursor LIMIT $4) p ON true "
                        + "ORDER BY p.cursor")
                .execute(Tuple.of(after, array(namespaces), array(operations), limit))
                .map(rows -> {
                    List<ChangeRow> out = new ArrayList<>(rows.size());
                    long head = after;
                    for (Row r : rows) {
                        head = r.getLong("head");
                        if (r.getLong("cursor") != null) {
                            out.add(new ChangeRow(r.getLong("cursor"), r.getOffsetDateTime("at"), r.getString("subject"),
                                    r.getString("namespace"), r.getString("operation"), r.getString("arguments"),
                                    r.getString("result")));
                        }
                    }
                    long position = !out.isEmpty() && out.size() == limit ? out.get(out.size() - 1).cursor() : Math.max(after, head);
                    return new ChangePage(out, position, head);
                });
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }
}

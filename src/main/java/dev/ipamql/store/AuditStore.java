package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** SQL for the append-only audit trail. */
@ApplicationScoped
public class AuditStore {

    /** A stored audit record. */
    public record AuditRow(long id, OffsetDateTime at, String subject, String namespace, String operation,
                           String arguments, String result) {
    }

    /**
     * How results write a time: UTC with microseconds, as {@link #RESULT_TIME_SQL} renders the transaction's
     * time in PostgreSQL, so that a result completed in SQL reads exactly like one written here.
     */
    public static final DateTimeFormatter RESULT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final String RESULT_TIME_SQL = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

    /** A result's time as {@link #RESULT_TIME} writes it. */
    public static String resultTime(OffsetDateTime time) {
        return RESULT_TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    /** An audit record to append. */
    public record Entry(String subject, String namespace, String operation, String arguments, String result) {
    }

    /** In a result: the transaction's time, written in by {@link #insert} as {@link #RESULT_TIME} renders it. */
    public static final String RESULT_NOW = "now()";

    /**
     * The one statement that appends audit records, as SQL to run alone or as a data-modifying WITH query: the
     * records come as five text arrays from parameter {@code $first} on ({@link #arrays}), appended in array
     * order, a result's {@code "createdAt":"now()"} written as the transaction's time. With {@code ownedBy} (an
     * SQL set of ids) a sixth array, {@code $first+5}, names each record's owner, and only records whose owner
     * is in the set are appended.
     */
    static String insert(int first, String ownedBy) {
        String columns = IntStream.range(first, first + 5).mapToObj(n -> "$" + n + "::text[]").collect(Collectors.joining(", "));
        return "INSERT INTO audit_log (subject, namespace, operation, arguments, result) "
                + "SELECT s, n, o, a, replace(r, '\"createdAt\":\"" + RESULT_NOW + "\"', "
                + "'\"createdAt\":\"' || " + RESULT_TIME_SQL + " || '\"') "
                + "FROM unnest(" + columns + (ownedBy == null ? "" : ", $" + (first + 5) + "::bigint[]") + ") "
                + "WITH ORDINALITY AS e(s, n, o, a, r" + (ownedBy == null ? "" : ", p") + ", i) "
                + (ownedBy == null ? "" : "WHERE e.p IN (" + ownedBy + ") ") + "ORDER BY i";
    }

    private static final String APPEND = insert(1, null);

    /** The arrays {@link #insert} reads, in its parameter order. */
    static List<Object> arrays(List<Entry> entries) {
        return List.of(column(entries, Entry::subject), column(entries, Entry::namespace), column(entries, Entry::operation),
                column(entries, Entry::arguments), column(entries, Entry::result));
    }

    private static String[] column(List<Entry> entries, Function<Entry, String> field) {
        return entries.stream().map(field).toArray(String[]::new);
    }

    /** Appends the records with one statement, in list order. */
    public Uni<Void> append(SqlClient tx, List<Entry> entries) {
        return tx.preparedQuery(APPEND).execute(Tuple.from(arrays(entries))).replaceWithVoid();
    }

    /** Newest first: at most {@code limit} records with an id below {@code beforeId}, matching the filters. */
    public Uni<List<AuditRow>> page(SqlClient client, String namespace, String subject, OffsetDateTime since,
                                    Long beforeId, int limit) {
        return client.preparedQuery("SELECT id, at, subject, namespace, operation, arguments, result FROM audit_log "
                        + "WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR subject = $2) "
                        + "AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::bigint IS NULL OR id < $4) "
                        + "ORDER BY id DESC LIMIT $5")
                .execute(Tuple.tuple().addString(namespace).addString(subject).addOffsetDateTime(since)
                        .addLong(beforeId).addInteger(limit))
                .map(rows -> {
                    List<AuditRow> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(new AuditRow(r.getLong("id"), r.getOffsetDateTime("at"),
                            r.getString("subject"), r.getString("namespace"), r.getString("operation"),
                            r.getString("arguments"), r.getString("result"))));
                    return out;
                });
    }

    public Uni<Integer> count(SqlClient client, String namespace, String subject, OffsetDateTime since) {
        return client.preparedQuery("SELECT count(*) AS n FROM audit_log WHERE ($1::text IS NULL OR namespace = $1) "
                        + "AND ($2::text IS NULL OR subject = $2) AND ($3::timestamptz IS NULL OR at >= $3)")
                .execute(Tuple.tuple().addString(namespace).addString(subject).addOffsetDateTime(since))
                .map(rows -> rows.iterator().next().getLong("n").intValue());
    }
}

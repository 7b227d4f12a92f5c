package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static dev.ipamql.support.GraphQL.runAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The change feed by query: cursors in commit order, resumable from every cursor, scoped to the caller. */
@QuarkusTest
class ChangeFeedTest {

    private static final long HOLD = 0x686f6c64L;

    @Test
    void aChangeHeldOpenIsDeliveredOnceAfterTheChangesCommittedWhileItWaited() throws Exception {
        String held = Namespaces.fresh();
        String fast = Namespaces.fresh();
        String start = last(awaitChanges(fast, null, rows -> rows.size() == 1)).get("cursor").toString();

        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            // the held mutation's transaction stops right after its audit insert, until the lock is let go
            sql.execute("CREATE FUNCTION test_hold_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.namespace = '" + held + "' THEN PERFORM pg_advisory_xact_lock(" + HOLD + "); END IF; "
                    + "RETURN NEW; END $$");
            sql.execute("CREATE TRIGGER test_hold_audit AFTER INSERT ON audit_log FOR EACH ROW "
                    + "EXECUTE FUNCTION test_hold_audit()");
            try {
                sql.execute("SELECT pg_advisory_lock(" + HOLD + ")");
                CompletableFuture<Result> holding = CompletableFuture.supplyAsync(() ->
                        run("createPrefix", "cidr", "10.1.0.0/24", "namespace", held));
                awaitHoldWaiter(db);
                for (int i = 0; i < 3; i++) {
                    run("createPrefix", "cidr", "10.2." + i + ".0/24", "namespace", fast).ok();
                }
                List<Map<String, Object>> before = awaitChanges(null, start, rows -> mine(rows, held, fast).size() == 3);
                assertEquals(List.of(fast, fast, fast), namespaces(mine(before, held, fast)));
                sql.execute("SELECT pg_advisory_unlock(" + HOLD + ")");
                assertEquals("10.1.0.0/24", holding.get().ok().string("data.createPrefix.cidr"));

                String afterFast = last(mine(before, held, fast)).get("cursor").toString();
                List<Map<String, Object>> rest = awaitChanges(null, afterFast, rows -> !mine(rows, held, fast).isEmpty());
                assertEquals(List.of(held), namespaces(mine(rest, held, fast)));

                List<Map<String, Object>> all = mine(awaitChanges(null, start, rows -> mine(rows, held, fast).size() == 4),
                        held, fast);
                assertEquals(List.of(fast, fast, fast, held), namespaces(all));
                assertEquals(List.of(List.of("10.2.0.0/24"), List.of("10.2.1.0/24"), List.of("10.2.2.0/24"),
                        List.of("10.1.0.0/24")), all.stream().map(row -> row.get("affectedPrefixes")).toList());
                for (int i = 0; i < all.size(); i++) {
                    List<Map<String, Object>> resumed = mine(changes(null, all.get(i).get("cursor").toString()), held, fast);
                    assertEquals(all.subList(i + 1, all.size()), resumed, "resumed after change " + i);
                }
            } finally {
                sql.execute("SELECT pg_advisory_unlock_all()");
                sql.execute("DROP TRIGGER test_hold_audit ON audit_log");
                sql.execute("DROP FUNCTION test_hold_audit()");
            }
        }
    }

    @Test
    void eachOperationNamesThePrefixesItAltered() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.7.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIPs", "prefix", "10.0.0.0/24", "count", 2, "namespace", ns).ok();
        run("updateIP", "address", "10.0.0.1", "namespace", ns, "description", "gw").ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        run("releaseIPs", "prefix", "10.0.0.0/24", "addresses", List.of("10.0.0.2", "10.0.0.3"), "namespace", ns).ok();
        run("updatePrefix", "cidr", "10.0.7.0/24", "namespace", ns, "description", "rack").ok();
        run("releaseChildPrefix", "cidr", "10.0.7.0/24", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("updateNamespace", "name", ns, "description", "lab").ok();

        List<Map<String, Object>> rows = awaitChanges(ns, null, found -> found.size() == 14);
        assertEquals(List.of(
                        List.of("createNamespace"),
                        List.of("createPrefix", "10.0.0.0/16"),
                        List.of("acquireChildPrefix", "10.0.0.0/16", "10.0.0.0/24"),
                        List.of("acquireSpecificChildPrefix", "10.0.0.0/16", "10.0.7.0/24"),
                        List.of("acquireIP", "10.0.0.0/24"),
                        List.of("acquireIPs", "10.0.0.0/24"),
                        List.of("updateIP", "10.0.0.0/24"),
                        List.of("releaseIP", "10.0.0.0/24"),
                        List.of("releaseIPs", "10.0.0.0/24"),
                        List.of("updatePrefix", "10.0.0.0/16", "10.0.7.0/24"),
                        List.of("releaseChildPrefix", "10.0.0.0/16", "10.0.7.0/24"),
                        List.of("deletePrefix", "10.0.0.0/16", "10.0.0.0/24"),
                        List.of("deletePrefix", "10.0.0.0/16"),
                        List.of("updateNamespace")),
                rows.stream().map(row -> {
                    List<Object> summary = new ArrayList<>();
                    summary.add(row.get("operation"));
                    summary.addAll((List<?>) row.get("affectedPrefixes"));
                    return summary;
                }).toList());
    }

    @Test
    void anImportNamesEveryPrefixItWrote() {
        String from = Namespaces.fresh();
        run("createPrefix", "cidr", "192.168.0.0/22", "namespace", from).ok();
        run("acquireChildPrefix", "parent", "192.168.0.0/22", "length", 24, "namespace", from).ok();
        String exported = run("exportNamespace", "name", from).ok().string("data.exportNamespace");
        String into = Namespaces.fresh();
        run("importNamespace", "name", into, "data", exported).ok();

        List<Map<String, Object>> rows = awaitChanges(into, null, found -> found.size() == 2);
        assertEquals("importNamespace", rows.get(1).get("operation"));
        assertEquals(List.of("192.168.0.0/22", "192.168.0.0/24"), rows.get(1).get("affectedPrefixes"));
    }

    @Test
    void aReaderSeesOnlyTheNamespacesItsTokenNames() {
        String mine = Namespaces.fresh();
        String other = Namespaces.fresh();
        run("createPrefix", "cidr", "10.9.0.0/24", "namespace", other).ok();
        run("createPrefix", "cidr", "10.8.0.0/24", "namespace", mine).ok();
        String start = awaitChanges(mine, null, rows -> rows.size() == 2).get(0).get("cursor").toString();
        String reader = Tokens.token("feed-reader", List.of("ipam-reader"), List.of(mine), 600);

        List<Map<String, Object>> seen = runAs(reader, "changes", "after", start, "first", 1000).ok()
                .json().getList("data.changes");
        assertEquals(List.of(mine), seen.stream().map(row -> row.get("namespace")).distinct().toList());
        assertEquals("createPrefix", seen.get(0).get("operation"));
        assertEquals("FORBIDDEN", runAs(reader, "changes", "namespace", other).errorCode());
        assertEquals("UNAUTHENTICATED", runAs(null, "changes").errorCode());
    }

    @Test
    void cursorsTheFeedNeverIssuedAreInvalidArguments() {
        String beyond = Base64.getUrlEncoder().withoutPadding().encodeToString(("change:" + Long.MAX_VALUE).getBytes());
        for (String cursor : List.of("", "x", "!!!", beyond, encoded("change:-1"), encoded("change:1e3"),
                encoded("audit:1"), encoded("prefix:10.0.0.0/8"))) {
            Result result = run("changes", "after", cursor);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), cursor);
            assertTrue(result.errorMessage().contains("is not a cursor of the change feed"), result.body());
        }
        assertEquals("INVALID_ARGUMENT", run("changes", "first", -1).errorCode());
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes());
    }

    private static List<Map<String, Object>> changes(String namespace, String after) {
        return run("changes", "namespace", namespace, "after", after, "first", 1000).ok().json().getList("data.changes");
    }

    /** Polls (bounded, 30 s) until the changes after the cursor satisfy {@code done}. */
    static List<Map<String, Object>> awaitChanges(String namespace, String after, Predicate<List<Map<String, Object>>> done)
            throws AssertionError {
        List<Map<String, Object>> rows = List.of();
        for (int attempt = 0; attempt < 600; attempt++) {
            rows = changes(namespace, after);
            if (done.test(rows)) {
                return rows;
            }
            pause();
        }
        throw new AssertionError("the feed did not reach the expected state within 30 s: " + rows);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Map<String, Object>> mine(List<Map<String, Object>> rows, String... namespaces) {
        List<String> wanted = List.of(namespaces);
        return rows.stream().filter(row -> wanted.contains(row.get("namespace"))).toList();
    }

    private static List<Object> namespaces(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> row.get("namespace")).toList();
    }

    private static Map<String, Object> last(List<Map<String, Object>> rows) {
        return rows.get(rows.size() - 1);
    }

    /** Polls (bounded, 30 s) until a session waits for the hold lock. */
    private static void awaitHoldWaiter(Connection db) throws Exception {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (Statement sql = db.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                         + "AND objid = " + HOLD + " AND NOT granted")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return;
                }
            }
            pause();
        }
        throw new AssertionError("the held mutation did not reach its audit insert within 30 s");
    }
}

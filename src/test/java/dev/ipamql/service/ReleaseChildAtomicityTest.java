package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * releaseChildPrefix deletes the child, frees its block in the parent and counts it out in one transaction
 * (SEMANTICS: never a freed block with a live child, never a deleted child with its block still taken): a
 * failure between those statements leaves the child, the parent's free blocks and its counts as they were.
 */
@QuarkusTest
class ReleaseChildAtomicityTest {

    /** Where the release is made to fail, after the child's DELETE has run. */
    enum Failure {
        /** the freed block's INSERT raises */
        FREEING_THE_BLOCK("INTERNAL", "BEFORE INSERT ON free_block FOR EACH ROW WHEN (NEW.prefix_id = %d)",
                "RAISE EXCEPTION 'refused by test'"),
        /** the parent's child count UPDATE raises, after the block was freed */
        COUNTING_IT_OUT("INTERNAL", "BEFORE UPDATE ON prefix FOR EACH ROW WHEN (OLD.id = %d AND NEW.child_count <> OLD.child_count)",
                "RAISE EXCEPTION 'refused by test'"),
        /** the service's connection is killed while it frees the block */
        KILLED_CONNECTION("UNAVAILABLE", "BEFORE INSERT ON free_block FOR EACH ROW WHEN (NEW.prefix_id = %d)",
                "PERFORM pg_terminate_backend(pg_backend_pid())");

        final String code;
        final String when;
        final String action;

        Failure(String code, String when, String action) {
            this.code = code;
            this.when = when;
            this.action = action;
        }
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void aReleaseFailingBetweenItsStatementsLeavesChildAndBlockAsTheyWere(Failure failure) throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.20.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.20.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.20.0.0/16", "length", 24, "namespace", ns).ok();
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            List<String> before = state(sql, ns);
            long parent = parentId(sql, ns);
            sql.execute("CREATE OR REPLACE FUNCTION test_fail_release() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN " + failure.action + "; RETURN NEW; END $$");
            String table = failure.when.contains(" ON prefix ") ? "prefix" : "free_block";
            sql.execute("CREATE TRIGGER test_fail_release " + failure.when.formatted(parent) + " EXECUTE FUNCTION test_fail_release()");
            try {
                assertEquals(failure.code, run("releaseChildPrefix", "cidr", "10.20.1.0/24", "namespace", ns).errorCode());
            } finally {
                sql.execute("DROP TRIGGER test_fail_release ON " + table);
            }

            assertEquals(before, state(sql, ns), "child, free blocks, counts and audit log unchanged");
            assertEquals("10.20.1.0/24", run("releaseChildPrefix", "cidr", "10.20.1.0/24", "namespace", ns).ok()
                    .string("data.releaseChildPrefix.cidr"));
            assertEquals(List.of("prefix 10.20.0.0/16 children 1", "prefix 10.20.0.0/24 children 0", "free 10.20.0.0/24",
                    "free 10.20.1.0/24", "free 10.20.2.0/23", "free 10.20.4.0/22", "free 10.20.8.0/21", "free 10.20.16.0/20",
                    "free 10.20.32.0/19", "free 10.20.64.0/18", "free 10.20.128.0/17", "audit 5"), state(sql, ns));
            assertEquals(List.of(), Consistency.violations(db));
        }
    }

    private static long parentId(Statement sql, String ns) throws Exception {
        try (ResultSet rows = sql.executeQuery("SELECT id FROM prefix WHERE namespace = '" + ns + "' AND parent_id IS NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The namespace's prefixes with their child counts, the parent's free blocks and the number of audit records. */
    private static List<String> state(Statement sql, String ns) throws Exception {
        List<String> state = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery("SELECT 'prefix ' || cidr || ' children ' || child_count FROM prefix "
                + "WHERE namespace = '" + ns + "' ORDER BY cidr")) {
            while (rows.next()) {
                state.add(rows.getString(1));
            }
        }
        try (ResultSet rows = sql.executeQuery("SELECT 'free ' || f.cidr FROM free_block f JOIN prefix p ON p.id = f.prefix_id "
                + "WHERE p.namespace = '" + ns + "' ORDER BY f.cidr")) {
            while (rows.next()) {
                state.add(rows.getString(1));
            }
        }
        try (ResultSet rows = sql.executeQuery("SELECT 'audit ' || count(*) FROM audit_log WHERE namespace = '" + ns + "'")) {
            rows.next();
            state.add(rows.getString(1));
        }
        return state;
    }
}

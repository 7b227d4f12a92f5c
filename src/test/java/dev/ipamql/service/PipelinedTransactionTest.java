package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Transactions send COMMIT right behind their last writes, in one round trip (coalesced acquireIP: all its
 * writes; every audited mutation: the audit record). When one of those writes fails after others were
 * already sent, the COMMIT behind it must roll the whole transaction back and the pooled connection must
 * come back clean.
 */
@QuarkusTest
class PipelinedTransactionTest {

    @Test
    void aWriteFailingBeforeTheCommitLeavesNothingBehind() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.9.0.0/24", "namespace", ns).ok();
        int acquiredBefore = acquired(ns);
        String refused = "refused-" + ns;
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            // the IP insert (sent after the free-range update, before COMMIT) fails for this description only
            sql.execute("CREATE OR REPLACE FUNCTION test_refuse_ip() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$");
            sql.execute("CREATE TRIGGER test_refuse_ip BEFORE INSERT ON ip FOR EACH ROW WHEN (NEW.description = '"
                    + refused + "') EXECUTE FUNCTION test_refuse_ip()");
            try {
                assertInternalWithoutDetails(run("acquireIP", "prefix", "10.9.0.0/24", "namespace", ns,
                        "description", refused));
            } finally {
                sql.execute("DROP TRIGGER test_refuse_ip ON ip");
            }
            // the range update, the counter and the audit record sent with the failed insert were rolled back
            assertEquals(List.of("10.9.0.1-10.9.0.254"), ranges(sql, ns));
            assertEquals(acquiredBefore, acquired(ns));
            // createNamespace and createPrefix only
            assertEquals(2, ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue());

            // more acquisitions than the pool has connections: none meets a connection left in a transaction
            for (int i = 1; i <= 30; i++) {
                assertEquals("10.9.0." + i, run("acquireIP", "prefix", "10.9.0.0/24", "namespace", ns).ok()
                        .string("data.acquireIP.address"));
            }
            assertEquals(List.of("10.9.0.31-10.9.0.254"), ranges(sql, ns));
            assertEquals(List.of(), Consistency.violations(db));
        }
    }

    /**
     * Every audited mutation sends its audit record and COMMIT together: when the audit insert fails, the
     * COMMIT behind it rolls back the mutation's own writes too.
     */
    @Test
    void aFailingAuditRecordTakesTheMutationWithIt() throws Exception {
        String ns = Namespaces.fresh();
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'refused by test'; END $$");
            sql.execute("CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN "
                    + "(NEW.namespace = '" + ns + "' AND NEW.operation = 'createPrefix') EXECUTE FUNCTION test_refuse_audit()");
            try {
                assertInternalWithoutDetails(run("createPrefix", "cidr", "10.8.0.0/16", "namespace", ns));
            } finally {
                sql.execute("DROP TRIGGER test_refuse_audit ON audit_log");
            }
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM prefix WHERE namespace = '" + ns + "'")) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
            assertEquals(List.of(), ranges(sql, ns));
            // the same prefix can be created once the audit log accepts records again
            assertEquals("10.8.0.0/16", run("createPrefix", "cidr", "10.8.0.0/16", "namespace", ns).ok()
                    .string("data.createPrefix.cidr"));
            assertEquals(List.of("10.8.0.1-10.8.255.254"), ranges(sql, ns));
            assertEquals(List.of(), Consistency.violations(db));
        }
    }

    /** INTERNAL, and nothing of the failure reaches the client: no PostgreSQL text, SQL, class name or stack trace. */
    private static void assertInternalWithoutDetails(GraphQL.Result result) {
        assertEquals("INTERNAL", result.errorCode(), result.body());
        String body = result.body().toLowerCase(Locale.ROOT);
        for (String detail : List.of("refused by test", "test_refuse", "p0001", "sqlstate", "plpgsql", "trigger",
                "insert", "select", "update ", "error:", "exception", "caused by", "\tat ", "at dev.", "at io.")) {
            assertFalse(body.contains(detail), "the answer shows '" + detail + "': " + result.body());
        }
        Matcher className = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*")
                .matcher(result.body());
        assertFalse(className.find(), () -> "the answer names the class " + className.group() + ": " + result.body());
    }

    /** usage.acquiredIPs of the prefix (its reserved network and broadcast addresses count as acquired). */
    private static int acquired(String ns) {
        return ((Number) run("prefix", "cidr", "10.9.0.0/24", "namespace", ns).ok().get("data.prefix.usage.acquiredIPs"))
                .intValue();
    }

    private static List<String> ranges(Statement sql, String ns) throws Exception {
        try (ResultSet rows = sql.executeQuery("SELECT host(r.first_address) || '-' || host(r.last_address) "
                + "FROM ip_free_range r JOIN prefix p ON p.id = r.prefix_id WHERE p.namespace = '" + ns
                + "' ORDER BY r.first_address")) {
            List<String> out = new java.util.ArrayList<>();
            while (rows.next()) {
                out.add(rows.getString(1));
            }
            return out;
        }
    }
}

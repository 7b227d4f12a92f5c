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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coalesced acquireIP sends its writes and COMMIT in one round trip. When one of those writes fails after
 * the free range was already updated, the COMMIT behind it must roll the whole transaction back and the
 * pooled connection must come back clean.
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
                assertEquals("INTERNAL", run("acquireIP", "prefix", "10.9.0.0/24", "namespace", ns,
                        "description", refused).errorCode());
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

package dev.ipamql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.metadata.Selector;
import dev.ipamql.support.Database;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A selector with a positive requirement is served by the labels index, even when its matches are the last
 * prefixes in address order (where a walk in address order would read every other prefix first).
 */
@QuarkusTest
class SelectorPlanTest {

    private static final int PREFIXES = 100_000;
    private static final int MATCHING = 1_000;

    @Inject
    Pool pool;

    @Test
    void prefixesMatchingASelectorAreFoundThroughTheLabelsIndex() throws Exception {
        String ns = Namespaces.fresh();
        try (Connection db = Database.connect()) {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO prefix (namespace, cidr, labels) "
                    + "SELECT ?, set_masklen('10.0.0.0'::inet + i * 16, 28)::cidr, "
                    + "jsonb_build_object('env', CASE WHEN i >= ? THEN 'prod' ELSE 'dev' END, 'tier', 'x', 'n', i::text) "
                    + "|| CASE WHEN i % 100 = 0 THEN '{\"zone\": \"a\"}'::jsonb ELSE '{}' END "
                    + "FROM generate_series(0, ? - 1) AS i")) {
                insert.setString(1, ns);
                insert.setInt(2, PREFIXES - MATCHING);
                insert.setInt(3, PREFIXES);
                insert.executeUpdate();
            }
            db.createStatement().execute("ANALYZE prefix");
            try {
                PrefixFilter filter = new PrefixFilter(ns, null, null, null, Selector.parse("env=prod"), false);
                PrefixStore.Statement page = PrefixStore.pageStatement(filter, null, 101);

                String plan = String.join("\n", lines("EXPLAIN " + page.sql(), page));
                List<String> found = lines(page.sql().replace("SELECT p.*", "SELECT p.cidr::text"), page);

                assertTrue(plan.contains("Bitmap Index Scan on prefix_labels"), plan);
                PrefixStore.Statement zoned = PrefixStore.pageStatement(
                        new PrefixFilter(ns, null, null, null, Selector.parse("zone"), false), null, 101);
                // a key test spread over the table may rightly be a sequential scan (one row per page): only its answer is checked
                List<String> zonedFound = lines(zoned.sql().replace("SELECT p.*", "SELECT p.cidr::text"), zoned);
                assertEquals(101, zonedFound.size());
                assertEquals(List.of("10.0.0.0/28", "10.0.6.64/28"), zonedFound.subList(0, 2));
                assertEquals(101, found.size());
                assertEquals("10.24.43.128/28", found.get(0), "the first of the last " + MATCHING + " in address order");
            } finally {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM prefix WHERE namespace = ?")) {
                    delete.setString(1, ns);
                    delete.executeUpdate();
                }
            }
        }
    }

    private List<String> lines(String sql, PrefixStore.Statement statement) {
        List<String> out = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(statement.arguments()).await().atMost(Duration.ofSeconds(60))) {
            out.add(row.getValue(0).toString());
        }
        return out;
    }
}

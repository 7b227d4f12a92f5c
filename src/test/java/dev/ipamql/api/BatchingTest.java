package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many database-backed fields in one request are resolved side by side without sharing a session
 * (quarkus#32870), and in batches: the statements a tree query causes do not grow with its size.
 */
@QuarkusTest
@TestProfile(BatchingTest.Quiet.class)
class BatchingTest {

    /**
     * No background statements while statements are counted: the feed's sequencing passes and polls and the
     * webhook dispatcher's polls would be counted with the query's own.
     */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipamql.feed.sequencer", "false", "ipamql.feed.poll-interval", "PT1H",
                    "ipamql.webhooks.poll-interval", "PT1H");
        }
    }

    @Test
    void oneRequestSelectingManyDatabaseBackedFieldsAnswersThemAll() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();
        for (int i = 0; i < 3; i++) {
            run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        }
        run("acquireChildPrefix", "parent", "2001:db8::/48", "length", 64, "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.1.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.1.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.1.0/24", "namespace", ns).ok();

        var result = run("manyFields", "a", "10.0.0.0/16", "b", "10.0.1.0/24", "c", "2001:db8::/48", "namespace", ns).ok();

        assertEquals("10.0.0.0/16", result.string("data.one.cidr"));
        assertEquals(null, result.string("data.one.parent"));
        assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"), result.list("data.one.children.cidr"));
        assertEquals(List.of(BigInteger.TWO, BigInteger.valueOf(5), BigInteger.TWO),
                result.json().getList("data.one.children.usage.acquiredIPs"));
        assertEquals(BigInteger.ZERO, result.get("data.one.usage.freeIPs"));
        assertEquals(List.of("10.0.3.0/24", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19",
                "10.0.64.0/18", "10.0.128.0/17"), result.list("data.one.usage.availablePrefixes"));
        assertEquals("10.0.0.0/16", result.string("data.two.parent.cidr"));
        assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"), result.list("data.two.parent.children.cidr"));
        assertEquals(List.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), result.list("data.two.ips.edges.node.address"));
        assertEquals(BigInteger.valueOf(3), result.get("data.two.ips.totalCount"));
        assertEquals(BigInteger.valueOf(251), result.get("data.two.usage.freeIPs"));
        assertEquals(BigInteger.ONE, result.get("data.three.usage.acquiredPrefixes"));
        assertEquals(false, result.get("data.three.ips.pageInfo.hasNextPage"));
        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "2001:db8::/48", "2001:db8::/64"),
                result.list("data.all.edges.node.cidr"));
        assertEquals(List.of("10.0.0.0/16", "10.0.0.0/16", "10.0.0.0/16", "2001:db8::/48"),
                result.json().getList("data.all.edges.node.parent.cidr").stream().filter(c -> c != null).toList());
        assertEquals(List.of("10.0.0.0/16", "2001:db8::/48"), result.list("data.ns.prefixes.edges.node.cidr"));
        assertEquals(List.of(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"), List.of("2001:db8::/64")),
                result.json().getList("data.ns.prefixes.edges.node.children.cidr"));
    }

    @Test
    void batchFieldsLogNoErrorsOfTheGraphQLEngine() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        List<LogRecord> errors = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (errors) {
                        errors.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger engine = Logger.getLogger("io.smallrye.graphql");
        engine.addHandler(capture);
        try {
            // every batch field, with and without arguments: a key context SmallRye cannot read is logged
            // as an error per field (and the answer still comes, from its fallback)
            GraphQL.Result tree = GraphQL.send("query T($ns: String) { prefix(cidr: \"10.0.0.0/16\", namespace: $ns) { "
                    + "usage { availablePrefixes } children { cidr parent { cidr } ips(first: 5) { edges { node { "
                    + "address prefix { cidr } } } } } } }", GraphQL.vars("ns", ns)).ok();
            assertEquals(List.of("10.0.0.1"), tree.list("data.prefix.children[0].ips.edges.node.address"));
        } finally {
            engine.removeHandler(capture);
        }
        assertEquals(List.of(), errors.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
    }

    @Test
    void aliasesOfOnePagedFieldEachFollowTheirOwnArguments() {
        String ns = Namespaces.fresh();
        populate(ns, 2, 0);
        List<String> roots = List.of("10.0.0.0/16", "10.1.0.0/16");
        roots.forEach(root -> IntStream.range(0, 3).forEach(i -> run("acquireIP", "prefix", root, "namespace", ns).ok()));
        String afterFirst = run("prefix", "cidr", roots.get(0), "namespace", ns, "first", 1).ok()
                .string("data.prefix.ips.pageInfo.endCursor");

        var result = run("pagesSideBySide", "namespace", ns, "after", afterFirst).ok();

        assertEquals(List.of("10.0.0.0/16"), result.list("data.namespace.firstRoot.edges.node.cidr"));
        assertEquals(true, result.get("data.namespace.firstRoot.pageInfo.hasNextPage"));
        assertEquals(roots, result.list("data.namespace.roots.edges.node.cidr"));
        assertEquals(List.of(List.of("10.0.0.1"), List.of("10.1.0.1")),
                result.json().getList("data.namespace.roots.edges.node.firstIP.edges.node.address"));
        assertEquals(List.of(true, true), result.json().getList("data.namespace.roots.edges.node.firstIP.pageInfo.hasNextPage"));
        assertEquals(List.of(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), List.of("10.1.0.1", "10.1.0.2", "10.1.0.3")),
                result.json().getList("data.namespace.roots.edges.node.ips.edges.node.address"));
        // the cursor is an address: every address of 10.1.0.0/16 comes after 10.0.0.1
        assertEquals(List.of(List.of("10.0.0.2", "10.0.0.3"), List.of("10.1.0.1", "10.1.0.2", "10.1.0.3")),
                result.json().getList("data.namespace.roots.edges.node.ipsAfter.edges.node.address"));
    }

    @Test
    void aliasesOfOnePagedFieldCauseAStatementPerArgumentSetNotPerSource() throws SQLException {
        long forSmall = statementsFor("pagesSideBySide", "namespace", populated(2, 0));
        long forLarge = statementsFor("pagesSideBySide", "namespace", populated(8, 0));

        assertEquals(forSmall, forLarge, "statements for 2 vs 8 prefixes, each with three ips pages");
    }

    @Test
    void aTreeQueryCausesTheSameNumberOfStatementsWhateverItsSize() throws SQLException {
        String large = populated(8, 5);

        long forSmall = statementsFor("tree", "name", populated(2, 2));
        long forLarge = statementsFor("tree", "name", large);

        assertEquals(forSmall, forLarge, "statements for 2x2 vs 8x5 prefixes");
        assertEquals(BigInteger.valueOf(8), run("tree", "name", large).ok().get("data.namespace.prefixes.totalCount"));
    }

    @Test
    void leavesOfATreeAreAnsweredFromTheirOwnRowsWithoutALoad() throws SQLException {
        String ns = Namespaces.fresh();
        for (String root : List.of("10.0.0.0/16", "10.1.0.0/16")) {
            run("createPrefix", "cidr", root, "namespace", ns).ok();
            for (int c = 0; c < 3; c++) {
                run("acquireChildPrefix", "parent", root, "length", 24, "namespace", ns).ok();
            }
        }
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            String histogram = "GROUP BY prefix_id, masklen(cidr)";
            String children = "WHERE p.parent_id = ANY($1) ORDER BY p.cidr";
            String ipPages = "AS prefix_cidr FROM unnest($1::bigint[])";
            long[] before = {calls(sql, histogram), calls(sql, children), calls(sql, ipPages)};

            GraphQL.Result tree = run("tree", "name", ns).ok();

            // the roots' usage and children are loaded, one statement each; the six leaves' usage, ips and
            // children come from their rows: no second histogram or children statement, no page statement
            assertEquals(1, calls(sql, histogram) - before[0], "usage histograms");
            assertEquals(1, calls(sql, children) - before[1], "children statements");
            assertEquals(0, calls(sql, ipPages) - before[2], "ip page statements");
            String leaf = "data.namespace.prefixes.edges[1].node.children[2]";
            assertEquals("10.1.2.0/24", tree.string(leaf + ".cidr"));
            assertEquals(BigInteger.valueOf(256), tree.get(leaf + ".usage.size"));
            assertEquals(BigInteger.TWO, tree.get(leaf + ".usage.acquiredIPs"));
            assertEquals(BigInteger.valueOf(254), tree.get(leaf + ".usage.freeIPs"));
            assertEquals(BigInteger.ZERO, tree.get(leaf + ".usage.acquiredPrefixes"));
            assertEquals(0.0078125, ((Number) tree.get(leaf + ".usage.utilization")).doubleValue());
            assertEquals(BigInteger.ZERO, tree.get(leaf + ".ips.totalCount"));
            assertEquals(List.of(), tree.json().getList(leaf + ".ips.edges"));
            assertEquals(List.of(), tree.json().getList(leaf + ".children"));
            assertEquals(List.of(BigInteger.valueOf(3), BigInteger.valueOf(3)),
                    tree.json().getList("data.namespace.prefixes.edges.node.usage.acquiredPrefixes"));
        }
    }

    private static String populated(int roots, int children) {
        String ns = Namespaces.fresh();
        populate(ns, roots, children);
        return ns;
    }

    private static void populate(String ns, int roots, int children) {
        for (int r = 0; r < roots; r++) {
            String root = "10." + r + ".0.0/16";
            run("createPrefix", "cidr", root, "namespace", ns).ok();
            for (int c = 0; c < children; c++) {
                String child = run("acquireChildPrefix", "parent", root, "length", 24, "namespace", ns).ok()
                        .string("data.acquireChildPrefix.cidr");
                run("acquireIP", "prefix", child, "namespace", ns).ok();
            }
        }
    }

    private static long statementsFor(String operation, String variable, String ns) throws SQLException {
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            long before = calls(sql);
            GraphQL.Result result = run(operation, variable, ns).ok();
            long after = calls(sql);
            assertEquals(ns, result.string("data.namespace.name"));
            return after - before;
        }
    }

    private static long calls(Statement sql, String fragment) throws SQLException {
        try (ResultSet rows = sql.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE strpos(query, '" + fragment.replace("'", "''") + "') > 0")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long calls(Statement sql) throws SQLException {
        try (ResultSet rows = sql.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                + "WHERE query NOT ILIKE '%pg_stat_statements%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

}

package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no retry budget left, a lost race is answered CONFLICT and changes nothing. */
@QuarkusTest
@TestProfile(ConflictTest.NoRetries.class)
class ConflictTest {

    /** No retries: the first lost race is final. */
    public static class NoRetries implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipamql.retry.attempts", "0");
        }
    }

    @Test
    void aLostRaceBeyondTheRetryBudgetIsAConflict() throws Exception {
        String ns = Namespaces.fresh();
        GraphQL.Result result = RaceTest.raceSiblingChild(ns);

        assertEquals("CONFLICT", result.errorCode());
        assertTrue(result.errorMessage().startsWith("a concurrent change could not be resolved after 1 attempts"),
                result.errorMessage());
        // nothing of the service's attempt stays: the other writer's child only, the parent's counters untouched.
        // That writer (plain SQL) does not count its child as the service's writers do, so the API, which knows a
        // parent without counted children to have none, would not list it: the rows are read from the database.
        assertEquals(List.of("10.0.0.0/24"), childrenInDatabase(ns, "10.0.0.0/16"));
        assertEquals(0, ((Number) run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredPrefixes")).intValue());
        RaceTest.removeSiblingChild(ns);
        Consistency.assertHolds();
    }

    private static List<String> childrenInDatabase(String ns, String parent) throws SQLException {
        List<String> children = new ArrayList<>();
        try (Connection db = Database.connect(); PreparedStatement sql = db.prepareStatement("SELECT c.cidr::text FROM prefix c "
                + "JOIN prefix p ON c.parent_id = p.id WHERE p.namespace = ? AND p.cidr = ?::cidr ORDER BY c.cidr")) {
            sql.setString(1, ns);
            sql.setString(2, parent);
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    children.add(rows.getString(1));
                }
            }
        }
        return children;
    }

    @Test
    void aRootRacingAnOverlappingRootNeedsNoRetryToBeAnsweredOverlap() throws Exception {
        String ns = Namespaces.fresh();
        GraphQL.Result result = RaceTest.raceOverlappingRoot(ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/8 overlaps 10.0.0.0/16", result.errorMessage());
        assertEquals(List.of("10.0.0.0/16"), run("prefixes", "namespace", ns).ok().list("data.prefixes.edges.node.cidr"));
    }
}

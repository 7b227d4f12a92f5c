package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A race that only the database can arbitrate: another writer (as another replica would) holds an
 * uncommitted overlapping root while this service inserts one; the exclusion constraint makes the
 * service's insert wait for the other transaction and refuse once it commits, and the service answers
 * with the contract's OVERLAP.
 */
@QuarkusTest
class RaceTest {

    @Test
    void aRootPrefixRacingAnOverlappingOneFromAnotherWriterGetsOverlap() throws Exception {
        String ns = Namespaces.fresh();
        GraphQL.Result result = raceOverlappingRoot(ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/8 overlaps 10.0.0.0/16", result.errorMessage());
        assertEquals(java.util.List.of("10.0.0.0/16"), run("prefixes", "namespace", ns).ok()
                .list("data.prefixes.edges.node.cidr"));
        Consistency.assertHolds();
    }

    /**
     * Holds an uncommitted 10.0.0.0/16 while the service creates 10.0.0.0/8, then commits it. The other writer
     * writes the root whole, with its free addresses and free block, so the stored state stays consistent.
     */
    static GraphQL.Result raceOverlappingRoot(String ns) throws Exception {
        try (Connection other = Database.connect(); Connection observer = Database.connect()) {
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.execute("WITH p AS (INSERT INTO prefix (namespace, cidr) VALUES ('" + ns + "', '10.0.0.0/16') RETURNING id), "
                        + "b AS (INSERT INTO free_block (prefix_id, cidr) SELECT id, '10.0.0.0/16' FROM p) "
                        + "INSERT INTO ip_free_range (prefix_id, first_address, last_address) "
                        + "SELECT id, '10.0.0.1', '10.0.255.254' FROM p");
            }
            CompletableFuture<GraphQL.Result> create = CompletableFuture.supplyAsync(
                    () -> run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns));
            Database.awaitLockWaiter(observer);
            other.commit();
            return create.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Holds an uncommitted child 10.0.0.0/24 of the root 10.0.0.0/16, written by another writer that
     * leaves the parent's free blocks as they were, while the service acquires that same child; then
     * commits it. The service's insert loses to the sibling exclusion constraint on every attempt.
     */
    static GraphQL.Result raceSiblingChild(String ns) throws Exception {
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        try (Connection other = Database.connect(); Connection observer = Database.connect()) {
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.execute("INSERT INTO prefix (namespace, cidr, parent_id, parent_cidr) SELECT namespace, "
                        + "'10.0.0.0/24', id, cidr FROM prefix WHERE namespace = '" + ns + "' AND cidr = '10.0.0.0/16'");
            }
            CompletableFuture<GraphQL.Result> acquire = CompletableFuture.supplyAsync(() -> run(
                    "acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.0/24", "namespace", ns));
            Database.awaitLockWaiter(observer);
            other.commit();
            return acquire.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Removes the child {@link #raceSiblingChild} had the other writer insert (uncounted, its space still among
     * the parent's free blocks), so that the stored state is consistent again for the tests after.
     */
    static void removeSiblingChild(String ns) throws SQLException {
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            sql.execute("DELETE FROM prefix WHERE namespace = '" + ns + "' AND cidr = '10.0.0.0/24'");
        }
    }
}

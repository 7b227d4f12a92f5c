package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A race that only the database can arbitrate: another writer (as another replica would) inserts an
 * overlapping root after this service checked for overlaps; the constraint refuses the loser, and the
 * retry turns that into the contract's answer.
 */
@QuarkusTest
class RaceTest {

    @Test
    void aRootPrefixRacingAnOverlappingOneFromAnotherWriterGetsOverlapAfterTheRetry() throws Exception {
        String ns = Namespaces.fresh();
        GraphQL.Result result = raceOverlappingRoot(ns);

        assertEquals("OVERLAP", result.errorCode());
        assertEquals("10.0.0.0/8 overlaps 10.0.0.0/16", result.errorMessage());
        assertEquals(java.util.List.of("10.0.0.0/16"), run("prefixes", "namespace", ns).ok()
                .list("data.prefixes.edges.node.cidr"));
    }

    /** Holds an uncommitted 10.0.0.0/16 while the service creates 10.0.0.0/8, then commits it. */
    static GraphQL.Result raceOverlappingRoot(String ns) throws Exception {
        try (Connection other = Database.connect(); Connection observer = Database.connect()) {
            other.setAutoCommit(false);
            try (Statement sql = other.createStatement()) {
                sql.execute("INSERT INTO prefix (namespace, cidr) VALUES ('" + ns + "', '10.0.0.0/16')");
            }
            CompletableFuture<GraphQL.Result> create = CompletableFuture.supplyAsync(
                    () -> run("createPrefix", "cidr", "10.0.0.0/8", "namespace", ns));
            Database.awaitLockWaiter(observer);
            other.commit();
            return create.get(30, TimeUnit.SECONDS);
        }
    }
}

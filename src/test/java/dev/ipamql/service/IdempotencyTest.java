package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A retry with the same requestId returns the first result and allocates nothing new. */
@QuarkusTest
class IdempotencyTest {

    @Test
    void aRetriedAcquireIpReturnsTheFirstAddressAndAllocatesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        var first = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "description", "vm-1", "requestId", "r-1").ok();
        // the client lost the response and retries: same key, same arguments
        var retry = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "description", "vm-1", "requestId", "r-1").ok();
        var other = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "r-2").ok();

        assertEquals("10.0.0.1", first.string("data.acquireIP.address"));
        assertEquals("10.0.0.1", retry.string("data.acquireIP.address"));
        assertEquals("vm-1", retry.string("data.acquireIP.description"));
        assertEquals("10.0.0.2", other.string("data.acquireIP.address"));
        assertEquals(BigInteger.valueOf(4), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredIPs"));
    }

    @Test
    void aRetriedChildAcquisitionReturnsTheFirstChild() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var first = run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns, "requestId", "c").ok();
        var retry = run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns, "requestId", "c").ok();
        var specific = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.9.0/24", "namespace", ns,
                "requestId", "s").ok();
        var specificRetry = run("acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.9.0/24",
                "namespace", ns, "requestId", "s").ok();

        assertEquals("10.0.0.0/24", first.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/24", retry.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/16", retry.string("data.acquireChildPrefix.parentCidr"));
        assertEquals("10.0.9.0/24", specificRetry.string("data.acquireSpecificChildPrefix.cidr"));
        assertEquals(List.of("10.0.0.0/24", "10.0.9.0/24"), run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok()
                .list("data.prefix.children.cidr"));
        assertEquals("10.0.9.0/24", specific.string("data.acquireSpecificChildPrefix.cidr"));
    }

    @Test
    void aKeyReusedForADifferentRequestIsRefusedAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k").ok();

        var reused = run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.9", "namespace", ns, "requestId", "k");

        assertEquals("INVALID_ARGUMENT", reused.errorCode());
        assertTrue(reused.errorMessage().contains("'k' was already used"), reused.errorMessage());
        assertEquals(List.of("10.0.0.1"), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
    }

    @Test
    void keysAreScopedToTheirNamespace() {
        String a = Namespaces.fresh();
        String b = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", a).ok();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", b).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.7", "namespace", a, "requestId", "same").ok();

        var inB = run("acquireIP", "prefix", "10.0.0.0/24", "namespace", b, "requestId", "same").ok();

        assertEquals("10.0.0.1", inB.string("data.acquireIP.address"));
    }

    @Test
    void aFailedRequestStoresNoKeySoItsRetryRunsAgain() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/31", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns).ok();
        assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns, "requestId", "f").errorCode());
        run("releaseIP", "prefix", "10.0.0.0/31", "address", "10.0.0.1", "namespace", ns).ok();

        assertEquals("10.0.0.1", run("acquireIP", "prefix", "10.0.0.0/31", "namespace", ns, "requestId", "f").ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void twoConcurrentRequestsWithOneKeyGetOneAllocation() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        // hold the prefix's row lock so that both requests are in flight at once
        try (Connection blocker = Database.connect(); Connection observer = Database.connect()) {
            blocker.setAutoCommit(false);
            try (Statement sql = blocker.createStatement()) {
                sql.execute("SELECT 1 FROM prefix WHERE namespace = '" + ns + "' FOR UPDATE");
            }
            CompletableFuture<GraphQL.Result> one = CompletableFuture.supplyAsync(
                    () -> run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "twin"));
            CompletableFuture<GraphQL.Result> two = CompletableFuture.supplyAsync(
                    () -> run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "twin"));
            Database.awaitLockWaiters(observer, 2);
            blocker.commit();
            assertEquals("10.0.0.1", one.get(30, TimeUnit.SECONDS).ok().string("data.acquireIP.address"));
            assertEquals("10.0.0.1", two.get(30, TimeUnit.SECONDS).ok().string("data.acquireIP.address"));
        }
        assertEquals(List.of("10.0.0.1"), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
    }

    @Test
    void anExpiredKeyAllocatesAnew() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "old").ok();
        try (Connection db = Database.connect(); Statement sql = db.createStatement()) {
            sql.execute("UPDATE request_key SET created_at = now() - interval '25 hours' WHERE namespace = '" + ns + "'");
        }

        assertEquals("10.0.0.2", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "old").ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void aMalformedKeyIsInvalidArgument() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        assertEquals("INVALID_ARGUMENT", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "requestId", "").errorCode());
        assertEquals("INVALID_ARGUMENT", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns,
                "requestId", "x".repeat(201)).errorCode());
    }
}

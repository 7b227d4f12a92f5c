package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static final String WITH_METADATA = "mutation A($prefix: CIDR!, $namespace: String, $requestId: String, "
            + "$labels: [LabelInput!], $claim: String) { acquireIP(prefix: $prefix, namespace: $namespace, "
            + "requestId: $requestId, labels: $labels, claim: $claim) { address labels { key value } claim } }";

    private static final String CHILD_WITH_METADATA = "mutation A($parent: CIDR!, $namespace: String, $requestId: String, "
            + "$labels: [LabelInput!], $claim: String) { acquireChildPrefix(parent: $parent, length: 24, "
            + "namespace: $namespace, requestId: $requestId, labels: $labels, claim: $claim) { cidr } }";

    private static final String IPS_WITH_LABELS = "mutation A($prefix: CIDR!, $namespace: String, $requestId: String, "
            + "$labels: [LabelInput!]) { acquireIPs(prefix: $prefix, count: 2, namespace: $namespace, requestId: $requestId, "
            + "labels: $labels) { address } }";

    private static List<Map<String, String>> labels(String... keysAndValues) {
        List<Map<String, String>> labels = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.add(Map.of("key", keysAndValues[i], "value", keysAndValues[i + 1]));
        }
        return labels;
    }

    /** Labels and claim belong to the request a key names: a retry with others is refused, not replayed. */
    @Test
    void aKeyReusedWithOtherLabelsOrAnotherClaimIsRefusedAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k",
                "labels", labels("env", "prod", "tier", "web"), "claim", "vm-1")).ok();
        GraphQL.send(CHILD_WITH_METADATA, GraphQL.vars("parent", "10.1.0.0/16", "namespace", ns, "requestId", "c",
                "labels", labels("env", "prod"))).ok();
        GraphQL.send(IPS_WITH_LABELS, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "b",
                "labels", labels("env", "prod"))).ok();

        var sameInOtherOrder = GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns,
                "requestId", "k", "labels", labels("tier", "web", "env", "prod"), "claim", "vm-1")).ok();
        List<GraphQL.Result> refused = List.of(
                GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k",
                        "labels", labels("env", "dev", "tier", "web"), "claim", "vm-1")),
                GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k",
                        "labels", labels("env", "prod", "tier", "web"), "claim", "vm-2")),
                GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k",
                        "labels", labels("env", "prod", "tier", "web"))),
                GraphQL.send(WITH_METADATA, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "k",
                        "claim", "vm-1")),
                GraphQL.send(CHILD_WITH_METADATA, GraphQL.vars("parent", "10.1.0.0/16", "namespace", ns, "requestId", "c")),
                GraphQL.send(CHILD_WITH_METADATA, GraphQL.vars("parent", "10.1.0.0/16", "namespace", ns, "requestId", "c",
                        "labels", labels("env", "prod"), "claim", "vpc")),
                GraphQL.send(IPS_WITH_LABELS, GraphQL.vars("prefix", "10.0.0.0/24", "namespace", ns, "requestId", "b",
                        "labels", labels("env", "dev"))));

        assertEquals("10.0.0.1", sameInOtherOrder.string("data.acquireIP.address"));
        for (GraphQL.Result reused : refused) {
            assertEquals("INVALID_ARGUMENT", reused.errorCode(), reused.body());
            assertTrue(reused.errorMessage().contains("was already used"), reused.errorMessage());
        }
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .list("data.prefix.ips.edges.node.address"));
        assertEquals(BigInteger.ONE, run("prefix", "cidr", "10.1.0.0/16", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredPrefixes"));
        assertNull(run("ipByClaim", "claim", "vm-2", "namespace", ns).ok().get("data.ipByClaim"));
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

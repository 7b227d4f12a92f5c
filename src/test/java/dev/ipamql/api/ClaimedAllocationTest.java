package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Claims: durable allocation keys, one address or child prefix per claim and namespace. */
@QuarkusTest
class ClaimedAllocationTest {

    @Test
    void aRepeatedClaimAnswersTheSameAddressAndAllocatesAndRecordsNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        var first = run("claimIP", "prefix", "10.0.0.0/24", "claim", "vm-1/nic0", "namespace", ns).ok();
        var again = run("claimIP", "prefix", "10.0.0.0/24", "claim", "vm-1/nic0", "namespace", ns).ok();
        var other = run("claimIP", "prefix", "10.0.0.0/24", "claim", "vm-2/nic0", "namespace", ns).ok();

        assertEquals("10.0.0.1", first.string("data.acquireIP.address"));
        assertEquals("vm-1/nic0", first.string("data.acquireIP.claim"));
        assertEquals("10.0.0.1", again.string("data.acquireIP.address"));
        assertEquals("10.0.0.2", other.string("data.acquireIP.address"));
        // acquiredIPs counts the two reserved addresses too
        assertEquals(BigInteger.valueOf(4), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredIPs"));
        assertEquals(List.of("acquireIP", "acquireIP", "createPrefix", "createNamespace"),
                run("auditLog", "namespace", ns).ok().list("data.auditLog.edges.node.operation"));
        assertEquals("10.0.0.1", run("ipByClaim", "claim", "vm-1/nic0", "namespace", ns).ok()
                .string("data.ipByClaim.address"));
        assertEquals("vm-1/nic0", run("ipInNamespace", "address", "10.0.0.1", "namespace", ns).ok().string("data.ip.claim"));
    }

    @Test
    void aClaimHeldInAnotherPrefixIsAlreadyExistsNamingItsAddress() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        run("claimIP", "prefix", "10.0.0.0/24", "claim", "c", "namespace", ns).ok();

        var elsewhere = run("claimIP", "prefix", "10.0.1.0/24", "claim", "c", "namespace", ns);

        assertEquals("ALREADY_EXISTS", elsewhere.errorCode());
        assertTrue(elsewhere.errorMessage().contains("10.0.0.1"), elsewhere.errorMessage());
        assertEquals(BigInteger.TWO, run("prefix", "cidr", "10.0.1.0/24", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredIPs"), "the two reserved addresses only");
    }

    @Test
    void releasingByClaimFreesTheAddressAndTheClaim() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("claimIP", "prefix", "10.0.0.0/24", "claim", "c", "namespace", ns).ok();

        var released = run("releaseIPByClaim", "claim", "c", "namespace", ns).ok();

        assertEquals("10.0.0.1", released.string("data.releaseIPByClaim.address"));
        assertEquals("c", released.string("data.releaseIPByClaim.claim"));
        assertNull(run("ipByClaim", "claim", "c", "namespace", ns).ok().get("data.ipByClaim"));
        assertEquals("NOT_FOUND", run("releaseIPByClaim", "claim", "c", "namespace", ns).errorCode());
        assertEquals("releaseIPByClaim", run("auditLog", "namespace", ns).ok().string("data.auditLog.edges[0].node.operation"));
        run("claimIP", "prefix", "10.0.0.0/24", "claim", "d", "namespace", ns).ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        assertNull(run("ipByClaim", "claim", "d", "namespace", ns).ok().get("data.ipByClaim"), "released by address");
    }

    @Test
    void aChildPrefixClaimAnswersTheSameChildWhileItFits() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var first = run("claimChildPrefix", "parent", "10.0.0.0/16", "length", 24, "claim", "vpc", "namespace", ns).ok();
        var again = run("claimChildPrefix", "parent", "10.0.0.0/16", "length", 24, "claim", "vpc", "namespace", ns).ok();
        var otherLength = run("claimChildPrefix", "parent", "10.0.0.0/16", "length", 25, "claim", "vpc", "namespace", ns);
        var specific = run("claimSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.0.0/24", "claim", "vpc",
                "namespace", ns).ok();

        assertEquals("10.0.0.0/24", first.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/24", again.string("data.acquireChildPrefix.cidr"));
        assertEquals("ALREADY_EXISTS", otherLength.errorCode());
        assertEquals("10.0.0.0/24", specific.string("data.acquireSpecificChildPrefix.cidr"));
        assertEquals("10.0.0.0/24", run("prefixByClaim", "claim", "vpc", "namespace", ns).ok()
                .string("data.prefixByClaim.cidr"));
        assertEquals("10.0.0.0/24", run("releaseChildPrefixByClaim", "claim", "vpc", "namespace", ns).ok()
                .string("data.releaseChildPrefixByClaim.cidr"));
        assertNull(run("prefixByClaim", "claim", "vpc", "namespace", ns).ok().get("data.prefixByClaim"));
        assertEquals(BigInteger.ZERO, run("prefix", "cidr", "10.0.0.0/16", "namespace", ns).ok()
                .get("data.prefix.usage.acquiredPrefixes"));
    }

    @Test
    void concurrentRequestsWithOneClaimGetOneAddress() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.0.1.0/24", "namespace", ns).ok();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<GraphQL.Result>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String prefix = i % 4 == 3 ? "10.0.1.0/24" : "10.0.0.0/24";
                answers.add(pool.submit(() -> run("claimIP", "prefix", prefix, "claim", "race", "namespace", ns)));
            }
            var addresses = new HashSet<String>();
            int refused = 0;
            for (Future<GraphQL.Result> answer : answers) {
                GraphQL.Result result = answer.get(120, TimeUnit.SECONDS);
                if (result.errors().isEmpty()) {
                    addresses.add(result.string("data.acquireIP.address"));
                } else {
                    assertEquals("ALREADY_EXISTS", result.errorCode());
                    refused++;
                }
            }
            assertEquals(1, addresses.size(), addresses::toString);
            var held = run("ipByClaim", "claim", "race", "namespace", ns).ok().string("data.ipByClaim.address");
            assertEquals(addresses.iterator().next(), held);
            // the prefix that lost answers ALREADY_EXISTS to all of its requests, the winner's to none
            assertEquals(held.startsWith("10.0.0.") ? 8 : 24, refused);
            assertEquals(BigInteger.ONE, run("ips", "namespace", ns).ok().get("data.ips.totalCount"));
        } finally {
            pool.shutdownNow();
        }
        Consistency.assertHolds();
    }

    @Test
    void malformedClaimsAreInvalidArgumentsAndStoreNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();

        for (String claim : List.of("", "a\u0000b", "tab\there", "x".repeat(254), "y".repeat(10_000))) {
            assertEquals("INVALID_ARGUMENT", run("claimIP", "prefix", "10.0.0.0/24", "claim", claim, "namespace", ns)
                    .errorCode(), () -> "claim of " + claim.length() + " characters");
        }
        assertEquals(BigInteger.ZERO, run("ips", "namespace", ns).ok().get("data.ips.totalCount"));
    }
}

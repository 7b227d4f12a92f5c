package dev.ipamql.service;

import static dev.ipamql.service.HintedAcquisitionTest.acquire;
import static dev.ipamql.service.HintedAcquisitionTest.hints;
import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * acquireIP batches of different prefixes, each from its hinted range, share one statement: made deterministic
 * here by holding one prefix's row lock, with the shared transaction's lock wait made long, while the others queue.
 */
@QuarkusTest
@TestProfile(SharedHintedStatementTest.LongSharedLockWait.class)
class SharedHintedStatementTest {

    /** The shared transaction waits for a held row lock as long as the test holds it. */
    public static class LongSharedLockWait implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipamql.shared-lock-wait", "PT60S");
        }
    }

    /**
     * Hinted batches of different prefixes that queue while one runs go together in one statement: here the
     * first waits for its prefix's row lock (held as another replica would), three more queue behind it. Each
     * prefix gets its own next address; the one whose hinted range went stale (a release below it) takes
     * nothing in that statement and goes the usual way, while the others' are taken.
     */
    @Test
    void hintedBatchesOfDifferentPrefixesShareOneStatementAndAStaleOneGoesTheUsualWay() throws Exception {
        String ns = Namespaces.fresh();
        List<String> prefixes = List.of("10.9.2.0/24", "10.9.3.0/24", "10.9.4.0/24", "10.9.5.0/24");
        for (String prefix : prefixes) {
            run("createPrefix", "cidr", prefix, "namespace", ns).ok();
            acquire(ns, prefix);
            acquire(ns, prefix);
        }
        run("releaseIP", "prefix", "10.9.4.0/24", "address", "10.9.4.1", "namespace", ns).ok();
        double hits = hints("hit");
        double misses = hints("miss");
        double statements = CoalescingTest.metric("ipamql_acquire_ip_hinted_batch_size_count");
        double batches = CoalescingTest.metric("ipamql_acquire_ip_hinted_batch_size_sum");

        List<CompletableFuture<String>> answers = new ArrayList<>();
        Database.withPrefixLocked(ns, prefixes.get(0), observer -> {
            answers.add(CompletableFuture.supplyAsync(() -> acquire(ns, prefixes.get(0)), CoalescingTest.REQUESTS));
            Database.awaitLockWaiter(observer);
            for (int i = 1; i < prefixes.size(); i++) {
                String prefix = prefixes.get(i);
                answers.add(CompletableFuture.supplyAsync(() -> acquire(ns, prefix), CoalescingTest.REQUESTS));
                CoalescingTest.awaitMetric("ipamql_acquire_ip_hinted_waiting", i);
            }
        });
        List<String> addresses = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            addresses.add(answer.get(30, TimeUnit.SECONDS));
        }

        assertEquals(List.of("10.9.2.3", "10.9.3.3", "10.9.4.1", "10.9.5.3"), addresses);
        assertEquals(2.0, CoalescingTest.metric("ipamql_acquire_ip_hinted_batch_size_count") - statements,
                "the first prefix's statement, then one for the three that queued behind it");
        assertEquals(4.0, CoalescingTest.metric("ipamql_acquire_ip_hinted_batch_size_sum") - batches);
        assertEquals(hits + 3, hints("hit"));
        assertEquals(misses + 1, hints("miss"), "the prefix with a free address below its hinted range");
        assertEquals(List.of(List.of("10.9.2.1", "10.9.2.2", "10.9.2.3"), List.of("10.9.3.1", "10.9.3.2", "10.9.3.3"),
                        List.of("10.9.4.1", "10.9.4.2"), List.of("10.9.5.1", "10.9.5.2", "10.9.5.3")),
                prefixes.stream().map(prefix -> run("prefix", "cidr", prefix, "namespace", ns).ok()
                        .list("data.prefix.ips.edges.node.address")).toList());
        // every acquisition has its record: createNamespace, 4 createPrefix, 12 acquireIP, 1 releaseIP
        assertEquals(18, ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue());
        Consistency.assertHolds();
    }
}

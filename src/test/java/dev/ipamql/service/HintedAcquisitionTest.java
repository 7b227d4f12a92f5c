package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * After a batch of acquireIP on a prefix, the next one tries the lowest free range that batch left, in one
 * round trip; the database takes it only while that range is still the lowest and unchanged, so any other
 * change in between (a release, a specific address, a new prefix under the same CIDR) sends the batch the
 * usual way, with the same answers.
 */
@QuarkusTest
class HintedAcquisitionTest {

    private static final String ACQUIRE = "mutation A($prefix: CIDR!, $namespace: String) { "
            + "acquireIP(prefix: $prefix, namespace: $namespace) { address createdAt } }";

    @Test
    void acquisitionsAfterTheFirstTakeTheHintedRangeAndRecordTheSameResults() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.9.0.0/24", "namespace", ns).ok();
        double hits = hints("hit");

        List<GraphQL.Result> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(GraphQL.send(ACQUIRE, GraphQL.vars("prefix", "10.9.0.0/24", "namespace", ns)).ok());
        }

        assertEquals(List.of("10.9.0.1", "10.9.0.2", "10.9.0.3"),
                answers.stream().map(a -> a.string("data.acquireIP.address")).toList());
        assertEquals(hits + 2, hints("hit"), "the first batch reads the free ranges, the next two use what it left");
        List<String> results = run("auditLog", "namespace", ns).ok().list("data.auditLog.edges.node.result");
        for (int i = 0; i < 3; i++) {
            JsonObject recorded = new JsonObject(results.get(2 - i)); // newest first
            String answered = answers.get(i).string("data.acquireIP.createdAt");
            assertEquals("10.9.0." + (i + 1), recorded.getString("address"));
            assertEquals(OffsetDateTime.parse(answered).toInstant(), OffsetDateTime.parse(recorded.getString("createdAt")).toInstant());
            assertEquals(true, recorded.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"),
                    recorded.getString("createdAt"));
        }
        assertEquals(3, run("prefix", "cidr", "10.9.0.0/24", "namespace", ns).ok().list("data.prefix.ips.edges.node.address").size());
        Consistency.assertHolds();
    }

    @Test
    void aRangeChangedSinceTheHintIsTakenTheUsualWay() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.9.1.0/24", "namespace", ns).ok();
        for (int i = 0; i < 3; i++) {
            acquire(ns, "10.9.1.0/24");
        }
        double misses = hints("miss");

        run("releaseIP", "prefix", "10.9.1.0/24", "address", "10.9.1.1", "namespace", ns).ok();
        assertEquals("10.9.1.1", acquire(ns, "10.9.1.0/24"), "a free range below the hinted one");
        assertEquals("10.9.1.4", acquire(ns, "10.9.1.0/24"));
        run("acquireIP", "prefix", "10.9.1.0/24", "address", "10.9.1.6", "namespace", ns).ok();
        assertEquals("10.9.1.5", acquire(ns, "10.9.1.0/24"), "the hinted range was split");
        assertEquals("10.9.1.7", acquire(ns, "10.9.1.0/24"));
        for (int last = 1; last <= 7; last++) {
            run("releaseIP", "prefix", "10.9.1.0/24", "address", "10.9.1." + last, "namespace", ns).ok();
        }
        run("deletePrefix", "cidr", "10.9.1.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.9.1.0/24", "namespace", ns).ok();
        assertEquals("10.9.1.1", acquire(ns, "10.9.1.0/24"), "a new prefix under the same CIDR");

        assertEquals(misses + 3, hints("miss"), "the release below, the split range and the new prefix");
        Consistency.assertHolds();
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
            answers.add(CompletableFuture.supplyAsync(() -> acquire(ns, prefixes.get(0))));
            Database.awaitLockWaiter(observer);
            for (int i = 1; i < prefixes.size(); i++) {
                String prefix = prefixes.get(i);
                answers.add(CompletableFuture.supplyAsync(() -> acquire(ns, prefix)));
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

    private static String acquire(String ns, String prefix) {
        return run("acquireIP", "prefix", prefix, "namespace", ns).ok().string("data.acquireIP.address");
    }

    private static double hints(String outcome) {
        Matcher value = Pattern.compile("(?m)^ipamql_acquire_ip_hint_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} ([0-9.eE+-]+)")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}

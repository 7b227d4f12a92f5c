package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** A claim and labels go with the hinted range; a claim already held sends its batch the usual way. */
    @Test
    void claimsAndLabelsTakeTheHintedRangeUnlessTheClaimIsHeld() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.9.8.0/24", "namespace", ns).ok();
        acquire(ns, "10.9.8.0/24");
        double hits = hints("hit");
        double misses = hints("miss");
        List<Map<String, String>> labels = List.of(Map.of("key", "role", "value", "web"));

        var claimed = run("claimIP", "prefix", "10.9.8.0/24", "claim", "vm-7", "labels", labels, "namespace", ns).ok();
        var again = run("claimIP", "prefix", "10.9.8.0/24", "claim", "vm-7", "namespace", ns).ok();

        assertEquals("10.9.8.2", claimed.string("data.acquireIP.address"));
        assertEquals(claimed.json().getMap("data.acquireIP"), again.json().getMap("data.acquireIP"));
        assertEquals(labels, claimed.json().getList("data.acquireIP.labels"));
        assertEquals(hits + 1, hints("hit"));
        assertEquals(misses + 1, hints("miss"), "the held claim");
        assertEquals("10.9.8.2", run("ipByClaim", "claim", "vm-7", "namespace", ns).ok().string("data.ipByClaim.address"));
        assertEquals(List.of("10.9.8.2"), run("ips", "namespace", ns, "selector", "role=web").ok()
                .list("data.ips.edges.node.address"));
        JsonObject recorded = new JsonObject(run("auditLog", "namespace", ns).ok().string("data.auditLog.edges[0].node.result"));
        assertEquals("vm-7", recorded.getString("claim"));
        assertEquals(new JsonObject().put("role", "web"), recorded.getJsonObject("labels"));
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
     * The transaction that hinted batches of different prefixes share waits only briefly for a prefix's row lock:
     * while one prefix stays locked elsewhere (as by another replica), another prefix's acquisition is answered
     * and committed before that lock is let go, and the locked prefix's request gets its address the usual way
     * once the lock is free.
     */
    @Test
    void aPrefixLockedElsewhereDoesNotHoldUpTheHintedBatchesOfOthers() throws Exception {
        String ns = Namespaces.fresh();
        for (String prefix : List.of("10.9.6.0/24", "10.9.7.0/24")) {
            run("createPrefix", "cidr", prefix, "namespace", ns).ok();
            acquire(ns, prefix);
        }
        double hits = hints("hit");
        double misses = hints("miss");
        List<CompletableFuture<String>> locked = new ArrayList<>();
        Database.withPrefixLocked(ns, "10.9.6.0/24", observer -> {
            locked.add(CompletableFuture.supplyAsync(() -> acquire(ns, "10.9.6.0/24"), CoalescingTest.REQUESTS));
            Database.awaitLockWaiter(observer);
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> acquire(ns, "10.9.7.0/24"),
                    CoalescingTest.REQUESTS);
            // the lock is let go only after this: held up behind it, the request would wait out the safety bound
            assertEquals("10.9.7.2", answeredWhileLocked(other), "answered while 10.9.6.0/24 is locked");
            assertEquals(List.of("10.9.7.1", "10.9.7.2"), committed(observer, ns, "10.9.7.0/24"), "committed meanwhile");
            assertFalse(locked.get(0).isDone(), "the locked prefix's request still waits");
            assertEquals(List.of("10.9.6.1"), committed(observer, ns, "10.9.6.0/24"));
        });
        assertEquals("10.9.6.2", locked.get(0).get(30, TimeUnit.SECONDS));
        assertEquals(hits + 1, hints("hit"));
        assertEquals(misses + 1, hints("miss"), "the locked prefix's batch gave up its brief wait");
        Consistency.assertHolds();
    }

    /** The answer; a bound of two minutes only ends a run that is held up for good, it measures no speed. */
    private static String answeredWhileLocked(CompletableFuture<String> answer) throws Exception {
        try {
            return answer.get(2, TimeUnit.MINUTES);
        } catch (TimeoutException heldUp) {
            throw new AssertionError("not answered while the other prefix stayed locked: held up behind its lock");
        }
    }

    /** The addresses committed in the prefix, as another session sees them. */
    private static List<String> committed(Connection db, String ns, String prefix) throws Exception {
        try (PreparedStatement sql = db.prepareStatement("SELECT host(i.address) FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                + "WHERE p.namespace = ? AND p.cidr = ?::cidr ORDER BY i.address")) {
            sql.setString(1, ns);
            sql.setString(2, prefix);
            List<String> addresses = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    addresses.add(rows.getString(1));
                }
            }
            return addresses;
        }
    }

    static String acquire(String ns, String prefix) {
        return run("acquireIP", "prefix", prefix, "namespace", ns).ok().string("data.acquireIP.address");
    }

    static double hints(String outcome) {
        Matcher value = Pattern.compile("(?m)^ipamql_acquire_ip_hint_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} ([0-9.eE+-]+)")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }
}

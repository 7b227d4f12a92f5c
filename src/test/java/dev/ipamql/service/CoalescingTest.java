package dev.ipamql.service;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Concurrent acquisitions on one prefix are coalesced into one transaction per instance: made
 * deterministic here by holding the prefix's row lock (as another replica would) until the requests
 * behind it have queued, then checking that they went in one batch with exactly the serial answers.
 */
@QuarkusTest
class CoalescingTest {

    /**
     * Runs the requests that must block at once (behind a held lock): a thread each, as the common pool does
     * not promise on every machine.
     */
    static final ExecutorService REQUESTS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-request");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * While one acquireIP waits for the prefix's row lock (held here as another replica would), the
     * next ones queue in the service and then go together in one transaction: each gets its own next
     * address and its own audit record.
     */
    @Test
    void concurrentAcquisitionsOfOnePrefixShareOneTransaction() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        int waiting = 20;
        double batchesBefore = metric("ipamql_acquire_ip_batch_size_count");
        double sizesBefore = metric("ipamql_acquire_ip_batch_size_sum");
        List<CompletableFuture<Result>> answers = queuedBehindALock(ns, "10.0.0.0/24", waiting);
        List<String> addresses = new ArrayList<>();
        for (CompletableFuture<Result> answer : answers) {
            addresses.add(answer.get(30, TimeUnit.SECONDS).ok().string("data.acquireIP.address"));
        }
        // in arrival order, as if one after the other
        assertEquals(IntStream.rangeClosed(1, waiting + 1).mapToObj(i -> "10.0.0." + i).toList(), addresses);
        assertEquals(2.0, metric("ipamql_acquire_ip_batch_size_count") - batchesBefore, () -> given().get("/q/metrics")
                .then().extract().asString().lines().filter(line -> line.contains("batch")).toList().toString());
        assertEquals(waiting + 1.0, metric("ipamql_acquire_ip_batch_size_sum") - sizesBefore);
        // and the records of createNamespace and createPrefix
        assertEquals(waiting + 3, ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue());
        Consistency.assertHolds();
    }

    private static final String MAYBE_CLAIMED = "mutation A($prefix: CIDR!, $claim: String, $namespace: String, "
            + "$labels: [LabelInput!]) { acquireIP(prefix: $prefix, claim: $claim, namespace: $namespace, labels: $labels) "
            + "{ address prefixCidr claim labels { key value } version } }";

    /**
     * Claims and labels join the batch: a claim held in the prefix answers its address and records nothing, one
     * held in another prefix is ALREADY_EXISTS, two requests with one new claim share one address, identically.
     */
    @Test
    void claimedAndLabelledAcquisitionsJoinTheBatch() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/24");
        createPrefix(ns, "10.0.1.0/24");
        run("claimIP", "prefix", "10.0.0.0/24", "claim", "held-here", "namespace", ns).ok();
        run("claimIP", "prefix", "10.0.1.0/24", "claim", "held-there", "namespace", ns).ok();
        Map<String, String> claims = Map.of("first", "a", "queued 1", "dup", "queued 2", "held-here", "queued 3", "dup",
                "queued 4", "held-there");
        double batchesBefore = metric("ipamql_acquire_ip_batch_size_count");

        List<CompletableFuture<Result>> answers = queuedBehindALock(ns, "10.0.0.0/24", 6, "ipamql_acquire_ip_waiting",
                description -> GraphQL.send(MAYBE_CLAIMED, GraphQL.vars("prefix", "10.0.0.0/24", "claim", claims.get(description),
                        "namespace", ns, "labels", List.of(Map.of("key", "step", "value", description.replace(' ', '-'))))));

        assertEquals(List.of("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.1", "10.0.0.4", "ALREADY_EXISTS", "10.0.0.5"),
                outcomes(answers, "data.acquireIP.address"));
        assertEquals(2.0, metric("ipamql_acquire_ip_batch_size_count") - batchesBefore, "the first alone, then the rest");
        Map<String, Object> shared = answers.get(2).get().json().getMap("data.acquireIP");
        assertEquals(Map.of("address", "10.0.0.4", "prefixCidr", "10.0.0.0/24", "claim", "dup",
                "labels", List.of(Map.of("key", "step", "value", "queued-1")), "version", BigInteger.ONE), shared);
        assertEquals(shared, answers.get(4).get().json().getMap("data.acquireIP"));
        assertEquals(List.of("10.0.0.3"), run("ips", "namespace", ns, "selector", "step=queued-0").ok()
                .list("data.ips.edges.node.address"));
        assertEquals("held-here", run("ipInNamespace", "address", "10.0.0.1", "namespace", ns).ok().string("data.ip.claim"));
        // createNamespace, two createPrefix, two claims before; then first, queued 0, queued 1 and queued 5
        assertEquals(9, ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue());
        Consistency.assertHolds();
    }

    @Test
    void aBatchLargerThanTheFreeAddressesAnswersTheRestNoIpAvailable() throws Exception {
        String ns = Namespaces.fresh();
        createPrefix(ns, "10.0.0.0/29");
        List<CompletableFuture<Result>> answers = queuedBehindALock(ns, "10.0.0.0/29", 9);
        List<String> outcomes = outcomes(answers, "data.acquireIP.address");
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
                "NO_IP_AVAILABLE", "NO_IP_AVAILABLE", "NO_IP_AVAILABLE", "NO_IP_AVAILABLE"), outcomes);
        Consistency.assertHolds();
    }

    /**
     * Holds the prefix's row lock (as another replica would) while one request waits for it and
     * {@code queued} more queue in the service behind it, one after the other, then lets them all go.
     */
    private static List<CompletableFuture<Result>> queuedBehindALock(String ns, String cidr, int queued) throws Exception {
        return queuedBehindALock(ns, cidr, queued, "ipamql_acquire_ip_waiting",
                description -> run("acquireIP", "prefix", cidr, "namespace", ns, "description", description));
    }

    private static List<CompletableFuture<Result>> queuedBehindALock(String ns, String cidr, int queued, String gauge,
                                                                     Function<String, Result> request) throws Exception {
        List<CompletableFuture<Result>> answers = new ArrayList<>();
        Database.withPrefixLocked(ns, cidr, observer -> {
            answers.add(CompletableFuture.supplyAsync(() -> request.apply("first"), REQUESTS));
            Database.awaitLockWaiter(observer);
            for (int i = 0; i < queued; i++) {
                String description = "queued " + i;
                answers.add(CompletableFuture.supplyAsync(() -> request.apply(description), REQUESTS));
                awaitMetric(gauge, i + 1); // one at a time: the queue's order is the order of this list
            }
        });
        return answers;
    }

    @Test
    void concurrentChildAcquisitionsOfOneParentShareOneTransaction() throws Exception {
        childBatchGetsTheSerialAnswersInArrivalOrder();
    }

    private void childBatchGetsTheSerialAnswersInArrivalOrder() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        int waiting = 12;
        double batchesBefore = metric("ipamql_acquire_child_prefix_batch_size_count");
        List<CompletableFuture<Result>> answers = queuedBehindALock(ns, "10.0.0.0/16", waiting,
                "ipamql_acquire_child_prefix_waiting", description -> run("acquireChildPrefix", "parent", "10.0.0.0/16",
                        "length", description.equals("queued 3") ? 22 : 24, "namespace", ns, "description", description));
        List<String> children = new ArrayList<>();
        for (CompletableFuture<Result> answer : answers) {
            children.add(answer.get(30, TimeUnit.SECONDS).ok().string("data.acquireChildPrefix.cidr"));
        }
        assertEquals("10.0.0.0/24", children.get(0));
        // in arrival order, each the best fit left by those before it: the /22 comes between /24s
        List<String> expected = new ArrayList<>(List.of("10.0.0.0/24"));
        IntStream.range(1, 4).forEach(i -> expected.add("10.0." + i + ".0/24"));
        expected.add("10.0.4.0/22");
        IntStream.range(8, 16).forEach(i -> expected.add("10.0." + i + ".0/24"));
        assertEquals(expected, children);
        assertEquals(2.0, metric("ipamql_acquire_child_prefix_batch_size_count") - batchesBefore);
        assertEquals(waiting + 3, ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue());
        assertEquals(String.valueOf(waiting + 1), String.valueOf(((Number) run("prefix", "cidr", "10.0.0.0/16", "namespace", ns)
                .ok().get("data.prefix.usage.acquiredPrefixes")).intValue()));
        Consistency.assertHolds();
    }

    @Test
    void aChildBatchLargerThanTheFreeSpaceAnswersTheRestNoPrefixAvailable() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/22", "namespace", ns).ok();
        List<CompletableFuture<Result>> answers = queuedBehindALock(ns, "10.0.0.0/22", 6,
                "ipamql_acquire_child_prefix_waiting", description -> run("acquireChildPrefix", "parent", "10.0.0.0/22",
                        "length", 24, "namespace", ns, "description", description));
        List<String> outcomes = outcomes(answers, "data.acquireChildPrefix.cidr");
        assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24",
                "NO_PREFIX_AVAILABLE", "NO_PREFIX_AVAILABLE", "NO_PREFIX_AVAILABLE"), outcomes);
        Consistency.assertHolds();
    }

    /** Each answer in queue order: the value at {@code path}, or the error code of a refused request. */
    private static List<String> outcomes(List<CompletableFuture<Result>> answers, String path) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<Result> answer : answers) {
            Result result = answer.get(30, TimeUnit.SECONDS);
            outcomes.add(result.errors().isEmpty() ? result.string(path) : result.errorCode());
        }
        return outcomes;
    }

    private static void createPrefix(String ns, String cidr) {
        run("createPrefix", "cidr", cidr, "namespace", ns).ok();
    }

    static double metric(String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)(?: |$)")
                .matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return value.find() ? Double.parseDouble(value.group(2)) : 0;
    }

    /** Polls (bounded, 30 s) until the gauge reaches {@code value}. */
    static void awaitMetric(String name, double value) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (metric(name) >= value) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not reach " + value + " within 30 s");
    }
}

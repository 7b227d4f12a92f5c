package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Updates racing over HTTP: none loses another's label, and a stale ifVersion is refused. */
@QuarkusTest
class ConcurrentUpdateTest {

    private static final int CLIENTS = 12;

    @Test
    void concurrentSetLabelsOnDifferentKeysKeepEveryLabel() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok();

        List<GraphQL.Result> prefixAnswers = concurrently(i -> () -> run("updatePrefix", "cidr", "10.0.0.0/16",
                "namespace", ns, "setLabels", List.of(Map.of("key", "k" + i, "value", "v" + i))));
        List<GraphQL.Result> ipAnswers = concurrently(i -> () -> run("updateIP", "address", "10.1.0.1", "namespace", ns,
                "setLabels", List.of(Map.of("key", "k" + i, "value", "v" + i))));

        prefixAnswers.forEach(GraphQL.Result::ok);
        ipAnswers.forEach(GraphQL.Result::ok);
        var prefix = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        var ip = run("updateIP", "address", "10.1.0.1", "namespace", ns).ok();
        List<Map<String, String>> all = IntStream.range(0, CLIENTS).mapToObj(i -> Map.of("key", "k" + i, "value", "v" + i))
                .sorted((a, b) -> a.get("key").compareTo(b.get("key"))).toList();
        assertEquals(all, prefix.get("data.updatePrefix.labels"));
        assertEquals(BigInteger.valueOf(CLIENTS + 1), prefix.get("data.updatePrefix.version"));
        assertEquals(all, ip.get("data.updateIP.labels"));
        assertEquals(BigInteger.valueOf(CLIENTS + 1), ip.get("data.updateIP.version"));
        // every update has its record, the two that changed nothing too
        assertEquals(CLIENTS * 2 + 2, run("auditLog", "namespace", ns, "first", 100).ok()
                .list("data.auditLog.edges.node.operation").stream().filter(op -> op.startsWith("update")).count());
    }

    @Test
    void ofConcurrentUpdatesWithOneIfVersionExactlyOneSucceeds() throws Exception {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        List<GraphQL.Result> answers = concurrently(i -> () -> run("updatePrefix", "cidr", "10.0.0.0/16",
                "namespace", ns, "labels", List.of(Map.of("key", "owner", "value", "c" + i)), "ifVersion", 1));

        List<GraphQL.Result> won = answers.stream().filter(a -> a.errors().isEmpty()).toList();
        assertEquals(1, won.size());
        answers.stream().filter(a -> !a.errors().isEmpty()).forEach(a -> assertEquals("VERSION_CONFLICT", a.errorCode()));
        var now = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals((Object) won.get(0).get("data.updatePrefix.labels"), now.get("data.updatePrefix.labels"));
        assertEquals(BigInteger.TWO, now.get("data.updatePrefix.version"));
    }

    private static List<GraphQL.Result> concurrently(java.util.function.IntFunction<Callable<GraphQL.Result>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<GraphQL.Result>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(request.apply(i)));
            }
            List<GraphQL.Result> out = new ArrayList<>();
            for (Future<GraphQL.Result> future : futures) {
                out.add(future.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

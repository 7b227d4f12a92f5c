package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * reserveRange racing acquireIP over HTTP on the same addresses: never both. Whatever the interleaving, no acquired
 * address ends up inside a reserved range and reserved ranges never overlap.
 */
@QuarkusTest
class ReservedRangeRaceTest {

    private static final int ROUNDS = 8;

    @Test
    void aRangeAndASpecificAddressInsideItNeverBothSucceed() throws Exception {
        String ns = Namespaces.fresh();
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "10.9." + round + ".0/28";
            run("createPrefix", "cidr", prefix, "namespace", ns).ok();
            String base = "10.9." + round + ".";
            // A, B, C, D: A and C overlap, B lies in A and C, D in C
            List<Result> answers = atOnce(List.of(
                    () -> ReservedRangeTest.reserve(ns, prefix, base + "1", base + "10", null),
                    () -> run("acquireIP", "prefix", prefix, "address", base + "5", "namespace", ns),
                    () -> ReservedRangeTest.reserve(ns, prefix, base + "5", base + "12", null),
                    () -> run("acquireIP", "prefix", prefix, "address", base + "11", "namespace", ns)));
            String context = "round " + round + ": " + answers.stream().map(Result::body).toList();
            List<String> codes = answers.stream().map(a -> a.errors().isEmpty() ? "ok" : a.errorCode()).toList();
            // as if one after the other: the winners are a maximal set without two that share an address
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i).equals("ok")) {
                    winners.add("ABCD".substring(i, i + 1));
                }
            }
            assertTrue(List.of(List.of("A", "D"), List.of("B", "D"), List.of("C")).contains(winners), winners + " " + context);
            codes.stream().filter(code -> !code.equals("ok"))
                    .forEach(code -> assertTrue(List.of("OVERLAP", "ALREADY_ALLOCATED").contains(code), context));
            assertNothingAcquiredIsReserved(ns, prefix, context);
        }
    }

    @Test
    void aRangeRacingAcquisitionsOfEachOfItsAddressesWinsAllOrLoses() throws Exception {
        String ns = Namespaces.fresh();
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "10.7." + round + ".0/28";
            run("createPrefix", "cidr", prefix, "namespace", ns).ok();
            String base = "10.7." + round + ".";
            List<Callable<Result>> requests = new ArrayList<>();
            requests.add(() -> ReservedRangeTest.reserve(ns, prefix, base + "1", base + "14", null));
            for (int i = 1; i <= 14; i++) {
                String address = base + i;
                requests.add(() -> run("acquireIP", "prefix", prefix, "address", address, "namespace", ns));
            }
            List<Result> answers = atOnce(requests);
            String context = "round " + round + ": " + answers.stream().map(Result::body).toList();
            long acquired = answers.subList(1, answers.size()).stream().filter(a -> a.errors().isEmpty()).count();
            boolean reserved = answers.get(0).errors().isEmpty();
            assertTrue(reserved ? acquired == 0 : acquired > 0, context);
            assertNothingAcquiredIsReserved(ns, prefix, context);
        }
    }

    @Test
    void lowestAcquisitionsRacingAReservationNeverLandInsideIt() throws Exception {
        String ns = Namespaces.fresh();
        for (int round = 0; round < ROUNDS; round++) {
            String prefix = "10.8." + round + ".0/27";
            run("createPrefix", "cidr", prefix, "namespace", ns).ok();
            String base = "10.8." + round + ".";
            List<Callable<Result>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                requests.add(() -> run("acquireIP", "prefix", prefix, "namespace", ns));
            }
            requests.add(() -> ReservedRangeTest.reserve(ns, prefix, base + "3", base + "8", null));
            requests.add(() -> run("acquireIPs", "prefix", prefix, "count", 4, "namespace", ns));
            List<Result> answers = atOnce(requests);
            String context = "round " + round + ": " + answers.stream().map(Result::body).toList();
            answers.subList(0, 6).forEach(Result::ok);
            answers.get(7).ok();
            Result reserved = answers.get(6);
            assertTrue(reserved.errors().isEmpty() || "ALREADY_ALLOCATED".equals(reserved.errorCode()), context);
            // ten addresses were handed out, each once, none inside the range if it was reserved
            List<String> ips = run("prefix", "cidr", prefix, "namespace", ns, "first", 100).ok()
                    .list("data.prefix.ips.edges.node.address");
            assertEquals(10, ips.size(), context);
            assertNothingAcquiredIsReserved(ns, prefix, context);
        }
    }

    /** The prefix's reserved ranges are disjoint and hold none of its acquired addresses, and its counts agree. */
    private static void assertNothingAcquiredIsReserved(String ns, String prefix, String context) {
        Result state = ReserveEdgesTest.ranges(ns, prefix);
        List<Map<String, Object>> ranges = state.get("data.prefix.reservedRanges");
        List<String> ips = run("prefix", "cidr", prefix, "namespace", ns, "first", 100).ok()
                .list("data.prefix.ips.edges.node.address");
        long previousLast = -1;
        long reserved = 0;
        for (Map<String, Object> range : ranges) {
            long first = last((String) range.get("first"));
            long last = last((String) range.get("last"));
            assertTrue(first > previousLast, "ranges overlap: " + context + " " + ranges);
            previousLast = last;
            reserved += last - first + 1;
            for (String ip : ips) {
                assertTrue(last(ip) < first || last(ip) > last, ip + " lies in " + range + ": " + context);
            }
        }
        assertEquals(java.math.BigInteger.valueOf(reserved), state.get("data.prefix.usage.reservedIPs"), context);
    }

    private static long last(String address) {
        return Long.parseLong(address.substring(address.lastIndexOf('.') + 1));
    }

    private static List<Result> atOnce(List<Callable<Result>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Result>> futures = new ArrayList<>();
            for (Callable<Result> request : requests) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Result> out = new ArrayList<>();
            for (Future<Result> future : futures) {
                out.add(future.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

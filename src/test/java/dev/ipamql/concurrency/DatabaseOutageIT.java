package dev.ipamql.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.LoadClient;
import dev.ipamql.support.LoadClient.Reply;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server is stopped and started again while the service is under load: during the
 * outage requests fail fast with UNAVAILABLE and readiness is DOWN; afterwards the service recovers
 * by itself, nothing acknowledged is lost and nothing half-done remains.
 */
class DatabaseOutageIT {

    private static final int CLIENTS = 8;

    @Test
    void theServiceFailsFastDuringAnOutageAndRecoversByItself() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start();
             ServiceProcess service = ServiceProcess.start("database-outage",
                     ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"))) {
            LoadClient client = new LoadClient(List.of(service.url()));
            assertTrue(client.run(0, "createNamespace", Map.of("name", "outage")).ok());
            assertTrue(client.run(0, "createPrefix", Map.of("cidr", "10.0.0.0/20", "namespace", "outage")).ok());
            assertTrue(client.run(0, "createPrefix", Map.of("cidr", "10.16.0.0/16", "namespace", "outage")).ok());

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Set<String> children = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> failedMillis = new ConcurrentLinkedQueue<>();
            AtomicBoolean outage = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                boolean childWorker = c == 0;
                workers.add(pool.submit(() -> {
                    while (running.get()) {
                        boolean duringOutage = outage.get();
                        long start = System.nanoTime();
                        Reply reply = childWorker
                                ? client.run(0, "acquireChildPrefix", Map.of("parent", "10.16.0.0/16", "length", 28,
                                        "namespace", "outage"))
                                : client.run(0, "acquireIP", Map.of("prefix", "10.0.0.0/20", "namespace", "outage"));
                        if (reply.ok()) {
                            if (childWorker) {
                                children.add(reply.data().getJsonObject("acquireChildPrefix").getString("cidr"));
                            } else {
                                acknowledged.add(reply.data().getJsonObject("acquireIP").getString("address"));
                            }
                        } else if (outage.get()) {
                            codes.add(reply.code());
                            if (duringOutage) {
                                failedMillis.add((System.nanoTime() - start) / 1_000_000);
                            }
                        } else {
                            codes.add("outside the outage: " + reply.code() + " " + reply.message());
                        }
                    }
                }));
            }
            awaitCount(acknowledged, 200);

            outage.set(true);
            postgres.stop();
            awaitReadiness(service, 503);
            int failuresBefore = codes.size();
            awaitCondition(() -> codes.size() > failuresBefore + 20, "requests keep failing fast during the outage");
            postgres.startAgain();
            awaitReadiness(service, 200);
            outage.set(false);
            int before = acknowledged.size();
            awaitCount(acknowledged, before + 200);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            Set<String> unexpected = new HashSet<>();
            codes.forEach(code -> {
                if (!code.equals("UNAVAILABLE")) {
                    unexpected.add(code);
                }
            });
            assertEquals(Set.of(), unexpected, "only UNAVAILABLE while the database is down, nothing outside");
            // fails fast: each failing request is answered before the shortest timeout it could have waited out
            // (lock_timeout, 10 s), so none waited for a timeout; the bound is that generous on purpose
            long slowest = failedMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(slowest < 10_000, "a request failing during the outage took " + slowest + " ms");
            try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres")) {
                Set<String> stored = strings(db, "SELECT host(address) FROM ip");
                assertTrue(stored.containsAll(acknowledged), "every acknowledged acquisition survived the outage");
                Set<String> storedChildren = strings(db, "SELECT cidr::text FROM prefix WHERE parent_id IS NOT NULL");
                assertTrue(storedChildren.containsAll(children), "every acknowledged child survived the outage");
                assertEquals(List.of(), Consistency.violations(db));
            }
        }
    }

    private static Set<String> strings(Connection db, String query) throws Exception {
        Set<String> out = new HashSet<>();
        try (Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                out.add(rows.getString(1));
            }
        }
        return out;
    }

    private static void awaitCount(Set<String> set, int count) throws InterruptedException {
        awaitCondition(() -> set.size() >= count, "reached " + count + " acknowledged acquisitions");
    }

    private static void awaitReadiness(ServiceProcess service, int status) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        awaitCondition(() -> {
            try {
                return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == status;
            } catch (Exception e) {
                return false;
            }
        }, "readiness answers " + status);
    }

    /** Polls with a bound of 90 s. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int attempt = 0; attempt < 900; attempt++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached within 90 s: " + what);
    }
}

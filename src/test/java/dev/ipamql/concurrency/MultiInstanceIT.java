package dev.ipamql.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Consistency;
import dev.ipamql.support.LoadClient;
import dev.ipamql.support.LoadClient.Reply;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances of the packaged service, separate processes on their own ports, against one
 * PostgreSQL, driven by 32 client threads: nothing is handed out twice, the database holds exactly
 * what the successful responses say, and no client sees CONFLICT or INTERNAL. Then one instance is
 * killed with SIGKILL under load, and no partial state remains.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    private static final int CLIENTS = 32;
    /** Usable addresses of a /24: all but the network and broadcast addresses. */
    private static final int USABLE = 254;
    private static final int VICTIM = 2;
    private static final Set<Integer> killed = ConcurrentHashMap.newKeySet();

    private static StandalonePostgres postgres;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static LoadClient client;
    private static ExecutorService pool;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        postgres = StandalonePostgres.start();
        instances.addAll(ServiceProcess.startAll("multi-instance", 3, postgres.jdbcUrl()));
        client = new LoadClient(instances.stream().map(ServiceProcess::url).toList());
        pool = Executors.newFixedThreadPool(CLIENTS);
        assertTrue(client.run(0, "createNamespace", Map.of("name", "multi")).ok());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void threeHundredAcquisitionsOnOnePrefixAcrossAllInstancesAreAllDistinct() throws Exception {
        assertTrue(client.run(0, "createPrefix", Map.of("cidr", "10.0.0.0/22", "namespace", "multi")).ok());

        List<Reply> replies = concurrently(300, i -> client.run(i, "acquireIP",
                Map.of("prefix", "10.0.0.0/22", "namespace", "multi")));

        assertEquals(List.of(), failures(replies));
        Set<String> handedOut = new HashSet<>();
        replies.forEach(r -> handedOut.add(r.data().getJsonObject("acquireIP").getString("address")));
        assertEquals(300, handedOut.size(), "distinct addresses");
        assertEquals(handedOut, addressesIn("10.0.0.0/22"));
        assertEquals(302L, usage("10.0.0.0/22", "acquiredIPs"));
        assertEquals(List.of(), violations());
    }

    @Test
    @Order(2)
    void aHundredChildPrefixesAreDistinctAndAllComeBackWhenReleasedConcurrently() throws Exception {
        assertTrue(client.run(1, "createPrefix", Map.of("cidr", "10.64.0.0/14", "namespace", "multi")).ok());

        List<Reply> acquired = concurrently(100, i -> client.run(i, "acquireChildPrefix",
                Map.of("parent", "10.64.0.0/14", "length", 22, "namespace", "multi")));

        assertEquals(List.of(), failures(acquired));
        List<String> children = acquired.stream().map(r -> r.data().getJsonObject("acquireChildPrefix").getString("cidr")).toList();
        assertEquals(100, new HashSet<>(children).size(), "distinct blocks");
        assertEquals(new HashSet<>(children), new HashSet<>(strings(
                "SELECT cidr::text FROM prefix WHERE parent_cidr = '10.64.0.0/14'")));
        assertEquals(100L, usage("10.64.0.0/14", "acquiredPrefixes"));

        List<Reply> released = concurrently(100, i -> client.run(i, "releaseChildPrefix",
                Map.of("cidr", children.get(i), "namespace", "multi")));

        assertEquals(List.of(), failures(released));
        assertEquals(List.of("10.64.0.0/14"), strings("SELECT f.cidr::text FROM free_block f JOIN prefix p "
                + "ON p.id = f.prefix_id WHERE p.cidr = '10.64.0.0/14' AND p.namespace = 'multi'"));
        assertEquals(0L, usage("10.64.0.0/14", "acquiredPrefixes"));
        assertEquals(List.of(), violations());
    }

    @Test
    @Order(3)
    void churnOfReleasesAndAcquisitionsLeavesExactlyWhatTheResponsesSay() throws Exception {
        assertTrue(client.run(2, "createPrefix", Map.of("cidr", "10.200.0.0/24", "namespace", "multi")).ok());
        Churn churn = churn("10.200.0.0/24", 2_000, null);
        assertEquals(List.of(), List.copyOf(churn.inDoubt));

        assertEquals(List.of(), List.copyOf(churn.unexpected));
        assertTrue(churn.acquisitions.get() > 100, "churn made progress: " + churn.acquisitions.get());
        assertEquals(churn.held(), addressesIn("10.200.0.0/24"));
        assertEquals((long) churn.held().size() + 2, usage("10.200.0.0/24", "acquiredIPs"));
        assertEquals(List.of(), violations());
    }

    @Test
    @Order(4)
    void anInstanceKilledWithSigkillUnderLoadLeavesNoPartialState() throws Exception {
        assertTrue(client.run(0, "createPrefix", Map.of("cidr", "10.201.0.0/24", "namespace", "multi")).ok());
        Churn churn = churn("10.201.0.0/24", 2_000, VICTIM);

        // only requests to the killed instance may lose their connection, each at most once per client
        assertEquals(List.of(), List.copyOf(churn.unexpected));
        assertTrue(churn.inDoubt.size() <= CLIENTS, "requests in doubt: " + churn.inDoubt.size());
        assertEquals(churn.held(), addressesIn("10.201.0.0/24"), "stored is exactly what was acknowledged");
        assertEquals((long) churn.held().size() + 2, usage("10.201.0.0/24", "acquiredIPs"));
        assertEquals(List.of(), violations());
    }

    /**
     * Acquire/release churn on one prefix from all clients for a bounded number of operations; with a victim,
     * that instance is killed a third of the way in, and each request its kill cut off is resolved afterwards
     * on a surviving instance, so that what the clients hold is exact.
     */
    private static Churn churn(String prefix, int operations, Integer victim) throws Exception {
        Churn churn = new Churn();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientId = c;
            workers.add(pool.submit(() -> {
                // each client knows exactly what it holds: an address belongs to one client at a time
                List<String> mine = new ArrayList<>();
                for (int n = done.incrementAndGet(); n <= operations; n = done.incrementAndGet()) {
                    if (victim != null && n == operations / 3) {
                        killed.add(victim);
                        instances.get(victim).kill();
                    }
                    int instance = clientId + n;
                    while (killed.contains(Math.floorMod(instance, instances.size()))) {
                        instance++;
                    }
                    boolean release = !mine.isEmpty() && ThreadLocalRandom.current().nextInt(3) == 0;
                    if (release) {
                        String address = mine.remove(ThreadLocalRandom.current().nextInt(mine.size()));
                        Reply reply = client.run(instance, "releaseIP", Map.of("prefix", prefix, "address", address,
                                "namespace", "multi"));
                        if (reply.ok()) {
                            churn.possiblyTaken.decrementAndGet();
                        } else if (cutByTheKill(reply)) {
                            churn.inDoubt.add(new InDoubt(clientId, "releaseIP", address));
                        } else {
                            churn.unexpected.add(reply.code() + " " + reply.message());
                            mine.add(address);
                        }
                    } else {
                        String requestId = prefix + "-" + clientId + "-" + n;
                        long startsBefore = churn.acquisitionsStarted.incrementAndGet();
                        long takenBefore = churn.possiblyTaken.incrementAndGet();
                        Reply reply = client.run(instance, "acquireIP", Map.of("prefix", prefix, "namespace", "multi",
                                "requestId", requestId));
                        if (reply.ok()) {
                            mine.add(reply.data().getJsonObject("acquireIP").getString("address"));
                            churn.acquisitions.incrementAndGet();
                        } else if (cutByTheKill(reply)) {
                            churn.inDoubt.add(new InDoubt(clientId, "acquireIP", requestId));
                        } else {
                            churn.possiblyTaken.decrementAndGet();
                            // full only if every usable address can have been taken meanwhile (takers only start)
                            long atMost = takenBefore + churn.acquisitionsStarted.get() - startsBefore;
                            if (!reply.code().equals("NO_IP_AVAILABLE") || atMost < USABLE) {
                                churn.unexpected.add(reply.code() + " with at most " + atMost + " taken: " + reply.message());
                            }
                        }
                    }
                }
                churn.held.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).addAll(mine);
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(300, TimeUnit.SECONDS);
        }
        resolve(churn, prefix);
        return churn;
    }

    /** A connection failure without an answer, from the killed instance only; anything else is a failure. */
    private static boolean cutByTheKill(Reply reply) {
        return reply.code().equals(LoadClient.TRANSPORT) && killed.contains(reply.instance());
    }

    /**
     * Acquisitions in doubt are retried with their requestId on a survivor (the same answer if they committed,
     * a new address otherwise); then a release in doubt is retried unless its address was taken again since,
     * which proves it committed.
     */
    private static void resolve(Churn churn, String prefix) {
        for (InDoubt request : churn.inDoubt) {
            if (request.operation().equals("acquireIP")) {
                Reply reply = client.run(0, "acquireIP", Map.of("prefix", prefix, "namespace", "multi", "requestId", request.key()));
                if (reply.ok()) {
                    churn.held.computeIfAbsent(request.client(), k -> ConcurrentHashMap.newKeySet())
                            .add(reply.data().getJsonObject("acquireIP").getString("address"));
                } else if (!reply.code().equals("NO_IP_AVAILABLE")) {
                    churn.unexpected.add("resolving " + request + ": " + reply.code() + " " + reply.message());
                }
            }
        }
        for (InDoubt request : churn.inDoubt) {
            if (request.operation().equals("releaseIP") && !churn.held().contains(request.key())) {
                Reply reply = client.run(0, "releaseIP", Map.of("prefix", prefix, "address", request.key(), "namespace", "multi"));
                if (!reply.ok() && !reply.code().equals("NOT_FOUND")) {
                    churn.unexpected.add("resolving " + request + ": " + reply.code() + " " + reply.message());
                }
            }
        }
    }

    /** A request cut off by the kill: its outcome is unknown until resolved. */
    private record InDoubt(int client, String operation, String key) {
    }

    /** What a churn run observed. */
    private static final class Churn {
        final Map<Integer, Set<String>> held = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<InDoubt> inDoubt = new ConcurrentLinkedQueue<>();
        final AtomicInteger acquisitions = new AtomicInteger();
        /** Addresses held, being released or being acquired: an upper bound of what the prefix has taken. */
        final AtomicLong possiblyTaken = new AtomicLong();
        final AtomicLong acquisitionsStarted = new AtomicLong();

        Set<String> held() {
            Set<String> all = new HashSet<>();
            held.values().forEach(all::addAll);
            return all;
        }
    }

    private static List<Reply> concurrently(int count, IntFunction<Reply> call) throws Exception {
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(pool.submit(() -> call.apply(n)));
        }
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> future : futures) {
            replies.add(future.get(300, TimeUnit.SECONDS));
        }
        return replies;
    }

    private static List<String> failures(List<Reply> replies) {
        return replies.stream().filter(r -> !r.ok()).map(r -> r.code() + ": " + r.message()).toList();
    }

    private static long usage(String cidr, String field) {
        Reply reply = client.run(0, "prefix", Map.of("cidr", cidr, "namespace", "multi"));
        return Long.parseLong(reply.data().getJsonObject("prefix").getJsonObject("usage").getValue(field).toString());
    }

    private static Set<String> addressesIn(String cidr) throws SQLException {
        return new HashSet<>(strings("SELECT host(i.address) FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                + "WHERE p.namespace = 'multi' AND p.cidr = '" + cidr + "'"));
    }

    private static List<String> strings(String query) throws SQLException {
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rows = sql.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            while (rows.next()) {
                out.add(rows.getString(1));
            }
            return out;
        }
    }

    private static List<String> violations() throws SQLException {
        try (Connection db = connect()) {
            return Consistency.violations(db);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
    }
}

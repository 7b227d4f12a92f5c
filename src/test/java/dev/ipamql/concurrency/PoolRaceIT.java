package dev.ipamql.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.LoadClient;
import dev.ipamql.support.LoadClient.Reply;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service against one PostgreSQL, 32 clients drawing from one pool of four
 * small prefixes (half of them the lowest address, half the highest) until it is empty: every address is
 * handed out once, exactly the pool's capacity succeeds, and then every client hears NO_IP_AVAILABLE naming
 * the pool.
 */
class PoolRaceIT {

    private static final int CLIENTS = 32;
    private static final List<String> MEMBERS = List.of("10.0.0.0/28", "10.0.0.16/28", "10.0.0.32/29", "10.0.1.0/28");
    /** Usable addresses of the members: 14 + 14 + 6 + 14. */
    private static final int CAPACITY = 48;

    private static StandalonePostgres postgres;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static LoadClient client;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        postgres = StandalonePostgres.start();
        instances.addAll(ServiceProcess.startAll("pool-race", 3, postgres.jdbcUrl()));
        client = new LoadClient(instances.stream().map(ServiceProcess::url).toList());
        assertTrue(client.run(0, "createNamespace", Map.of("name", "pools")).ok());
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void thirtyTwoClientsEmptyAPoolOfFourPrefixesHandingOutEachAddressOnce() throws Exception {
        for (String member : MEMBERS) {
            assertTrue(client.run(0, "createLabelledPrefix", Map.of("cidr", member, "namespace", "pools",
                    "labels", List.of(Map.of("key", "pool", "value", "web")))).ok());
        }
        // labelled otherwise: never touched
        assertTrue(client.run(1, "createLabelledPrefix", Map.of("cidr", "10.0.0.48/28", "namespace", "pools",
                "labels", List.of(Map.of("key", "pool", "value", "db")))).ok());
        assertTrue(client.run(2, "createPool", Map.of("name", "web", "kind", "IP", "selector", "pool=web",
                "namespace", "pools")).ok());

        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        List<List<Reply>> perClient = new ArrayList<>();
        try {
            List<Future<List<Reply>>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int id = i;
                futures.add(threads.submit(() -> drain(id)));
            }
            for (Future<List<Reply>> future : futures) {
                perClient.add(future.get(300, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> handedOut = new ArrayList<>();
        for (List<Reply> replies : perClient) {
            Reply last = replies.get(replies.size() - 1);
            assertEquals("NO_IP_AVAILABLE", last.code(), last::message);
            assertEquals("no more ips in pool: web left", last.message());
            for (Reply reply : replies.subList(0, replies.size() - 1)) {
                assertTrue(reply.ok(), () -> reply.code() + ": " + reply.message());
                handedOut.add(reply.data().getJsonObject("acquireIP").getString("address"));
            }
        }
        Set<String> distinct = new HashSet<>(handedOut);
        assertEquals(CAPACITY, handedOut.size());
        assertEquals(CAPACITY, distinct.size());
        assertEquals(distinct, new HashSet<>(strings("SELECT host(i.address) FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                + "WHERE p.namespace = 'pools'")));
        assertEquals(List.of("0"), strings("SELECT count(*)::text FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                + "WHERE p.cidr = '10.0.0.48/28'"));
        assertEquals(List.of(String.valueOf(CAPACITY)), strings("SELECT count(*)::text FROM audit_log "
                + "WHERE namespace = 'pools' AND operation = 'acquireIP'"));
        assertEquals(List.of("0"), strings("SELECT count(*)::text FROM ip_free_range r JOIN prefix p ON p.id = r.prefix_id "
                + "WHERE p.namespace = 'pools' AND p.labels @> '{\"pool\": \"web\"}'"));
    }

    /** One client's replies: acquisitions until the first failure, which ends the list. */
    private static List<Reply> drain(int id) {
        List<Reply> replies = new ArrayList<>();
        String strategy = id % 2 == 0 ? "LOWEST" : "HIGHEST";
        while (true) {
            Reply reply = client.run(id, "acquireIPWithStrategy", Map.of("pool", "web", "strategy", strategy,
                    "namespace", "pools"));
            replies.add(reply);
            if (!reply.ok()) {
                return replies;
            }
        }
    }

    private static List<String> strings(String sql) throws Exception {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rows.next()) {
                out.add(rows.getString(1));
            }
            return out;
        }
    }
}

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
 * Three instances of the packaged service against one PostgreSQL: fifty concurrent acquireIP with one claim,
 * spread over the instances, hand out one address and give all fifty the same answer.
 */
class ClaimRaceIT {

    private static StandalonePostgres postgres;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static LoadClient client;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        postgres = StandalonePostgres.start();
        instances.addAll(ServiceProcess.startAll("claim-race", 3, postgres.jdbcUrl()));
        client = new LoadClient(instances.stream().map(ServiceProcess::url).toList());
        assertTrue(client.run(0, "createNamespace", Map.of("name", "claims")).ok());
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
    void fiftyConcurrentAcquisitionsWithOneClaimAcrossThreeInstancesGetOneAddress() throws Exception {
        assertTrue(client.run(1, "createPrefix", Map.of("cidr", "10.0.0.0/24", "namespace", "claims")).ok());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int instance = i;
                futures.add(pool.submit(() -> client.run(instance, "claimIP",
                        Map.of("prefix", "10.0.0.0/24", "claim", "terraform.aws_instance.web[0]", "namespace", "claims"))));
            }
            for (Future<Reply> future : futures) {
                replies.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> answers = new HashSet<>();
        for (Reply reply : replies) {
            assertTrue(reply.ok(), () -> reply.code() + ": " + reply.message());
            answers.add(reply.data().getJsonObject("acquireIP").encode());
        }
        assertEquals(1, answers.size(), answers::toString);
        assertEquals(List.of("10.0.0.1"), strings("SELECT host(i.address) FROM ip i JOIN prefix p ON p.id = i.prefix_id "
                + "WHERE p.namespace = 'claims'"));
        assertEquals(List.of("terraform.aws_instance.web[0] 10.0.0.1"),
                strings("SELECT claim || ' ' || host(address) FROM ip_claim WHERE namespace = 'claims'"));
        assertEquals(List.of("1"), strings("SELECT count(*)::text FROM audit_log WHERE namespace = 'claims' "
                + "AND operation = 'acquireIP'"));
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

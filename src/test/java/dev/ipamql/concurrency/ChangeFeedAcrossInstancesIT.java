package dev.ipamql.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.FeedClient;
import dev.ipamql.support.LoadClient;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import dev.ipamql.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service against one PostgreSQL: a change made on any instance reaches the
 * subscribers of every instance, each getting the same changes in the same cursor order.
 */
class ChangeFeedAcrossInstancesIT {

    private static StandalonePostgres postgres;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static LoadClient client;
    private static Vertx vertx;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        postgres = StandalonePostgres.start();
        instances.addAll(ServiceProcess.startAll("change-feed", 3, postgres.jdbcUrl()));
        client = new LoadClient(instances.stream().map(ServiceProcess::url).toList());
        vertx = Vertx.vertx();
        assertTrue(client.run(0, "createNamespace", Map.of("name", "feed")).ok());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        for (ServiceProcess instance : instances) {
            instance.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aChangeMadeOnOneInstanceReachesTheSubscribersOfEveryInstanceInOneOrder() {
        // the cursor of the namespace's creation: each subscription starts behind it, however late it is served
        LoadClient.Reply created = client.run(0, "changes", Map.of("namespace", "feed"));
        assertTrue(created.ok());
        String start = created.data().getJsonArray("changes").getJsonObject(0).getString("cursor");
        List<FeedClient> subscribers = new ArrayList<>();
        try {
            for (ServiceProcess instance : instances) {
                FeedClient subscriber = FeedClient.connect(vertx, instance.port(), 0).init(Tokens.ADMIN);
                subscriber.subscribe("feed", "subscribeChanges", Map.of("namespace", "feed", "after", start));
                subscribers.add(subscriber);
            }
            // a mutation on each instance in turn: every subscriber sees the three, whichever instance made them
            assertTrue(client.run(0, "createPrefix", Map.of("cidr", "10.0.0.0/24", "namespace", "feed")).ok());
            assertTrue(client.run(1, "acquireIP", Map.of("prefix", "10.0.0.0/24", "namespace", "feed")).ok());
            assertTrue(client.run(2, "acquireIP", Map.of("prefix", "10.0.0.0/24", "namespace", "feed")).ok());

            List<List<String>> seen = new ArrayList<>();
            for (FeedClient subscriber : subscribers) {
                List<String> changes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    JsonObject change = subscriber.nextData("feed").getJsonObject("changes");
                    changes.add(change.getString("operation") + " " + change.getString("cursor"));
                }
                seen.add(changes);
            }
            assertEquals(List.of("createPrefix", "acquireIP", "acquireIP"),
                    seen.get(0).stream().map(change -> change.split(" ")[0]).toList());
            assertEquals(List.of(seen.get(0), seen.get(0), seen.get(0)), seen);
        } finally {
            subscribers.forEach(FeedClient::close);
        }
    }
}

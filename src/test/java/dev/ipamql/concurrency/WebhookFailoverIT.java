package dev.ipamql.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.LoadClient;
import dev.ipamql.support.LoadClient.Reply;
import dev.ipamql.support.Polling;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import dev.ipamql.support.WebhookReceiver;
import dev.ipamql.support.WebhookReceiver.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service deliver one webhook: the instance holding the lease is killed (SIGKILL)
 * while the receiver holds its POST open; another instance makes that attempt again once the lease has expired,
 * and every change arrives, at least once, in cursor order.
 */
class WebhookFailoverIT {

    private static final String SECRET = "failover-secret";
    private static StandalonePostgres postgres;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static LoadClient client;

    @BeforeAll
    static void startThreeInstances() throws Exception {
        postgres = StandalonePostgres.start();
        instances.addAll(ServiceProcess.startAll("webhook-failover", 3, postgres.jdbcUrl(), Map.of(
                "IPAMQL_WEBHOOKS_SECRET_KEY", "a9nApD0qz7h1xLLOtK1d+mo4QJzSK3LvRlrvGf+VtMk=",
                "IPAMQL_WEBHOOKS_ALLOWED_TARGETS", "127.0.0.1/32",
                "IPAMQL_WEBHOOKS_LEASE", "PT12S",
                "IPAMQL_WEBHOOKS_BACKOFF", "PT0.1S",
                "IPAMQL_WEBHOOKS_POLL_INTERVAL", "PT0.2S")));
        client = new LoadClient(instances.stream().map(ServiceProcess::url).toList());
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
    void aReplicaKilledMidDeliveryLeavesTheChangeToAnotherAndNoneIsLost() throws Exception {
        ok(client.run(0, "createNamespace", Map.of("name", "hooks")));
        Polling.until(30, "the namespace's creation in the feed", () -> changes(0), list -> list.size() == 1);
        // the first request is held open until the end; every later one is answered 200
        try (WebhookReceiver receiver = new WebhookReceiver(n -> n == 0 ? 0 : 200)) {
            String id = ok(client.run(1, "createWebhook", Map.of("url", receiver.url("/hook"), "secret", SECRET,
                    "namespace", "hooks"))).getJsonObject("createWebhook").getString("id");
            ok(client.run(2, "createPrefix", Map.of("cidr", "10.0.0.0/24", "namespace", "hooks")));
            for (int i = 0; i < 3; i++) {
                ok(client.run(i, "acquireIP", Map.of("prefix", "10.0.0.0/24", "namespace", "hooks")));
            }

            Request held = receiver.await(1).get(0);
            ServiceProcess delivering = holderOf(id);
            delivering.kill();
            int survivor = (instances.indexOf(delivering) + 1) % instances.size();
            for (int i = 0; i < 2; i++) {
                ok(client.run(survivor, "acquireIP", Map.of("prefix", "10.0.0.0/24", "namespace", "hooks")));
            }

            List<JsonObject> expected = Polling.until(30, "six changes after the namespace's", () -> changes(survivor),
                    list -> list.size() == 7).subList(1, 7);
            List<String> cursors = expected.stream().map(change -> change.getString("cursor")).toList();
            List<Request> received = Polling.until(90, "every change at the receiver", receiver::requests,
                    list -> !list.isEmpty() && cursors.get(5).equals(list.get(list.size() - 1).change()));

            assertEquals(cursors.get(0), held.change());
            assertEquals(cursors.get(0), received.get(1).change(), "the held change is delivered again");
            assertEquals(cursors, collapsed(received.stream().map(Request::change).toList()));
            for (Request request : received) {
                assertTrue(request.signedWith(SECRET), request.change());
                assertEquals(expected.get(cursors.indexOf(request.change())).getMap(), request.map());
            }

            JsonArray deliveries = ok(client.run(survivor, "webhooks", Map.of())).getJsonArray("webhooks")
                    .getJsonObject(0).getJsonObject("deliveries").getJsonArray("edges");
            JsonObject abandoned = deliveries.getJsonObject(0).getJsonObject("node");
            assertEquals(cursors.get(0), abandoned.getString("change"));
            assertFalse(abandoned.getBoolean("delivered"));
            assertEquals("no outcome: the instance making this attempt stopped before it completed",
                    abandoned.getString("error"));
            JsonObject again = deliveries.getJsonObject(1).getJsonObject("node");
            assertEquals(List.of(cursors.get(0), 2, true), List.of(again.getString("change"), again.getInteger("attempt"),
                    again.getBoolean("delivered")));
            assertEquals(received.get(1).delivery(), again.getString("id"));
        }
    }

    /** The instance whose process holds the webhook's lease now. */
    private static ServiceProcess holderOf(String webhookId) throws Exception {
        String holder = Polling.until(30, "a lease on the webhook", () -> string("SELECT lease_holder FROM webhook "
                + "WHERE id = '" + webhookId + "'"), value -> value != null);
        long pid = Long.parseLong(holder.substring(holder.lastIndexOf(':') + 1));
        return instances.stream().filter(instance -> instance.process().pid() == pid).findFirst()
                .orElseThrow(() -> new AssertionError("no instance has pid " + pid + " (lease holder " + holder + ")"));
    }

    /** The sequence without repeats in a row: what at-least-once in order leaves when redeliveries are folded. */
    private static List<String> collapsed(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(value)) {
                out.add(value);
            }
        }
        return out;
    }

    private static List<JsonObject> changes(int instance) {
        JsonArray rows = ok(client.run(instance, "changes", Map.of("namespace", "hooks", "first", 1000)))
                .getJsonArray("changes");
        List<JsonObject> out = new ArrayList<>();
        rows.forEach(row -> out.add((JsonObject) row));
        return out;
    }

    private static JsonObject ok(Reply reply) {
        assertTrue(reply.ok(), () -> reply.code() + ": " + reply.message());
        return reply.data();
    }

    private static String string(String sql) {
        try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
             ResultSet rows = db.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static dev.ipamql.support.GraphQL.vars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.FeedClient;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subscriptions over graphql-transport-ws with a real WebSocket client: the feed, usage, authentication, bounds. */
@QuarkusTest
class ChangeSubscriptionTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL service;

    private FeedClient connect() {
        return FeedClient.connect(vertx, service.getPort(), 0);
    }

    @Test
    void aSubscriberGetsEachCommittedChangeOnceInCommitOrderThenResumesFromItsCursor() {
        String ns = Namespaces.fresh();
        List<String> cursors = new ArrayList<>();
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("1", "subscribeChanges", vars("namespace", ns, "after", created(ns)));
            run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
            for (String operation : List.of("createPrefix", "acquireIP", "acquireIP")) {
                JsonObject change = client.nextData("1").getJsonObject("changes");
                assertEquals(operation, change.getString("operation"));
                assertEquals(ns, change.getString("namespace"));
                assertEquals(List.of("10.0.0.0/24"), change.getJsonArray("affectedPrefixes").getList());
                cursors.add(change.getString("cursor"));
            }
        }
        List<Map<String, Object>> listed = ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 4);
        assertEquals(cursors, listed.subList(1, 4).stream().map(row -> row.get("cursor")).toList());

        // resumed after the first: the two after it, then the live ones
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("r", "subscribeChanges", vars("namespace", ns, "after", cursors.get(0)));
            assertEquals(cursors.get(1), client.nextData("r").getJsonObject("changes").getString("cursor"));
            assertEquals(cursors.get(2), client.nextData("r").getJsonObject("changes").getString("cursor"));
            run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
            assertEquals("releaseIP", client.nextData("r").getJsonObject("changes").getString("operation"));
        }
    }

    @Test
    void anOperationsFilterPassesOnlyThoseOperations() {
        String ns = Namespaces.fresh();
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("ops", "subscribeChanges", vars("namespace", ns, "after", created(ns),
                    "operations", List.of("releaseIP")));
            run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
            run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
            assertEquals("releaseIP", client.nextData("ops").getJsonObject("changes").getString("operation"));
        }
    }

    @Test
    void prefixUsageIsSentAtOnceAndAfterEachChangeOfThePrefix() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.1.0.0/24", "namespace", ns).ok();
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("u", "subscribePrefixUsage", vars("cidr", "10.0.0.0/24", "namespace", ns));
            JsonObject first = client.nextData("u").getJsonObject("prefixUsage");
            assertEquals(256, first.getInteger("size"));
            assertEquals(2, first.getInteger("acquiredIPs"));
            run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
            JsonObject second = client.nextData("u").getJsonObject("prefixUsage");
            assertEquals(3, second.getInteger("acquiredIPs"));
            assertEquals(253, second.getInteger("freeIPs"));
        }
    }

    @Test
    void withoutAValidTokenTheConnectionIsClosedWith4401AndWithoutAReadRoleWith4403() {
        try (FeedClient client = connect()) {
            client.send(new JsonObject().put("type", "connection_init"));
            assertEquals(4401, client.closeCode());
        }
        try (FeedClient client = connect()) {
            client.send(new JsonObject().put("type", "connection_init").put("payload",
                    new JsonObject().put("Authorization", "Bearer " + Tokens.ADMIN.substring(0, Tokens.ADMIN.length() - 4))));
            assertEquals(4401, client.closeCode());
        }
        try (FeedClient client = connect()) {
            client.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()
                    .put("Authorization", "Bearer " + Tokens.token("no-role", List.of("other"), List.of("*"), 600))));
            assertEquals(4403, client.closeCode());
        }
        try (FeedClient client = connect()) {
            client.subscribe("early", "subscribeChanges", Map.of());
            assertEquals(4401, client.closeCode());
        }
    }

    @Test
    void aReaderSubscribesOnlyToNamespacesItMayRead() {
        String mine = Namespaces.fresh();
        String other = Namespaces.fresh();
        String reader = Tokens.token("feed-reader", List.of("ipam-reader"), List.of(mine), 600);
        try (FeedClient client = connect().init(reader)) {
            client.subscribe("other", "subscribeChanges", vars("namespace", other));
            JsonObject refused = client.nextSkippingPings();
            assertEquals("FORBIDDEN", errorCode(refused));
            client.subscribe("all", "subscribeChanges", vars("after", created(mine)));
            run("createPrefix", "cidr", "10.0.0.0/24", "namespace", other).ok();
            run("createPrefix", "cidr", "10.0.0.0/24", "namespace", mine).ok();
            JsonObject change = client.nextData("all").getJsonObject("changes");
            assertEquals(mine, change.getString("namespace"));
        }
    }

    @Test
    void malformedMessagesCloseTheConnectionWith4400() {
        for (String text : List.of("not json", "[1]", "{}", "{\"type\":7}", "{\"type\":\"next\",\"id\":\"1\"}",
                "{\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { changes { cursor } }\"}}",
                "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":\"x\"}",
                "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":1}}",
                "{\"type\":\"connection_init\",\"payload\":[]}")) {
            try (FeedClient client = connect()) {
                client.sendText(text);
                assertEquals(4400, client.closeCode(), text);
            }
        }
    }

    @Test
    void aThousandSubscribeMessagesOnOneSocketAreBoundedAndTheRestRefused() {
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            for (int i = 0; i < 1000; i++) {
                client.subscribe("s" + i, "subscribeChanges", Map.of());
            }
            int refused = 0;
            for (int i = 0; i < 900; i++) {
                JsonObject message = client.nextSkippingPings();
                assertEquals("error", message.getString("type"), message.encode());
                assertEquals("INVALID_ARGUMENT", message.getJsonArray("payload").getJsonObject(0)
                        .getJsonObject("extensions").getString("code"));
                refused++;
            }
            assertEquals(900, refused);
            client.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", client.nextSkippingPings().getString("type"));
            assertTrue(!client.isClosed());
        }
    }

    @Test
    void cursorsTheFeedNeverIssuedAreRefusedAsInvalidArguments() {
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("bad", "subscribeChanges", vars("after", "bm90LWEtY3Vyc29y"));
            assertEquals("INVALID_ARGUMENT", errorCode(client.nextSkippingPings()));
            client.subscribe("beyond", "subscribeChanges", vars("after", ChangeFeedCursor.beyond()));
            assertEquals("INVALID_ARGUMENT", errorCode(client.nextSkippingPings()));
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWith4408AndResumesFromItsLastCursor() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        List<String> cursors = new ArrayList<>();
        int made = 1;
        try (FeedClient client = FeedClient.connect(vertx, service.getPort(), 4096).init(Tokens.ADMIN)) {
            client.subscribe("slow", "subscribeChanges", vars("namespace", ns, "after",
                    ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 2).get(1).get("cursor")));
            run("acquireIPs", "prefix", "2001:db8::/64", "count", 1000, "namespace", ns).ok();
            cursors.add(client.nextData("slow").getJsonObject("changes").getString("cursor"));
            client.pause();
            for (int i = 0; i < 300 && subscribers() > 0; i++) {
                run("acquireIPs", "prefix", "2001:db8::/64", "count", 1000, "namespace", ns).ok();
                made++;
            }
            client.resume();
            assertEquals(FeedConnection.SLOW_CONSUMER, client.closeCode());
            for (JsonObject message : client.drain()) {
                if ("next".equals(message.getString("type"))) {
                    cursors.add(message.getJsonObject("payload").getJsonObject("data").getJsonObject("changes")
                            .getString("cursor"));
                }
            }
        }
        assertTrue(cursors.size() < made, "cut off before the last change");
        try (FeedClient client = connect().init(Tokens.ADMIN)) {
            client.subscribe("again", "subscribeChanges", vars("namespace", ns, "after", cursors.get(cursors.size() - 1)));
            while (cursors.size() < made) {
                cursors.add(client.nextData("again").getJsonObject("changes").getString("cursor"));
            }
        }
        int changes = made + 2;
        List<Map<String, Object>> listed = ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == changes);
        assertEquals(listed.subList(2, listed.size()).stream().map(row -> row.get("cursor")).toList(), cursors);
    }

    /** The cursor of the namespace's creation: a subscription after it misses nothing, however late it starts. */
    private static String created(String ns) {
        return ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 1).get(0).get("cursor").toString();
    }

    private static String errorCode(JsonObject message) {
        JsonObject payload = message.getValue("payload") instanceof JsonObject object ? object : null;
        var errors = payload == null ? message.getJsonArray("payload") : payload.getJsonArray("errors");
        if (errors == null || errors.isEmpty()) {
            throw new AssertionError("expected an error, got " + message);
        }
        return errors.getJsonObject(0).getJsonObject("extensions").getString("code");
    }

    private static int subscribers() {
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("ipamql_feed_subscribers ")) {
                return new BigInteger(line.substring(line.indexOf(' ') + 1).replace(".0", "")).intValue();
            }
        }
        throw new AssertionError("no ipamql_feed_subscribers in the metrics");
    }

    /** Cursors of the feed that no change has. */
    static final class ChangeFeedCursor {
        static String beyond() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("change:" + Long.MAX_VALUE).getBytes());
        }
    }
}

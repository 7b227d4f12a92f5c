package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static dev.ipamql.support.GraphQL.runAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Database;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Polling;
import dev.ipamql.support.Tokens;
import dev.ipamql.support.WebhookReceiver;
import dev.ipamql.support.WebhookReceiver.Request;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real HTTP receiver on 127.0.0.1 (allowed by the test profile): signed bodies equal to the
 * changes, in order, retried with back-off, switched off after ten failures and resumed without loss; hostile
 * URLs refused; the secret never shown; for ipam-admin only.
 */
@QuarkusTest
class WebhookTest {

    private static final String SECRET = "whsec-7f3a9c-never-shown";

    @Test
    void eachChangeOfItsNamespaceIsPostedSignedInOrderAndEqualToTheChange() throws Exception {
        String ns = freshNamespace();
        String other = Namespaces.fresh();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String id = create(receiver.url("/hooks/ipam?source=test"), ns, null);
            run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
            run("createPrefix", "cidr", "10.0.0.0/16", "namespace", other).ok();
            run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
            run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

            List<Map<String, Object>> expected = ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 4)
                    .subList(1, 4);
            List<Request> received = receiver.await(3);
            assertEquals(expected, received.stream().map(Request::map).toList());
            for (Request request : received) {
                assertTrue(request.signedWith(SECRET), "signature of " + request.change());
                assertFalse(request.signedWith(SECRET + "x"));
                assertEquals(request.json().getString("cursor"), request.change());
                assertEquals("application/json", request.contentType());
            }

            List<Map<String, Object>> deliveries = deliveries(id);
            assertEquals(received.stream().map(Request::delivery).toList(), deliveries.stream().map(d -> d.get("id")).toList());
            assertEquals(received.stream().map(Request::change).toList(),
                    deliveries.stream().map(d -> d.get("change")).toList());
            for (Map<String, Object> delivery : deliveries) {
                assertEquals(1, ((Number) delivery.get("attempt")).intValue());
                assertEquals(200, ((Number) delivery.get("httpStatus")).intValue());
                assertEquals(true, delivery.get("delivered"));
                assertNull(delivery.get("error"));
            }
            run("deleteWebhook", "id", id).ok();
        }
    }

    @Test
    void onlyTheChosenOperationsAreDelivered() throws Exception {
        String ns = freshNamespace();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String id = create(receiver.url("/"), ns, List.of("acquireIP"));
            run("createPrefix", "cidr", "10.1.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.1.0.0/24", "namespace", ns).ok();
            List<Request> received = receiver.await(2);
            assertEquals(List.of("acquireIP", "acquireIP"), received.stream().map(r -> r.json().getString("operation")).toList());
            assertEquals(List.of("10.1.0.1", "10.1.0.2"), received.stream()
                    .map(r -> new io.vertx.core.json.JsonObject(r.json().getString("result")).getString("address")).toList());
            run("deleteWebhook", "id", id).ok();
        }
    }

    @Test
    void failedAttemptsAreRetriedWithGrowingWaitsUntilOneSucceeds() throws Exception {
        String ns = freshNamespace();
        double failedBefore = attempts("http_error");
        double deliveredBefore = attempts("delivered");
        try (WebhookReceiver receiver = new WebhookReceiver(n -> n < 3 ? 503 : 200)) {
            String id = create(receiver.url("/"), ns, null);
            run("createPrefix", "cidr", "10.2.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.2.0.0/24", "namespace", ns).ok();

            List<Request> received = receiver.await(5);
            String first = received.get(0).change();
            assertEquals(List.of(first, first, first, first), received.subList(0, 4).stream().map(Request::change).toList());
            assertEquals(List.of(503, 503, 503, 200, 200), received.stream().map(Request::answeredWith).toList());
            assertEquals(List.of("createPrefix", "acquireIP"),
                    List.of(received.get(3).json().getString("operation"), received.get(4).json().getString("operation")));

            List<Map<String, Object>> deliveries = Polling.until(30, "five attempts listed", () -> deliveries(id),
                    list -> list.size() == 5 && list.get(4).get("httpStatus") != null);
            assertEquals(List.of(1, 2, 3, 4, 1), deliveries.stream().map(d -> ((Number) d.get("attempt")).intValue()).toList());
            assertEquals(List.of(false, false, false, true, true), deliveries.stream().map(d -> d.get("delivered")).toList());
            assertEquals(List.of(503, 503, 503, 200, 200),
                    deliveries.stream().map(d -> ((Number) d.get("httpStatus")).intValue()).toList());
            // the configured back-off: 100 ms, doubled, at most 200 ms
            List<Duration> waits = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200));
            for (int i = 0; i < 3; i++) {
                Duration between = Duration.between(at(deliveries.get(i)), at(deliveries.get(i + 1)));
                assertTrue(between.compareTo(waits.get(i)) >= 0, "attempt " + (i + 2) + " came " + between + " after the last");
            }
            assertTrue(attempts("http_error") >= failedBefore + 3, "attempts answered 503 counted");
            assertTrue(attempts("delivered") >= deliveredBefore + 2, "deliveries counted");
            run("deleteWebhook", "id", id).ok();
        }
    }

    @Test
    void tenFailuresSwitchTheWebhookOffAndActivationResumesWithNothingLost() throws Exception {
        String ns = freshNamespace();
        try (WebhookReceiver receiver = new WebhookReceiver(n -> 500)) {
            String id = create(receiver.url("/"), ns, null);
            run("createPrefix", "cidr", "10.3.0.0/24", "namespace", ns).ok();
            run("acquireIP", "prefix", "10.3.0.0/24", "namespace", ns).ok();

            Polling.until(30, "the webhook switched off", () -> webhook(id), w -> Boolean.FALSE.equals(w.get("active")));
            List<Map<String, Object>> off = deliveries(id);
            assertEquals(10, off.size());
            assertEquals(1, off.stream().map(d -> d.get("change")).distinct().count());
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                    off.stream().map(d -> ((Number) d.get("attempt")).intValue()).toList());
            run("acquireIP", "prefix", "10.3.0.0/24", "namespace", ns).ok();
            List<Map<String, Object>> changes = ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 4).subList(1, 4);
            assertEquals(10, receiver.requests().size(), "nothing is attempted while the webhook is off");

            receiver.answer(n -> 200);
            assertEquals(true, run("activateWebhook", "id", id).ok().get("data.activateWebhook.active"));
            List<Request> received = receiver.await(13);
            assertEquals(changes, received.subList(10, 13).stream().map(Request::map).toList());
            List<Map<String, Object>> all = Polling.until(30, "thirteen attempts listed", () -> deliveries(id),
                    list -> list.size() == 13 && list.get(12).get("httpStatus") != null);
            assertEquals(List.of(11, 1, 1), all.subList(10, 13).stream().map(d -> ((Number) d.get("attempt")).intValue()).toList());
            assertEquals(all.stream().map(d -> d.get("id")).toList(), pagedDeliveryIds(id, 5));
            assertEquals("INVALID_ARGUMENT", run("webhooks", "after", "bm90LWEtY3Vyc29y").errorCode());
            assertEquals(true, webhook(id).get("active"));
            run("deleteWebhook", "id", id).ok();
        }
    }

    @Test
    void hostileUrlsAreInvalidArguments() {
        List<String> hostile = List.of(
                "http://user:pass@127.0.0.1/hook",
                "http://127.0.0.1/hook#fragment",
                "http://127.0.0.1/" + "a".repeat(10_000),
                "ftp://127.0.0.1/hook",
                "file:///etc/passwd",
                "javascript:alert(1)",
                "gopher://127.0.0.1:70/",
                "127.0.0.1/hook",
                "http:///hook",
                "http://127.0.0.2/hook",
                "http://2130706434/hook",
                "http://[::1]/hook",
                "http://[::ffff:10.0.0.1]/hook",
                "http://[64:ff9b::a00:1]/hook",
                "http://[2002:a00:1::1]/hook",
                "http://0.0.0.0/hook",
                "http://10.0.0.1/hook",
                "http://172.16.5.4/hook",
                "http://192.168.1.1/hook",
                "http://100.64.0.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fe80::1]/hook",
                "http://[fd00::1]/hook",
                "http://224.0.0.1/hook",
                "http://255.255.255.255/hook");
        for (String url : hostile) {
            Result result = run("createWebhook", "url", url, "secret", SECRET);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), url);
            assertFalse(result.body().contains(SECRET), url);
        }
        assertEquals("INVALID_ARGUMENT", run("createWebhook", "url", "http://127.0.0.1/", "secret", "").errorCode());
        assertEquals("INVALID_ARGUMENT", run("createWebhook", "url", "http://127.0.0.1/", "secret", SECRET,
                "operations", List.of()).errorCode());
        assertEquals("INVALID_ARGUMENT", run("createWebhook", "url", "http://127.0.0.1/", "secret", SECRET,
                "namespace", "Not_A_Namespace").errorCode());
        List<Object> urls = run("webhooks").ok().json().getList("data.webhooks.url");
        assertTrue(urls.stream().noneMatch(hostile::contains), urls::toString);
    }

    @Test
    void theSecretIsNeverReturnedNorStoredInPlainText() throws Exception {
        String ns = freshNamespace();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Result created = run("createWebhook", "url", receiver.url("/"), "secret", SECRET, "namespace", ns).ok();
            String id = created.string("data.createWebhook.id");
            run("createPrefix", "cidr", "10.4.0.0/24", "namespace", ns).ok();
            receiver.await(1);
            Result listed = run("webhooks").ok();
            Result activated = run("activateWebhook", "id", id).ok();
            Result deleted = run("deleteWebhook", "id", id).ok();
            for (Result result : List.of(created, listed, activated, deleted)) {
                assertFalse(result.body().contains(SECRET), result.body());
            }
            assertFalse(new String(receiver.requests().get(0).body(), StandardCharsets.UTF_8).contains(SECRET));
            assertEquals("NOT_FOUND", run("deleteWebhook", "id", id).errorCode());
        }
        try (WebhookReceiver receiver = WebhookReceiver.accepting(); Connection db = Database.connect()) {
            String id = create(receiver.url("/"), ns, null);
            try (PreparedStatement sql = db.prepareStatement("SELECT secret FROM webhook WHERE id = ?::uuid")) {
                sql.setString(1, id);
                try (ResultSet rows = sql.executeQuery()) {
                    assertTrue(rows.next());
                    byte[] stored = rows.getBytes(1);
                    assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(SECRET));
                    assertEquals(1 + 12 + SECRET.length() + 16, stored.length);
                }
            }
            run("deleteWebhook", "id", id).ok();
        }
    }

    @Test
    void onlyAdminsOfEveryNamespaceAWebhookCoversManageIt() throws Exception {
        String ns = freshNamespace();
        String elsewhere = Namespaces.fresh();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String id = create(receiver.url("/"), ns, null);
            String writer = Tokens.token("writer", List.of("ipam-writer"), List.of("*"), 600);
            assertEquals("FORBIDDEN", runAs(writer, "webhooks").errorCode());
            assertEquals("FORBIDDEN", runAs(writer, "createWebhook", "url", receiver.url("/"), "secret", SECRET).errorCode());
            assertEquals("FORBIDDEN", runAs(writer, "deleteWebhook", "id", id).errorCode());
            assertEquals("FORBIDDEN", runAs(writer, "activateWebhook", "id", id).errorCode());
            assertEquals("UNAUTHENTICATED", runAs(null, "webhooks").errorCode());

            String otherAdmin = Tokens.token("other-admin", List.of("ipam-admin"), List.of(elsewhere), 600);
            assertEquals(List.of(), runAs(otherAdmin, "webhooks").ok().json().getList("data.webhooks"));
            assertEquals("NOT_FOUND", runAs(otherAdmin, "deleteWebhook", "id", id).errorCode());
            assertEquals("NOT_FOUND", runAs(otherAdmin, "activateWebhook", "id", id).errorCode());
            assertEquals("FORBIDDEN", runAs(otherAdmin, "createWebhook", "url", receiver.url("/"), "secret", SECRET,
                    "namespace", ns).errorCode());
            // without a namespace, a webhook covers what its creator may read: the other admin sees that one
            String own = runAs(otherAdmin, "createWebhook", "url", receiver.url("/"), "secret", SECRET).ok()
                    .string("data.createWebhook.id");
            assertEquals(List.of(own), runAs(otherAdmin, "webhooks").ok().json().getList("data.webhooks.id"));
            assertEquals(own, runAs(otherAdmin, "deleteWebhook", "id", own).ok().string("data.deleteWebhook.id"));
            assertEquals("NOT_FOUND", run("deleteWebhook", "id", "not-a-webhook").errorCode());
            run("deleteWebhook", "id", id).ok();
        }
    }

    /** A fresh namespace whose creation is in the feed already, so a webhook created now starts behind it. */
    private static String freshNamespace() {
        String ns = Namespaces.fresh();
        ChangeFeedTest.awaitChanges(ns, null, rows -> rows.size() == 1);
        return ns;
    }

    private static String create(String url, String namespace, List<String> operations) {
        Result result = operations == null
                ? run("createWebhook", "url", url, "secret", SECRET, "namespace", namespace)
                : run("createWebhook", "url", url, "secret", SECRET, "namespace", namespace, "operations", operations);
        Map<String, Object> webhook = result.ok().json().getMap("data.createWebhook");
        assertEquals(url, webhook.get("url"));
        assertEquals(namespace, webhook.get("namespace"));
        assertEquals(operations, webhook.get("operations"));
        assertEquals(true, webhook.get("active"));
        return webhook.get("id").toString();
    }

    private static Map<String, Object> webhook(String id) {
        List<Map<String, Object>> all = run("webhooks", "first", 1000).ok().json().getList("data.webhooks");
        return all.stream().filter(w -> id.equals(w.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("webhook " + id + " not listed"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deliveries(String id) {
        Map<String, Object> connection = (Map<String, Object>) webhook(id).get("deliveries");
        List<Map<String, Object>> edges = (List<Map<String, Object>>) connection.get("edges");
        assertEquals(edges.size(), ((Number) connection.get("totalCount")).intValue());
        return edges.stream().map(edge -> (Map<String, Object>) edge.get("node")).toList();
    }

    /** The ids of the webhook's attempts, read {@code first} at a time through the connection's cursors. */
    @SuppressWarnings("unchecked")
    private static List<Object> pagedDeliveryIds(String id, int first) {
        List<Object> ids = new java.util.ArrayList<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            Map<String, Object> webhook = run("webhooks", "first", first, "after", after).ok().json()
                    .<Map<String, Object>>getList("data.webhooks").stream().filter(w -> id.equals(w.get("id")))
                    .findFirst().orElseThrow();
            Map<String, Object> connection = (Map<String, Object>) webhook.get("deliveries");
            List<Map<String, Object>> edges = (List<Map<String, Object>>) connection.get("edges");
            edges.forEach(edge -> ids.add(((Map<String, Object>) edge.get("node")).get("id")));
            Map<String, Object> pageInfo = (Map<String, Object>) connection.get("pageInfo");
            if (!Boolean.TRUE.equals(pageInfo.get("hasNextPage"))) {
                return ids;
            }
            assertEquals(first, edges.size());
            after = pageInfo.get("endCursor").toString();
        }
        throw new AssertionError("more than 100 pages");
    }

    /** The count of webhook attempts with this outcome, from the Prometheus endpoint. */
    private static double attempts(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^ipamql_webhook_attempts_total\\{outcome=\"" + outcome + "\"[^}]*\\} ([0-9.eE+-]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    private static OffsetDateTime at(Map<String, Object> delivery) {
        return OffsetDateTime.parse(delivery.get("at").toString());
    }
}

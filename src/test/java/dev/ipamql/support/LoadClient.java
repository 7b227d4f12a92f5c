package dev.ipamql.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A thread-safe GraphQL client for load against several service instances; every call is bounded. */
public final class LoadClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> urls;

    public LoadClient(List<String> urls) {
        this.urls = urls;
    }

    /** A response: its data, or its error code ({@code TRANSPORT} when no GraphQL answer came back). */
    public record Reply(JsonObject data, String code, String message) {

        public boolean ok() {
            return code == null;
        }
    }

    /** Runs an example operation on instance {@code instance % n}. */
    public Reply run(int instance, String operation, Map<String, Object> variables) {
        String body = new JsonObject().put("query", GraphQL.operation(operation)).put("variables", new JsonObject(variables)).encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(Math.floorMod(instance, urls.size())) + "/graphql"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Tokens.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonObject json = new JsonObject(response.body());
            if (json.getJsonArray("errors") != null && !json.getJsonArray("errors").isEmpty()) {
                JsonObject error = json.getJsonArray("errors").getJsonObject(0);
                JsonObject extensions = error.getJsonObject("extensions");
                return new Reply(null, extensions == null ? "NO_CODE" : extensions.getString("code"), error.getString("message"));
            }
            return new Reply(json.getJsonObject("data"), null, null);
        } catch (Exception e) {
            return new Reply(null, "TRANSPORT", e.toString());
        }
    }
}

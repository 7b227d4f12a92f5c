package dev.ipamql.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A thread-safe GraphQL client for load against several service instances; every call is bounded. */
public final class LoadClient {

    /** The code of a connection refused, reset or closed without an answer: what a killed process gives. */
    public static final String TRANSPORT = "TRANSPORT";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> urls;

    public LoadClient(List<String> urls) {
        this.urls = urls;
    }

    /**
     * A response of instance {@code instance}: its data, or its error code: {@link #TRANSPORT} when the
     * connection failed without an answer, {@code HTTP_<status>} for any status but 200, {@code NOT_JSON} for a
     * body that is no JSON object, {@code TIMEOUT} when the instance did not answer in time.
     */
    public record Reply(int instance, JsonObject data, String code, String message) {

        public boolean ok() {
            return code == null;
        }
    }

    /** Runs an example operation on instance {@code instance % n}. */
    public Reply run(int instance, String operation, Map<String, Object> variables) {
        int target = Math.floorMod(instance, urls.size());
        String body = new JsonObject().put("query", GraphQL.operation(operation)).put("variables", new JsonObject(variables)).encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(target) + "/graphql"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Tokens.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Reply(target, null, "TIMEOUT", e.toString());
        } catch (IOException e) {
            return new Reply(target, null, TRANSPORT, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(target, null, "INTERRUPTED", e.toString());
        }
        if (response.statusCode() != 200) {
            return new Reply(target, null, "HTTP_" + response.statusCode(), response.body());
        }
        JsonObject json;
        try {
            json = new JsonObject(response.body());
        } catch (RuntimeException e) {
            return new Reply(target, null, "NOT_JSON", response.body());
        }
        if (json.getJsonArray("errors") != null && !json.getJsonArray("errors").isEmpty()) {
            JsonObject error = json.getJsonArray("errors").getJsonObject(0);
            JsonObject extensions = error.getJsonObject("extensions");
            return new Reply(target, null, extensions == null ? "NO_CODE" : extensions.getString("code"), error.getString("message"));
        }
        return new Reply(target, json.getJsonObject("data"), null, null);
    }
}

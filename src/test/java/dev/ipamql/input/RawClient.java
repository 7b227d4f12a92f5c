package dev.ipamql.input;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Posts exact bytes to the service's /graphql endpoint and keeps the whole answer for the checks. */
final class RawClient {

    /** Bodies larger than this are kept in part: the head is what the checks look at. */
    private static final int KEPT_BYTES = 8 * 1024 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static volatile int port;
    private static final java.nio.file.Path LOG = java.nio.file.Path.of("target", "hostile-requests.log");

    private RawClient() {
    }

    static void port(int servicePort) {
        port = servicePort;
    }

    /** A GraphQL request with variables, encoded in pure ASCII. */
    static Answer graphql(String document, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document);
        if (variables != null && !variables.isEmpty()) {
            body.put("variables", variables);
        }
        return post(JsonText.json(body), "application/json");
    }

    static Answer post(String body, String contentType) {
        return post(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static Answer post(byte[] body, String contentType) {
        return send(body, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** The body sent with chunked transfer encoding: no Content-Length up front. */
    static Answer postChunked(byte[] body, String contentType) {
        return send(body, contentType, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
    }

    private static Answer send(byte[] body, String contentType, HttpRequest.BodyPublisher publisher) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
                // a safety net so that a hung request fails the run instead of stalling it; not a speed check
                .timeout(Duration.ofMinutes(3))
                .header("Authorization", "Bearer " + dev.ipamql.support.Tokens.ADMIN)
                .POST(publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String shownRequest = describe(body, contentType);
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            long[] total = {0};
            byte[] kept;
            try (InputStream in = response.body()) {
                kept = readKept(in, total);
            }
            Answer answer = new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    new String(kept, StandardCharsets.UTF_8), total[0], shownRequest);
            log(java.time.Instant.now() + " " + shownRequest + "\n  -> " + answer.status() + " "
                    + JsonText.shown(answer.body(), 400) + "\n");
            return answer;
        } catch (IOException e) {
            throw new AssertionError("no HTTP answer (" + e + ") to " + shownRequest, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every request and answer, so that a change of state can be traced to the request that made it. */
    static void log(String line) {
        try {
            java.nio.file.Files.writeString(LOG, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a diagnostic aid only
        }
    }

    private static byte[] readKept(InputStream in, long[] total) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            total[0] += read;
            int room = KEPT_BYTES - kept.size();
            if (room > 0) {
                kept.write(buffer, 0, Math.min(room, read));
            }
        }
        return kept.toByteArray();
    }

    private static String describe(byte[] body, String contentType) {
        String text = new String(body, 0, Math.min(body.length, 3000), StandardCharsets.UTF_8);
        return "POST /graphql [Content-Type: " + contentType + "] " + body.length + " bytes: "
                + JsonText.shown(text, 700);
    }
}

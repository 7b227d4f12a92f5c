package dev.ipamql.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver for webhooks on 127.0.0.1: records every request (headers and body) and answers with the
 * status {@link #answer} gives for the request's number (0 for the first); status 0 holds the request open until
 * {@link #release()}.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String delivery, String change, String signature, String contentType, byte[] body,
                          int answeredWith) {

        public JsonObject json() {
            return new JsonObject(new String(body, StandardCharsets.UTF_8));
        }

        public Map<String, Object> map() {
            return json().getMap();
        }

        /** Whether the signature header is the HMAC-SHA256 of the body with {@code secret}. */
        public boolean signedWith(String secret) {
            return ("sha256=" + HexFormat.of().formatHex(hmac(secret, body))).equals(signature);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile IntUnaryOperator answer;

    public WebhookReceiver(IntUnaryOperator answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with 200. */
    public static WebhookReceiver accepting() throws IOException {
        return new WebhookReceiver(n -> 200);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(IntUnaryOperator answer) {
        this.answer = answer;
    }

    /** Lets go of the requests held open (they are then answered 200). */
    public void release() {
        released.countDown();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Polls (bounded, 60 s) until at least {@code count} requests came. */
    public List<Request> await(int count) {
        for (int i = 0; i < 1200; i++) {
            List<Request> now = requests();
            if (now.size() >= count) {
                return now;
            }
            Polling.pause();
        }
        throw new AssertionError("the receiver got " + requests().size() + " requests within 60 s, not " + count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        synchronized (this) {
            status = answer.applyAsInt(requests.size());
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Ipamql-Delivery"),
                    exchange.getRequestHeaders().getFirst("Ipamql-Change"),
                    exchange.getRequestHeaders().getFirst("Ipamql-Signature"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body, status));
        }
        if (status == 0) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}

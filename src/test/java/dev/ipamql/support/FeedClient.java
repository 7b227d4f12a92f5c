package dev.ipamql.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A graphql-transport-ws client on Vert.x's WebSocket client, as a browser or graphql-ws would speak it. */
public final class FeedClient implements AutoCloseable {

    public static final String PROTOCOL = "graphql-transport-ws";
    private static final long WAIT_SECONDS = 30;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private FeedClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** Connects to {@code /graphql} of the service on {@code port}; {@code receiveBuffer} 0 leaves the OS default. */
    public static FeedClient connect(Vertx vertx, int port, int receiveBuffer) {
        WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(1 << 24).setMaxMessageSize(1 << 26);
        if (receiveBuffer > 0) {
            options.setReceiveBufferSize(receiveBuffer);
        }
        WebSocketClient client = vertx.createWebSocketClient(options);
        WebSocket socket = await(client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port)
                .setURI("/graphql").addSubProtocol(PROTOCOL)).toCompletionStage().toCompletableFuture());
        return new FeedClient(client, socket);
    }

    /** connection_init with a bearer token (null: no payload), answered with connection_ack. */
    public FeedClient init(String token) {
        send(new JsonObject().put("type", "connection_init").put("payload", token == null ? null
                : new JsonObject().put("Authorization", "Bearer " + token)));
        JsonObject ack = next();
        if (!"connection_ack".equals(ack.getString("type"))) {
            throw new AssertionError("expected connection_ack, got " + ack);
        }
        return this;
    }

    /** Subscribes with the example operation {@code graphql/examples/<name>.graphql}. */
    public void subscribe(String id, String example, Map<String, Object> variables) {
        send(new JsonObject().put("type", "subscribe").put("id", id).put("payload", new JsonObject()
                .put("query", GraphQL.operation(example)).put("variables", new JsonObject(variables))));
    }

    public void send(JsonObject message) {
        sendText(message.encode());
    }

    public void sendText(String text) {
        await(socket.writeTextMessage(text).toCompletionStage().toCompletableFuture());
    }

    /** The next message, waiting at most 30 s. */
    public JsonObject next() {
        return next(System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
    }

    private JsonObject next(long deadline) {
        try {
            JsonObject message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + WAIT_SECONDS + " s" + (closed.isDone()
                        ? "; closed with " + closed.getNow(null) : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, skipping pings (the server's keep-alive), waiting at most 30 s in all. */
    public JsonObject nextSkippingPings() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        JsonObject message = next(deadline);
        while ("ping".equals(message.getString("type"))) {
            message = next(deadline);
        }
        return message;
    }

    /** The payload data of the next {@code next} message of operation {@code id}. */
    public JsonObject nextData(String id) {
        JsonObject message = nextSkippingPings();
        if (!"next".equals(message.getString("type")) || !id.equals(message.getString("id"))
                || message.getJsonObject("payload").getValue("errors") != null) {
            throw new AssertionError("expected data for " + id + ", got " + message);
        }
        return message.getJsonObject("payload").getJsonObject("data");
    }

    /** The messages received so far and not taken. */
    public List<JsonObject> drain() {
        List<JsonObject> out = new java.util.ArrayList<>();
        received.drainTo(out);
        return out;
    }

    /** The close code, waiting at most 30 s for the server to close. */
    public short closeCode() {
        return await(closed);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Stops reading from the connection, as a client that cannot keep up. */
    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.close();
        }
        client.close();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not done within " + WAIT_SECONDS + " s", e);
        }
    }
}

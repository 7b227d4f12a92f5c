package dev.ipamql.api;

import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.vertx.core.http.ServerWebSocket;

/**
 * A WebSocket as SmallRye's protocol handler writes to it. A connection whose unsent bytes exceed the write queue's
 * limit (the peer does not read) is closed with {@link FeedConnection#SLOW_CONSUMER} instead of buffering more.
 */
final class FeedSession implements GraphQLWebSocketSession {

    private final ServerWebSocket socket;

    FeedSession(ServerWebSocket socket) {
        this.socket = socket;
    }

    @Override
    public void sendMessage(String message) {
        try {
            if (socket.writeQueueFull()) {
                close(FeedConnection.SLOW_CONSUMER, "Subscriber too slow: resume from the last cursor received");
            } else {
                socket.writeTextMessage(message);
            }
        } catch (IllegalStateException closed) {
            // closed meanwhile: nothing more to send
        }
    }

    @Override
    public void close(short statusCode, String reason) {
        if (!socket.isClosed()) {
            socket.close(statusCode, reason);
        }
    }

    @Override
    public boolean isClosed() {
        return socket.isClosed();
    }
}

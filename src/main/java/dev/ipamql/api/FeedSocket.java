package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.IpamConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Serves GraphQL over WebSockets on {@code /graphql} with the graphql-transport-ws protocol, ahead of SmallRye's
 * own handler (docs/upstream.md): {@link FeedProtocol} authenticates {@code connection_init} and bounds each
 * connection, {@link FeedSession} closes one that does not read what it is sent.
 */
@ApplicationScoped
public class FeedSocket {

    static final String PROTOCOL = "graphql-transport-ws";
    private static final Logger LOG = Logger.getLogger(FeedSocket.class);

    private final AccessControl access;
    private final IpamConfig config;

    public FeedSocket(AccessControl access, IpamConfig config) {
        this.access = access;
        this.config = config;
    }

    void register(@Observes Router router) {
        // after GraphQLBodyCheck's first route, before SmallRye's WebSocket handler (order -99)
        router.get("/graphql").order(Integer.MIN_VALUE + 2).handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        if (!context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            context.next();
            return;
        }
        Vertx vertx = context.vertx();
        context.request().toWebSocket().onSuccess(socket -> serve(vertx, socket))
                .onFailure(failure -> LOG.debugf("WebSocket upgrade failed: %s", failure.toString()));
    }

    private void serve(Vertx vertx, ServerWebSocket socket) {
        if (!PROTOCOL.equals(socket.subProtocol())) {
            // graphql-ws reserves 4406 for an unacceptable subprotocol
            socket.close((short) 4406, "Subprotocol not acceptable: use " + PROTOCOL);
            return;
        }
        socket.setWriteQueueMaxSize(config.feed().maxBufferedBytes());
        FeedSession session = new FeedSession(socket);
        FeedProtocol protocol = new FeedProtocol(session, new ConcurrentHashMap<>(), access,
                config.feed().maxSubscriptionsPerConnection());
        long initTimeout = vertx.setTimer(config.feed().initTimeout().toMillis(), timer -> protocol.initTimedOut());
        socket.closeHandler(closed -> {
            vertx.cancelTimer(initTimeout);
            protocol.onClose();
        });
        socket.exceptionHandler(protocol::onThrowable);
        socket.textMessageHandler(protocol::onMessage);
        socket.binaryMessageHandler(binary -> session.close(FeedProtocol.INVALID_MESSAGE, "Binary messages are not part of "
                + PROTOCOL));
    }
}

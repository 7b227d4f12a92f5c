package dev.ipamql.api;

import dev.ipamql.service.Caller;
import dev.ipamql.service.error.UnauthenticatedException;
import graphql.GraphQLContext;
import java.util.function.BiConsumer;

/**
 * One graphql-transport-ws connection as its subscriptions see it, from their GraphQL context: the caller its
 * {@code connection_init} authenticated, and the way to close it.
 */
public final class FeedConnection {

    /** Close code for a subscriber that does not keep up (graphql-ws leaves 4400-4499 to servers). */
    public static final short SLOW_CONSUMER = 4408;

    private static final String KEY = FeedConnection.class.getName();

    private final Caller caller;
    private final BiConsumer<Short, String> close;

    FeedConnection(Caller caller, BiConsumer<Short, String> close) {
        this.caller = caller;
        this.close = close;
    }

    void putInto(java.util.Map<String, Object> context) {
        context.put(KEY, this);
    }

    /** The connection of a subscription's context; UNAUTHENTICATED outside a connection this service accepted. */
    static FeedConnection of(GraphQLContext context) {
        FeedConnection connection = context == null ? null : context.get(KEY);
        if (connection == null) {
            throw new UnauthenticatedException("subscriptions need a graphql-transport-ws connection on /graphql, "
                    + "authenticated in connection_init");
        }
        return connection;
    }

    Caller caller() {
        return caller;
    }

    /** Closes the connection: its subscriber cannot keep up; it resumes from its last cursor. */
    void closeSlowConsumer() {
        close.accept(SLOW_CONSUMER, "Subscriber too slow: resume from the last cursor received");
    }
}

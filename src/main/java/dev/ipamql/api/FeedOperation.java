package dev.ipamql.api;

import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import mutiny.zero.flow.adapters.AdaptersToReactiveStreams;
import org.jboss.logging.Logger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One operation of a graphql-transport-ws connection, from SmallRye's execution to the socket: a subscription's
 * results as {@code next} messages, then {@code complete}; a subscription refused before its first result
 * ({@link Refused}) as an {@code error} message with the refusal's errors, where SmallRye's handler would only
 * log it. Its items are requested one by one, each once the one before is queued on the socket.
 */
final class FeedOperation implements ExecutionResponseWriter, Subscriber<ExecutionResult> {

    private static final Logger LOG = Logger.getLogger(FeedOperation.class);

    private final String id;
    private final GraphQLWebSocketSession session;
    private final Map<String, Subscriber<ExecutionResult>> operations;
    private final AtomicReference<Subscription> subscription = new AtomicReference<>();
    private volatile boolean cancelled;

    FeedOperation(String id, GraphQLWebSocketSession session, Map<String, Subscriber<ExecutionResult>> operations) {
        this.id = id;
        this.session = session;
        this.operations = operations;
    }

    @Override
    public void write(ExecutionResponse response) {
        ExecutionResult result = response.getExecutionResult();
        Object data = result.isDataPresent() ? result.getData() : null;
        if (data instanceof Publisher<?> stream) {
            @SuppressWarnings("unchecked")
            Publisher<ExecutionResult> results = (Publisher<ExecutionResult>) stream;
            results.subscribe(this);
        } else if (data != null) {
            send("next", response.getExecutionResultAsJsonObject().toString());
            onComplete();
        } else {
            error(result.getErrors());
        }
    }

    @Override
    public void fail(Throwable failure) {
        LOG.warn("GraphQL operation over WebSocket failed", failure);
        error(List.of(GraphqlErrorBuilder.newError().message("Internal server error")
                .extensions(Map.of("code", "INTERNAL")).build()));
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription.set(s);
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(ExecutionResult result) {
        if (session.isClosed() || cancelled) {
            cancel();
            return;
        }
        send("next", new ExecutionResponse(result).getExecutionResultAsJsonObject().toString());
        subscription.get().request(1);
    }

    @Override
    public void onError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Refused refused) {
                error(refused.errors);
                return;
            }
        }
        fail(failure);
    }

    @Override
    public void onComplete() {
        if (operations.remove(id, this)) {
            send("complete", null);
        }
    }

    /** Stops the operation: the client completed it or the connection closed. */
    void cancel() {
        cancelled = true;
        operations.remove(id, this);
        Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
    }

    private void error(List<GraphQLError> errors) {
        if (operations.remove(id, this)) {
            ExecutionResult result = ExecutionResultImpl.newExecutionResult().errors(errors).build();
            send("error", new ExecutionResponse(result).getExecutionResultAsJsonObject().getJsonArray("errors").toString());
        }
    }

    private void send(String type, String payload) {
        JsonObject message = new JsonObject().put("id", id).put("type", type);
        if (payload != null) {
            message.put("payload", Json.decodeValue(payload));
        }
        try {
            session.sendMessage(message.encode());
        } catch (java.io.IOException e) {
            LOG.debugf("not sent: %s", e.toString());
        }
    }

    /**
     * A subscription's stream whose first item SmallRye made of the resolver's failure (errors, no data) fails with
     * those errors instead: graphql-java cannot complete a non-null field without data.
     */
    static Object refusingFailures(Object stream) {
        Multi<?> items;
        if (stream instanceof Publisher<?> publisher) {
            items = Multi.createFrom().publisher(AdaptersToFlow.publisher(publisher));
        } else if (stream instanceof Flow.Publisher<?> publisher) {
            items = Multi.createFrom().publisher(publisher);
        } else {
            return stream;
        }
        return AdaptersToReactiveStreams.publisher(items
                .onItem().transformToUniAndConcatenate(item -> item instanceof DataFetcherResult<?> result
                        && result.hasErrors() && result.getData() == null
                        ? Uni.createFrom().failure(new Refused(result.getErrors()))
                        : Uni.createFrom().item(item)));
    }

    /** A subscription refused with errors before any result. */
    static final class Refused extends RuntimeException {
        private final transient List<GraphQLError> errors;

        Refused(List<GraphQLError> errors) {
            super(errors.isEmpty() ? "refused" : errors.get(0).getMessage(), null, false, false);
            this.errors = errors;
        }
    }
}

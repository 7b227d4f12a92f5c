package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Caller;
import dev.ipamql.service.error.UnauthenticatedException;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.graphql.websocket.graphqltransportws.GraphQLTransportWSSubprotocolHandler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * SmallRye's graphql-transport-ws handler with this service's rules in front: a message that is not one of the
 * protocol's is closed with 4400 (SmallRye would fail on a missing or mistyped field), {@code connection_init}
 * must carry a valid bearer token (else 4401) of a reader (else 4403), and a connection holds a bounded number
 * of operations (more are answered with an error).
 */
final class FeedProtocol extends GraphQLTransportWSSubprotocolHandler {

    static final short INVALID_MESSAGE = 4400;
    private static final short UNAUTHORIZED = 4401;
    private static final short FORBIDDEN = 4403;
    private static final short INIT_TIMEOUT = 4408;
    private static final short DUPLICATE_ID = 4409;
    private static final Set<String> FROM_CLIENTS = Set.of("connection_init", "ping", "pong", "subscribe", "complete");

    private final AccessControl access;
    private final int maxOperations;

    FeedProtocol(GraphQLWebSocketSession session, Map<String, Object> context, AccessControl access, int maxOperations) {
        super(session, context);
        this.access = access;
        this.maxOperations = maxOperations;
    }

    @Override
    public void onMessage(String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            session.close(INVALID_MESSAGE, "Invalid message: not a JSON object");
            return;
        }
        String problem = problem(message);
        if (problem != null) {
            session.close(INVALID_MESSAGE, "Invalid message: " + problem);
            return;
        }
        switch (message.getString("type")) {
            case "connection_init" -> {
                if (!connectionInitialized.get() && !authenticated(message.getJsonObject("payload"))) {
                    return;
                }
            }
            case "subscribe" -> {
                if (connectionInitialized.get() && activeOperations.size() >= maxOperations
                        && !activeOperations.containsKey(message.getString("id"))) {
                    refuse(message.getString("id"), "at most " + maxOperations + " operations may run at once on one "
                            + "connection; complete one first");
                    return;
                }
            }
            case "complete" -> {
                if (activeOperations.get(message.getString("id")) instanceof FeedOperation operation) {
                    operation.cancel();
                }
                return;
            }
            default -> {
            }
        }
        super.onMessage(text);
    }

    /** Runs the operation with SmallRye's execution service, its results written by a {@link FeedOperation}. */
    @Override
    protected void onOperationRequest(jakarta.json.JsonObject message) {
        if (!connectionInitialized.get()) {
            closeDueToConnectionNotInitialized();
            return;
        }
        String id = message.getString("id");
        FeedOperation operation = new FeedOperation(id, session, activeOperations);
        if (activeOperations.putIfAbsent(id, operation) != null) {
            session.close(DUPLICATE_ID, "Subscriber for " + id + " already exists");
            return;
        }
        executionService.executeAsync(message.getJsonObject("payload"), getContext(), operation);
    }

    @Override
    public void onClose() {
        activeOperations.values().forEach(operation -> {
            if (operation instanceof FeedOperation own) {
                own.cancel();
            }
        });
        super.onClose();
    }

    /** What makes the message none of the protocol's messages from a client, or null. */
    private static String problem(JsonObject message) {
        if (!(message.getValue("type") instanceof String type) || !FROM_CLIENTS.contains(type)) {
            return "'type' must be one of " + FROM_CLIENTS;
        }
        Object payload = message.getValue("payload");
        if (!"subscribe".equals(type)) {
            if (payload != null && !(payload instanceof JsonObject)) {
                return "'payload' must be an object";
            }
            return "complete".equals(type) && !(message.getValue("id") instanceof String) ? "'id' must be a string" : null;
        }
        if (!(message.getValue("id") instanceof String id) || id.isEmpty()) {
            return "'id' must be a non-empty string";
        }
        if (!(payload instanceof JsonObject request) || !(request.getValue("query") instanceof String)) {
            return "'payload' must be an object with a string 'query'";
        }
        Object variables = request.getValue("variables");
        Object operationName = request.getValue("operationName");
        Object extensions = request.getValue("extensions");
        if (variables != null && !(variables instanceof JsonObject) || operationName != null && !(operationName instanceof String)
                || extensions != null && !(extensions instanceof JsonObject)) {
            return "'variables' and 'extensions' must be objects, 'operationName' a string";
        }
        return null;
    }

    /** Authenticates connection_init's Authorization; closes the connection (and answers false) when it fails. */
    private boolean authenticated(JsonObject payload) {
        Object header = payload == null ? null : payload.getValue("Authorization");
        Caller caller;
        try {
            caller = access.authenticate(header instanceof String text ? text : null);
        } catch (UnauthenticatedException e) {
            session.close(UNAUTHORIZED, "Unauthorized: send {\"Authorization\": \"Bearer <token>\"} in connection_init");
            return false;
        }
        if (!caller.isReader()) {
            session.close(FORBIDDEN, "Forbidden: the token has no read role");
            return false;
        }
        new FeedConnection(caller, session::close).putInto(getContext());
        return true;
    }

    private void refuse(String id, String message) {
        try {
            session.sendMessage(new JsonObject().put("id", id).put("type", "error").put("payload", new JsonArray()
                    .add(new JsonObject().put("message", message)
                            .put("extensions", new JsonObject().put("code", "INVALID_ARGUMENT")))).encode());
        } catch (java.io.IOException e) {
            // the session writes without failing
        }
    }

    /** Closes the connection unless connection_init came first. */
    void initTimedOut() {
        if (!connectionInitialized.get()) {
            session.close(INIT_TIMEOUT, "Connection initialisation timeout");
        }
    }
}

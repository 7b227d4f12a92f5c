package dev.ipamql.api;

import dev.ipamql.service.IpamConfig;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the HTTP body of a GraphQL request before the engine reads it: a body over the size limit gets
 * HTTP 413, one that is not {@code application/json} in UTF-8 HTTP 415, one that is not a GraphQL request
 * HTTP 400. A document that does not parse is answered here ({@code INVALID_ARGUMENT}, HTTP 200), because
 * SmallRye answers it without a code (docs/upstream.md, section 5); every other check runs in the engine
 * ({@link DocumentChecks}). Also answers requests that accept anything with {@code application/json}.
 */
@ApplicationScoped
public class GraphQLBodyCheck {

    private static final String NOT_A_REQUEST = "the body is not a GraphQL request: a JSON object with a string "
            + "'query' (or the hash of one sent before, as an automatic persisted query), an optional object "
            + "'variables' and an optional string 'operationName'";

    private final PersistedQueries persisted = new PersistedQueries();
    private final long maxBodyBytes;
    private final boolean introspection;

    public GraphQLBodyCheck(IpamConfig config) {
        this.maxBodyBytes = config.graphql().maxBodyBytes();
        this.introspection = config.graphql().introspection();
    }

    void register(@Observes Router router) {
        router.route("/graphql").order(Integer.MIN_VALUE).handler(this::preferJson);
        if (!introspection) {
            router.get("/graphql/schema.graphql").order(Integer.MIN_VALUE).handler(context -> context.response()
                    .setStatusCode(404).end());
        }
        router.post("/graphql").order(Integer.MIN_VALUE + 1)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(this::check);
    }

    private void preferJson(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank() || accept.startsWith("*/*")) {
            context.request().headers().set(HttpHeaders.ACCEPT, "application/json");
        }
        context.next();
    }

    private void check(RoutingContext context) {
        String contentType = String.valueOf(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")
                || contentType.contains("charset") && !contentType.replace(" ", "").contains("charset=utf-8")) {
            refuse(context, 415, "send the GraphQL request as application/json in UTF-8");
            return;
        }
        JsonObject request;
        try {
            String text = context.body().asString("UTF-8");
            // what the GraphQL engine cannot read must not pass: a byte-order mark, invalid UTF-8
            request = text == null || text.startsWith("\uFEFF") || text.contains("\uFFFD") || !strictJson(text)
                    ? null : new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            request = null;
        }
        if (request == null || !(request.getValue("query") == null || request.getValue("query") instanceof String)
                || !(request.getValue("variables") == null || request.getValue("variables") instanceof JsonObject)
                || !(request.getValue("operationName") == null || request.getValue("operationName") instanceof String)) {
            refuse(context, 400, NOT_A_REQUEST);
            return;
        }
        String query = request.getString("query");
        PersistedQueries.Outcome outcome = persisted.resolve(request, query);
        if (outcome instanceof PersistedQueries.Unknown) {
            answer(context, 200, "PersistedQueryNotFound", PersistedQueries.NOT_FOUND);
            return;
        }
        if (outcome instanceof PersistedQueries.Refused refused) {
            refuse(context, 400, refused.message());
            return;
        }
        if (query == null && outcome instanceof PersistedQueries.Resolved resolved) {
            query = resolved.query();
            context.setBody(request.put("query", query).toBuffer());
        }
        if (query == null) {
            refuse(context, 400, NOT_A_REQUEST);
            return;
        }
        String syntaxError = syntaxError(query);
        if (syntaxError == null) {
            context.next();
        } else {
            refuse(context, 200, syntaxError);
        }
    }

    /**
     * The engine's JSON parser, looked up once: {@code Json.createReader} searches the class path for a
     * provider on every call (a service-loader scan that costs more than the rest of a request).
     */
    private static final JsonReaderFactory STRICT_JSON = JsonProvider.provider().createReaderFactory(Map.of());

    /** Whether the engine's own (strict) JSON parser reads the body: no comments or other leniencies. */
    private static boolean strictJson(String text) {
        try (JsonReader reader = STRICT_JSON.createReader(new StringReader(text))) {
            reader.readValue();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Documents that parsed: automation sends the same few documents with new variables. */
    private final Set<String> parsed = ConcurrentHashMap.newKeySet();
    private static final int PARSED_DOCUMENTS = 256;
    private static final int CACHED_DOCUMENT_LENGTH = 8192;

    /** Why the document does not parse, as SmallRye's parse (the same graphql-java call) would find, or null. */
    private String syntaxError(String query) {
        if (parsed.contains(query)) {
            return null;
        }
        ParseAndValidateResult result;
        try {
            result = ParseAndValidate.parse(ExecutionInput.newExecutionInput(query).build());
        } catch (RuntimeException e) {
            return "the query is not valid GraphQL";
        }
        if (result.isFailure()) {
            return "the query is not valid GraphQL: " + result.getSyntaxException().getMessage();
        }
        if (query.length() <= CACHED_DOCUMENT_LENGTH) {
            if (parsed.size() >= PARSED_DOCUMENTS) {
                parsed.clear(); // crude bound; a miss costs one parse
            }
            parsed.add(query);
        }
        return null;
    }

    private static void refuse(RoutingContext context, int status, String message) {
        answer(context, status, message, RequestErrors.INVALID_ARGUMENT);
    }

    private static void answer(RoutingContext context, int status, String message, String code) {
        JsonArray errors = new JsonArray().add(new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", code)));
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("errors", errors).encode());
    }
}

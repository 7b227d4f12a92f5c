package dev.ipamql.api;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Document;
import graphql.language.IntValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.NullValue;
import graphql.language.StringValue;
import graphql.language.TypeName;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import graphql.language.ObjectValue;
import graphql.language.Value;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.execution.TypeFromAST;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.stream.Collectors;
import dev.ipamql.service.IpamConfig;

/**
 * Checks every GraphQL request before it is executed: a body that is not a GraphQL request gets HTTP
 * 400; a document that does not parse or validate, variables that do not coerce, and documents beyond
 * the depth or field limits get an {@code INVALID_ARGUMENT} error (HTTP 200), and nothing runs.
 * Also answers requests that accept anything with {@code application/json}, as the contract promises.
 */
@ApplicationScoped
public class GraphQLRequestGuard {

    private final Instance<GraphQLSchema> schema;
    private final int maxDepth;
    private final int maxFields;
    private final long maxBodyBytes;
    private final boolean introspection;

    public GraphQLRequestGuard(Instance<GraphQLSchema> schema, IpamConfig config) {
        this.schema = schema;
        this.maxDepth = config.graphql().maxDepth();
        this.maxFields = config.graphql().maxFields();
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
        if (context.request().method() != HttpMethod.POST) {
            context.next();
            return;
        }
        String contentType = String.valueOf(context.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")
                || contentType.contains("charset") && !contentType.replace(" ", "").contains("charset=utf-8")) {
            context.response().setStatusCode(415).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errors(List.of("send the GraphQL request as application/json in UTF-8")));
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
        if (request == null || !(request.getValue("query") instanceof String query)
                || !(request.getValue("variables") == null || request.getValue("variables") instanceof JsonObject)
                || !(request.getValue("operationName") == null || request.getValue("operationName") instanceof String)) {
            context.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errors(List.of("the body is not a GraphQL request: a JSON object with a string 'query', "
                            + "an optional object 'variables' and an optional string 'operationName'")));
            return;
        }
        String problem = problem(query, request.getJsonObject("variables"), request.getString("operationName"));
        if (problem == null) {
            context.next();
        } else {
            context.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errors(List.of(problem)));
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

    /** What the checks of a document found: why it must not run, or the operation to run. */
    private record Analysis(String problem, OperationDefinition operation) {
    }

    /** Analyses of recent documents: automation sends the same few documents with new variables. */
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
    private static final int CACHED_DOCUMENTS = 256;
    private static final int CACHED_DOCUMENT_LENGTH = 8192;

    /** Why this request must not run, or null. */
    private String problem(String query, JsonObject variables, String operationName) {
        Analysis analysis;
        if (query.length() > CACHED_DOCUMENT_LENGTH) {
            analysis = analyse(query, operationName);
        } else {
            String key = operationName == null ? query : operationName + "\u0000" + query;
            analysis = analyses.get(key);
            if (analysis == null) {
                analysis = analyse(query, operationName);
                if (analyses.size() >= CACHED_DOCUMENTS) {
                    analyses.clear(); // crude bound; a miss costs one parse
                }
                analyses.put(key, analysis);
            }
        }
        if (analysis.problem() != null) {
            return analysis.problem();
        }
        return variablesProblem(schema.get(), analysis.operation(), variables);
    }

    private Analysis analyse(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            return new Analysis("the query is not valid GraphQL: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            return new Analysis("the query is not valid GraphQL", null);
        }
        GraphQLSchema current = schema.get();
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, f -> f, (a, b) -> a));
        // literals first: the engine's own messages for them print AST nodes
        for (OperationDefinition each : operations) {
            String wrong;
            try {
                wrong = literalProblem(current, each, fragments);
            } catch (RuntimeException e) {
                wrong = null; // a document this broken is reported by validation
            }
            if (wrong != null) {
                return new Analysis(wrong, null);
            }
        }
        List<ValidationError> invalid = ParseAndValidate.validate(current, document, Locale.ENGLISH);
        if (!invalid.isEmpty()) {
            return new Analysis(invalid.stream().map(GraphQLRequestGuard::shown).collect(Collectors.joining("; ")), null);
        }
        OperationDefinition operation = operations.stream()
                .filter(op -> operationName == null ? operations.size() == 1 : operationName.equals(op.getName()))
                .findFirst().orElse(null);
        if (operation == null) {
            return new Analysis(operationName == null
                    ? "the document holds several operations: name the one to run in 'operationName'"
                    : "the document holds no operation named '" + operationName + "'", null);
        }
        int[] fields = {0};
        int depth = depth(operation.getSelectionSet(), root(current, operation), fragments, fields, new String[1],
                new HashSet<>(), 0);
        if (depth > maxDepth) {
            return new Analysis("the query nests more than " + maxDepth + " levels deep; at most " + maxDepth + " are allowed",
                    null);
        }
        if (fields[0] > maxFields) {
            return new Analysis("the query selects " + fields[0] + " fields; at most " + maxFields + " are allowed", null);
        }
        return new Analysis(null, operation);
    }

    /** Why the variables do not fit the operation's declarations, or null. */
    private static String variablesProblem(GraphQLSchema current, OperationDefinition operation, JsonObject variables) {
        Map<String, Object> values = variables == null ? Map.of() : variables.getMap();
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (values.containsKey(definition.getName())) {
                String wrong = mismatch(TypeFromAST.getTypeFromAST(current, definition.getType()),
                        values.get(definition.getName()));
                if (wrong != null) {
                    return "variable $" + definition.getName() + ": " + wrong;
                }
            }
        }
        try {
            ValuesResolver.coerceVariableValues(current, operation.getVariableDefinitions(), RawVariables.of(values),
                    GraphQLContext.getDefault(), Locale.ENGLISH);
        } catch (RuntimeException e) {
            // engine messages may name Java classes: keep only what names the GraphQL side
            String message = e instanceof GraphQLError error ? error.getMessage() : null;
            return message == null || message.matches("(?s).*(class |dev\\.ipamql|java\\.|SRGQL).*")
                    ? "the variables do not match the types the query declares" : message;
        }
        return null;
    }

    /** The first literal of an operation (argument or variable default) that does not fit its type, or null. */
    private String literalProblem(GraphQLSchema current, OperationDefinition operation,
                                  Map<String, FragmentDefinition> fragments) {
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (definition.getDefaultValue() != null
                    && TypeFromAST.getTypeFromAST(current, definition.getType()) instanceof GraphQLInputType type) {
                String wrong = literalMismatch(type, definition.getDefaultValue());
                if (wrong != null) {
                    return "default of variable $" + definition.getName() + ": " + wrong;
                }
            }
        }
        String[] literal = {null};
        depth(operation.getSelectionSet(), root(current, operation), fragments, new int[1], literal, new HashSet<>(), 0);
        return literal[0];
    }

    private static GraphQLCompositeType root(GraphQLSchema current, OperationDefinition operation) {
        return switch (operation.getOperation()) {
            case MUTATION -> current.getMutationType();
            case SUBSCRIPTION -> current.getSubscriptionType();
            default -> current.getQueryType();
        };
    }

    /** A validation message without the engine's internals (AST node dumps, message keys, class names). */
    private static String shown(ValidationError error) {
        String message = error.getMessage();
        return message == null || message.matches("(?s).*(Value\\{|SRGQL|class |java\\.|dev\\.ipamql).*")
                ? "Validation error (" + error.getValidationErrorType() + "): a value does not fit its declared type"
                : message;
    }

    /** Why a JSON value does not fit a GraphQL input type (checked strictly: no string for an Int), or null. */
    private static String mismatch(GraphQLType type, Object value) {
        if (value == null) {
            return type instanceof GraphQLNonNull ? "must not be null" : null;
        }
        if (value instanceof Map<?, ?> && !(GraphQLTypeUtil.unwrapNonNull(type) instanceof graphql.schema.GraphQLInputObjectType)) {
            return "an object is not a value of this type";
        }
        GraphQLType inner = GraphQLTypeUtil.unwrapNonNull(type);
        if (inner instanceof GraphQLList list) {
            if (value instanceof List<?> items) {
                for (Object item : items) {
                    String wrong = mismatch(list.getWrappedType(), item);
                    if (wrong != null) {
                        return wrong;
                    }
                }
                return null;
            }
            return mismatch(list.getWrappedType(), value);
        }
        if (inner instanceof GraphQLInputObjectType object) {
            // unknown and missing fields are the engine's coercion to report; here only the known fields' values
            return value instanceof Map<?, ?> fields ? fields.entrySet().stream()
                    .filter(f -> object.getField(String.valueOf(f.getKey())) != null)
                    .map(f -> mismatch(object.getField(String.valueOf(f.getKey())).getType(), f.getValue()))
                    .filter(w -> w != null).findFirst().orElse(null)
                    : "expected an input object of type " + object.getName();
        }
        if (inner instanceof GraphQLEnumType enumType) {
            return value instanceof String name && enumType.getValue(name) != null ? null
                    : "expected one of " + enumType.getValues().stream().map(v -> v.getName()).toList();
        }
        String name = inner instanceof GraphQLNamedType named ? named.getName() : "";
        boolean fits = switch (name) {
            case "Int" -> (value instanceof Integer || value instanceof Long l && l == l.intValue())
                    && ((Number) value).intValue() != Integer.MIN_VALUE; // the engine's Int excludes -2^31
            case "Float" -> value instanceof Number;
            case "Boolean" -> value instanceof Boolean;
            case "BigInteger" -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
                    || value instanceof String text && text.matches("-?[0-9]{1,80}");
            case "ID" -> value instanceof String || value instanceof Integer || value instanceof Long;
            case "DateTime" -> value instanceof String text && dateTime(text);
            default -> value instanceof String;
        };
        return fits ? null : name.equals("DateTime") ? DATE_TIME_EXPECTED : "expected a value of type " + name;
    }

    /**
     * Depth of a selection set (fragments expanded; validation has ruled out cycles); counts fields and
     * records the first argument literal that does not fit its declared type.
     */
    private int depth(SelectionSet set, GraphQLCompositeType parent, Map<String, FragmentDefinition> fragments,
                      int[] fields, String[] literal, Set<String> expanding, int level) {
        if (set == null || level > maxDepth || fields[0] > maxFields) {
            return level;
        }
        int deepest = level;
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field) {
                fields[0]++;
                if (!introspection && field.getName().startsWith("__") && !field.getName().equals("__typename")
                        && literal[0] == null) {
                    literal[0] = "introspection is disabled on this service";
                }
                GraphQLFieldDefinition definition = parent instanceof GraphQLFieldsContainer container
                        ? container.getFieldDefinition(field.getName()) : null;
                for (Argument argument : field.getArguments()) {
                    GraphQLArgument declared = definition == null ? null : definition.getArgument(argument.getName());
                    String wrong = declared == null ? outOfRange(argument.getValue())
                            : literalMismatch(declared.getType(), argument.getValue());
                    if (wrong != null && literal[0] == null) {
                        literal[0] = "argument " + argument.getName() + ": " + wrong;
                    }
                }
                GraphQLType result = definition == null ? null : GraphQLTypeUtil.unwrapAll(definition.getType());
                deepest = Math.max(deepest, depth(field.getSelectionSet(),
                        result instanceof GraphQLCompositeType composite ? composite : null, fragments, fields, literal,
                        expanding, level + 1));
            } else if (selection instanceof InlineFragment inline) {
                deepest = Math.max(deepest, depth(inline.getSelectionSet(), typed(inline.getTypeCondition(), parent),
                        fragments, fields, literal, expanding, level));
            } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                    && expanding.add(spread.getName())) { // a cycle (refused by validation) is not followed
                FragmentDefinition fragment = fragments.get(spread.getName());
                deepest = Math.max(deepest, depth(fragment.getSelectionSet(), typed(fragment.getTypeCondition(), parent),
                        fragments, fields, literal, expanding, level));
                expanding.remove(spread.getName());
            }
        }
        return deepest;
    }

    private GraphQLCompositeType typed(TypeName condition, GraphQLCompositeType otherwise) {
        return condition != null && schema.get().getType(condition.getName()) instanceof GraphQLCompositeType type
                ? type : otherwise;
    }

    /**
     * Why a literal does not fit its declared input type, or null. Checked here because the engine's
     * scalars are lenient (a string passes for an Int) and its messages print AST nodes.
     */
    private static String literalMismatch(GraphQLInputType type, Value<?> value) {
        if (value instanceof VariableReference) {
            return null; // checked against the variable's value
        }
        if (value instanceof NullValue) {
            return type instanceof GraphQLNonNull ? "must not be null" : null;
        }
        GraphQLType inner = GraphQLTypeUtil.unwrapNonNull(type);
        if (inner instanceof GraphQLList list) {
            if (value instanceof ArrayValue array) {
                return array.getValues().stream().map(item -> literalMismatch((GraphQLInputType) list.getWrappedType(), item))
                        .filter(w -> w != null).findFirst().orElse(null);
            }
            return literalMismatch((GraphQLInputType) list.getWrappedType(), value);
        }
        if (inner instanceof GraphQLInputObjectType object) {
            if (!(value instanceof ObjectValue fields)) {
                return "expected an input object of type " + object.getName();
            }
            return fields.getObjectFields().stream().filter(f -> object.getField(f.getName()) != null)
                    .map(f -> literalMismatch(object.getField(f.getName()).getType(), f.getValue()))
                    .filter(w -> w != null).findFirst().orElse(null);
        }
        if (inner instanceof GraphQLEnumType enumType) {
            return value instanceof EnumValue name && enumType.getValue(name.getName()) != null ? null
                    : "expected one of " + enumType.getValues().stream().map(v -> v.getName()).toList();
        }
        String name = inner instanceof GraphQLNamedType named ? named.getName() : "";
        String range = outOfRange(value);
        if (range != null && !name.equals("BigInteger")) {
            return range;
        }
        boolean fits = switch (name) {
            case "Int" -> value instanceof IntValue number && number.getValue().intValue() != Integer.MIN_VALUE;
            case "Float" -> value instanceof IntValue || value instanceof FloatValue;
            case "Boolean" -> value instanceof BooleanValue;
            case "ID" -> value instanceof StringValue || value instanceof IntValue;
            case "BigInteger" -> value instanceof IntValue
                    || value instanceof StringValue text && text.getValue().matches("-?[0-9]{1,80}");
            case "DateTime" -> value instanceof StringValue text && dateTime(text.getValue());
            default -> value instanceof StringValue;
        };
        if (!fits && value instanceof IntValue number && name.equals("Int")) {
            return "integer " + number.getValue() + " is out of range"; // the engine's Int excludes -2^31
        }
        return fits ? null : name.equals("DateTime") ? DATE_TIME_EXPECTED : "expected a value of type " + name;
    }

    private static final String DATE_TIME_EXPECTED =
            "expected a DateTime: an ISO-8601 date and time with an offset, e.g. 2026-01-01T00:00:00Z";

    /** A DateTime as the engine reads it (an ISO-8601 date-time with an offset). */
    private static boolean dateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Integer literals beyond 32 bits (every Int of this schema): the engine lets them wrap. */
    private static String outOfRange(Value<?> value) {
        if (value instanceof IntValue number && number.getValue().bitLength() > 31) {
            return "integer " + number.getValue() + " is out of range";
        }
        if (value instanceof ArrayValue array) {
            return array.getValues().stream().map(GraphQLRequestGuard::outOfRange).filter(w -> w != null).findFirst().orElse(null);
        }
        if (value instanceof ObjectValue object) {
            return object.getObjectFields().stream().map(f -> outOfRange(f.getValue())).filter(w -> w != null)
                    .findFirst().orElse(null);
        }
        return null;
    }

    private static String errors(List<String> messages) {
        JsonArray errors = new JsonArray();
        messages.forEach(message -> errors.add(new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", "INVALID_ARGUMENT"))));
        return new JsonObject().put("errors", errors).encode();
    }
}

package dev.ipamql.api;

import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.execution.TypeFromAST;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.validation.ValidationError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks each request on the document the engine parsed and validated (or took from SmallRye's document
 * cache): argument literals, the engine's validation errors, the operation to run, depth, field count,
 * the introspection switch and the variables' JSON types. A request that fails gets an
 * {@code INVALID_ARGUMENT} error in place of its document, so nothing runs.
 */
final class DocumentChecks implements PreparsedDocumentProvider {

    /** The limits and switch a document is checked against. */
    record Limits(int maxDepth, int maxFields, boolean introspection) {
    }

    private final PreparsedDocumentProvider documents;
    private final GraphQLSchema schema;
    private final Limits limits;

    DocumentChecks(PreparsedDocumentProvider documents, GraphQLSchema schema, Limits limits) {
        this.documents = documents;
        this.schema = schema;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        return documents.getDocumentAsync(input, parseAndValidate).thenApply(entry -> {
            if (entry.getDocument() == null) {
                return entry; // a syntax error: RequestErrors gives it its code
            }
            Analysis analysis = analysis(input, entry);
            String problem = analysis.problem() != null ? analysis.problem()
                    : variablesProblem(analysis.operation(), input.getVariables());
            return problem == null ? entry : new PreparsedDocumentEntry(RequestErrors.invalid(problem));
        });
    }

    /** What the checks of a document found: why it must not run, or the operation to run. */
    private record Analysis(String problem, OperationDefinition operation) {
    }

    /** Analyses of recent documents: automation sends the same few documents with new variables. */
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();
    private static final int CACHED_DOCUMENTS = 256;
    private static final int CACHED_DOCUMENT_LENGTH = 8192;

    private Analysis analysis(ExecutionInput input, PreparsedDocumentEntry entry) {
        String query = input.getQuery();
        String operationName = input.getOperationName();
        if (query.length() > CACHED_DOCUMENT_LENGTH) {
            return analyse(entry, operationName);
        }
        String key = operationName == null ? query : operationName + "\u0000" + query;
        Analysis analysis = analyses.get(key);
        if (analysis == null) {
            analysis = analyse(entry, operationName);
            if (analyses.size() >= CACHED_DOCUMENTS) {
                analyses.clear(); // crude bound; a miss costs one walk of the document
            }
            analyses.put(key, analysis);
        }
        return analysis;
    }

    private Analysis analyse(PreparsedDocumentEntry entry, String operationName) {
        Document document = entry.getDocument();
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, f -> f, (a, b) -> a));
        // literals first: the engine's own messages for them print AST nodes
        for (OperationDefinition each : operations) {
            String wrong;
            try {
                wrong = literalProblem(each, fragments);
            } catch (RuntimeException e) {
                wrong = null; // a document this broken is reported by validation
            }
            if (wrong != null) {
                return new Analysis(wrong, null);
            }
        }
        if (entry.hasErrors()) {
            return new Analysis(entry.getErrors().stream().map(DocumentChecks::shown).collect(Collectors.joining("; ")),
                    null);
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
        int depth = depth(operation.getSelectionSet(), root(operation), fragments, fields, new String[1], new HashSet<>(), 0);
        if (depth > limits.maxDepth()) {
            return new Analysis("the query nests more than " + limits.maxDepth() + " levels deep; at most "
                    + limits.maxDepth() + " are allowed", null);
        }
        if (fields[0] > limits.maxFields()) {
            return new Analysis("the query selects " + fields[0] + " fields; at most " + limits.maxFields()
                    + " are allowed", null);
        }
        return new Analysis(null, operation);
    }

    /** Why a variable's JSON value does not fit its declared type, or null; the engine coerces the rest. */
    private String variablesProblem(OperationDefinition operation, Map<String, Object> values) {
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (values.containsKey(definition.getName())) {
                String wrong = mismatch(TypeFromAST.getTypeFromAST(schema, definition.getType()),
                        values.get(definition.getName()));
                if (wrong != null) {
                    return "variable $" + definition.getName() + ": " + wrong;
                }
            }
        }
        return null;
    }

    /** The first literal of an operation (argument or variable default) that does not fit its type, or null. */
    private String literalProblem(OperationDefinition operation, Map<String, FragmentDefinition> fragments) {
        for (VariableDefinition definition : operation.getVariableDefinitions()) {
            if (definition.getDefaultValue() != null
                    && TypeFromAST.getTypeFromAST(schema, definition.getType()) instanceof GraphQLInputType type) {
                String wrong = literalMismatch(type, definition.getDefaultValue());
                if (wrong != null) {
                    return "default of variable $" + definition.getName() + ": " + wrong;
                }
            }
        }
        String[] literal = {null};
        depth(operation.getSelectionSet(), root(operation), fragments, new int[1], literal, new HashSet<>(), 0);
        return literal[0];
    }

    private GraphQLCompositeType root(OperationDefinition operation) {
        return switch (operation.getOperation()) {
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
            default -> schema.getQueryType();
        };
    }

    /** A validation message without the engine's internals (AST node dumps, message keys, class names). */
    private static String shown(GraphQLError error) {
        String message = error.getMessage();
        return message == null || message.matches("(?s).*(Value\\{|SRGQL|class |java\\.|dev\\.ipamql).*")
                ? "Validation error (" + (error instanceof ValidationError validation
                        ? validation.getValidationErrorType() : error.getErrorType())
                        + "): a value does not fit its declared type"
                : message;
    }

    /** Why a JSON value does not fit a GraphQL input type (checked strictly: no string for an Int), or null. */
    private static String mismatch(GraphQLType type, Object value) {
        if (value == null) {
            return type instanceof GraphQLNonNull ? "must not be null" : null;
        }
        GraphQLType inner = GraphQLTypeUtil.unwrapNonNull(type);
        if (value instanceof Map<?, ?> && !(inner instanceof GraphQLInputObjectType)) {
            return "an object is not a value of this type";
        }
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
        BigInteger integer = integer(value);
        boolean fits = switch (name) {
            // the engine's Int excludes -2^31
            case "Int" -> integer != null && integer.bitLength() <= 31 && integer.intValue() != Integer.MIN_VALUE;
            case "Float" -> value instanceof Number;
            case "Boolean" -> value instanceof Boolean;
            case "BigInteger" -> integer != null || value instanceof String text && text.matches("-?[0-9]{1,80}");
            case "ID" -> value instanceof String || integer != null && integer.bitLength() <= 63;
            case "DateTime" -> value instanceof String text && dateTime(text);
            default -> value instanceof String;
        };
        return fits ? null : name.equals("DateTime") ? DATE_TIME_EXPECTED : "expected a value of type " + name;
    }

    /**
     * A JSON number written as an integer, or null. SmallRye hands every JSON number over as a
     * {@link BigDecimal}; one with a fraction or an exponent (a nonzero scale) is not an integer literal.
     */
    private static BigInteger integer(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger number) {
            return number;
        }
        return value instanceof BigDecimal number && number.scale() == 0 ? number.toBigInteger() : null;
    }

    /**
     * Depth of a selection set (fragments expanded; validation has ruled out cycles); counts fields and
     * records the first argument literal that does not fit its declared type.
     */
    private int depth(SelectionSet set, GraphQLCompositeType parent, Map<String, FragmentDefinition> fragments,
                      int[] fields, String[] literal, Set<String> expanding, int level) {
        if (set == null || level > limits.maxDepth() || fields[0] > limits.maxFields()) {
            return level;
        }
        int deepest = level;
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof Field field) {
                fields[0]++;
                if (!limits.introspection() && field.getName().startsWith("__") && !field.getName().equals("__typename")
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
        return condition != null && schema.getType(condition.getName()) instanceof GraphQLCompositeType type
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
            return array.getValues().stream().map(DocumentChecks::outOfRange).filter(w -> w != null).findFirst().orElse(null);
        }
        if (value instanceof ObjectValue object) {
            return object.getObjectFields().stream().map(f -> outOfRange(f.getValue())).filter(w -> w != null)
                    .findFirst().orElse(null);
        }
        return null;
    }
}

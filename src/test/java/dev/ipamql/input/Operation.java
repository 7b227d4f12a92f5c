package dev.ipamql.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One root field called with generated arguments, each passed either as a variable of its schema type
 * or inline as a literal; {@link #OMIT} leaves an argument out.
 */
final class Operation {

    static final Object OMIT = new Object() {
        @Override
        public String toString() {
            return "(omitted)";
        }
    };

    private final String kind;
    private final String field;
    private final List<String> definitions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private String selection = "";

    private Operation(String kind, String field) {
        this.kind = kind;
        this.field = field;
    }

    static Operation query(String field) {
        return new Operation("query", field);
    }

    static Operation mutation(String field) {
        return new Operation("mutation", field);
    }

    /** Passes {@code value} for the argument; a Java null is an explicit null. */
    Operation arg(String name, String type, Object value, boolean inline) {
        if (value == OMIT) {
            return this;
        }
        Object sent = value instanceof Hostile hostile ? hostile.text() : value;
        if (inline) {
            arguments.add(name + ": " + JsonText.graphql(sent));
        } else {
            definitions.add("$" + name + ": " + type);
            arguments.add(name + ": $" + name);
            variables.put(name, sent);
        }
        return this;
    }

    /**
     * Registers an argument of a nested field (a variable definition unless inline) and returns its text
     * for the selection, e.g. {@code "first: $first "}, or nothing when omitted.
     */
    String nested(String name, String type, Object value, boolean inline) {
        if (value == OMIT) {
            return "";
        }
        Object sent = value instanceof Hostile hostile ? hostile.text() : value;
        if (inline) {
            return name + ": " + JsonText.graphql(sent) + " ";
        }
        definitions.add("$" + name + ": " + type);
        variables.put(name, sent);
        return name + ": $" + name + " ";
    }

    Operation namespace(Namespace namespace, boolean inline) {
        return namespace.omitted() ? this : arg("namespace", "String", namespace.name(), inline);
    }

    Operation select(String fields) {
        this.selection = fields;
        return this;
    }

    String document() {
        return kind + (definitions.isEmpty() ? "" : "(" + String.join(", ", definitions) + ")") + " { " + field
                + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
                + (selection.isEmpty() ? "" : " { " + selection + " }") + " }";
    }

    Map<String, Object> variables() {
        return variables;
    }

    Answer send() {
        return RawClient.graphql(document(), variables);
    }

    JsonObjectAnswer expect(Allowed allowed) {
        Answer answer = send();
        return new JsonObjectAnswer(answer, answer.assertAllowed(allowed));
    }

    /** An answer and its parsed body. */
    record JsonObjectAnswer(Answer answer, io.vertx.core.json.JsonObject json) {
    }
}

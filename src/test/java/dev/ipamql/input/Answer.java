package dev.ipamql.input;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** One HTTP answer of the service, and the checks every answer to hostile input must pass. */
record Answer(int status, String contentType, String body, long bodyBytes, String request) {

    /** Text that only a stack trace, a class name or SQL puts into a body (compared in lower case). */
    static final List<String> LEAKS = List.of("exception", "at dev.", "at io.", "java.", "org.", "pgexception",
            "sqlstate", "insert into", "select ", "delete from", "caused by", "\tat ", "dev.ipamql", "io.vertx",
            "io.smallrye", "io.quarkus", "inet.ipaddr", "graphql.execution", "graphql.schema",
            // the GraphQL engine's AST dumps (StringValue{value='x'}, IntValue{...}) and SmallRye message keys
            "value{", "srgql");

    /** A package-qualified Java class name, such as dev.ipamql.api.CidrScalar. */
    static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*");

    /**
     * Whether generated input may be echoed in a message without looking like a leak itself, as it is and as
     * a JSON body shows it: there a control character becomes an escape such as {@code \u0000}, whose
     * letters and digits may join the text around it ("\u0000.a.X" reads as the class name u0000.a.X).
     */
    static boolean echoSafe(String text) {
        return looksHarmless(text) && looksHarmless(Json.encode(text));
    }

    private static boolean looksHarmless(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return LEAKS.stream().noneMatch(lower::contains) && !QUALIFIED_CLASS.matcher(text).find();
    }

    /**
     * Checks the answer against what is allowed and the rules for every answer (no 5xx, no leak,
     * only contract codes, never INTERNAL); returns the parsed body, or null for an allowed 4xx.
     */
    JsonObject assertAllowed(Allowed allowed) {
        assertNoLeak();
        if (status >= 500) {
            fail("HTTP " + status + " (a server error)", allowed);
        }
        if (status >= 400 && status < 500 && allowed.clientError()) {
            return null;
        }
        if (status != 200) {
            fail("HTTP " + status + " where a GraphQL answer (HTTP 200) was due", allowed);
        }
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            fail("content type " + contentType + " is not application/json", allowed);
        }
        if (bodyBytes > body.getBytes(StandardCharsets.UTF_8).length) {
            // only the head was kept: its errors, codes and leaks past the cut cannot be checked
            fail("a body of " + bodyBytes + " bytes, too large to check whole", allowed);
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (RuntimeException e) {
            fail("the body is not a JSON object", allowed);
            return null;
        }
        Object errorsValue = json.getValue("errors");
        if (errorsValue == null || errorsValue instanceof JsonArray list && list.isEmpty()) {
            if (!allowed.dataAllowed()) {
                fail("data without an error", allowed);
            }
            return json;
        }
        if (!(errorsValue instanceof JsonArray errors)) {
            fail("errors is not an array", allowed);
            return null;
        }
        for (Object entry : errors) {
            if (!(entry instanceof JsonObject error)) {
                fail("an error that is not an object", allowed);
                return null;
            }
            Object extensions = error.getValue("extensions");
            Object code = extensions instanceof JsonObject ext ? ext.getValue("code") : null;
            if (!(error.getValue("message") instanceof String message) || message.isBlank()) {
                fail("an error without a message", allowed);
            }
            if (code == null) {
                fail("an error without extensions.code", allowed);
            }
            if (!Allowed.CONTRACT_CODES.contains(code)) {
                fail("extensions.code " + code + " is not in the contract's table", allowed);
            }
            if ("INTERNAL".equals(code)) {
                fail("INTERNAL for hostile input", allowed);
            }
            if (!allowed.codes().contains(code)) {
                fail("extensions.code " + code + " is not what the contract gives here", allowed);
            }
        }
        return json;
    }

    private void assertNoLeak() {
        String lower = body.toLowerCase(Locale.ROOT);
        for (String leak : LEAKS) {
            if (lower.contains(leak)) {
                fail("the body contains '" + leak.strip() + "' (stack trace, class name or SQL)", null);
            }
        }
        var qualified = QUALIFIED_CLASS.matcher(body);
        if (qualified.find()) {
            fail("the body names the Java class " + qualified.group(), null);
        }
    }

    void fail(String problem, Allowed allowed) {
        throw new AssertionError(problem
                + "\n  request:  " + request
                + (allowed == null ? "" : "\n  allowed:  " + allowed)
                + "\n  answer:   HTTP " + status + " [" + contentType + "] " + JsonText.shown(body, 1500));
    }
}

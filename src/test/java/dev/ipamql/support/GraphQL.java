package dev.ipamql.support;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sends the operations of {@code graphql/examples/} with variables, as a client would. */
public final class GraphQL {

    public static final Path EXAMPLES = Path.of("graphql", "examples");

    /** The operations the web UI sends (bundled into it at build time). */
    public static final Path UI_OPERATIONS = Path.of("graphql", "ui");

    private static final JsonPathConfig NUMBERS =
            JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_INTEGER);

    private GraphQL() {
    }

    /** The text of {@code graphql/examples/<name>.graphql}. */
    public static String operation(String name) {
        try {
            return Files.readString(EXAMPLES.resolve(name + ".graphql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an operation of the web UI ({@code graphql/ui/<name>.graphql}) as the UI sends it. */
    public static Result runUi(String name, Object... variables) {
        try {
            return send(Files.readString(UI_OPERATIONS.resolve(name + ".graphql")), vars(variables));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the example operation with variables given as alternating names and values. */
    public static Result run(String name, Object... variables) {
        return send(operation(name), vars(variables));
    }

    public static Result send(String document, Map<String, Object> variables) {
        return sendAs(Tokens.ADMIN, document, variables);
    }

    /** Runs the example operation with the given bearer token (null: none). */
    public static Result runAs(String token, String name, Object... variables) {
        return sendAs(token, operation(name), vars(variables));
    }

    public static Result sendAs(String token, String document, Map<String, Object> variables) {
        JsonObject body = new JsonObject().put("query", document).put("variables", new JsonObject(variables));
        var request = given().contentType("application/json").body(body.encode());
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        Response response = request.post("/graphql");
        response.then().statusCode(200).contentType("application/json");
        return new Result(response.asString());
    }

    public static Map<String, Object> vars(Object... variables) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            map.put((String) variables[i], variables[i + 1]);
        }
        return map;
    }

    /** A GraphQL response: data by JSON path, and the error, if any. */
    public record Result(String body) {

        public JsonPath json() {
            return new JsonPath(body).using(NUMBERS);
        }

        public <T> T get(String path) {
            return json().get(path);
        }

        public String string(String path) {
            return json().getString(path);
        }

        public List<String> list(String path) {
            return json().getList(path, String.class);
        }

        public List<Map<String, Object>> errors() {
            List<Map<String, Object>> errors = json().getList("errors");
            return errors == null ? List.of() : errors;
        }

        /** The response, after checking it holds no error. */
        public Result ok() {
            if (!errors().isEmpty()) {
                throw new AssertionError("expected no error, got " + body);
            }
            return this;
        }

        /** The {@code extensions.code} of the only error; fails when there is not exactly one. */
        public String errorCode() {
            if (errors().size() != 1) {
                throw new AssertionError("expected one error, got " + body);
            }
            return json().getString("errors[0].extensions.code");
        }

        public String errorMessage() {
            errorCode();
            return json().getString("errors[0].message");
        }
    }
}

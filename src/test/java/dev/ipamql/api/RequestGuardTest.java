package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.send;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Requests that must not run: each gets a typed error (or HTTP 4xx for a body that is not GraphQL). */
@QuarkusTest
class RequestGuardTest {

    @Test
    void aDocumentThatDoesNotParseIsInvalidArgument() {
        var result = send("{ namespaces { name ", Map.of());
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().startsWith("the query is not valid GraphQL"), result.errorMessage());
    }

    @Test
    void anUnknownFieldIsInvalidArgumentNamingIt() {
        var result = send("{ namespaces { nope } }", Map.of());
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().contains("'nope'"), result.errorMessage());
    }

    @Test
    void aVariableOfTheWrongTypeIsInvalidArgumentAndNothingRuns() {
        var result = send("mutation($ns: String!) { createNamespace(name: $ns) { name } }", Map.of("ns", 42));
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("variable $ns: expected a value of type String", result.errorMessage());
        assertEquals("INVALID_ARGUMENT", send("query($f: Int) { prefixes(first: $f) { totalCount } }",
                Map.of("f", "abc")).errorCode());
        assertEquals("INVALID_ARGUMENT", send("query($f: IPFamily) { prefixes(family: $f) { totalCount } }",
                Map.of("f", "V5")).errorCode());
        assertEquals("INVALID_ARGUMENT", send("query($c: CIDR!) { prefix(cidr: $c) { cidr } }", Map.of()).errorCode());
    }

    /**
     * SEMANTICS, Errors: {@code data} is absent (not null) when a variable fails scalar validation before execution
     * (a value of the wrong JSON type; CIDR and address text is judged by the field that uses it).
     */
    @Test
    void aVariableFailingScalarValidationGetsNoDataAtAll() {
        Map<String, Map<String, Object>> refused = Map.of(
                "query($c: CIDR!) { prefix(cidr: $c) { cidr } }", Map.of("c", 42),
                "query($a: IPAddress!) { ip(prefix: \"10.0.0.0/8\", address: $a) { address } }", Map.of("a", List.of("10.0.0.1")),
                "query($s: DateTime) { auditLog(since: $s) { totalCount } }", Map.of("s", "yesterday"),
                "query($f: Int) { prefixes(first: $f) { totalCount } }", Map.of("f", 1.5),
                "mutation($l: Int!) { acquireChildPrefix(parent: \"10.0.0.0/8\", length: $l) { cidr } }", Map.of("l", "9"));
        refused.forEach((document, variables) -> {
            GraphQL.Result result = send(document, variables);
            assertEquals("INVALID_ARGUMENT", result.errorCode(), document);
            assertFalse(new JsonObject(result.body()).containsKey("data"), () -> document + " answered " + result.body());
        });
        // a failure during execution answers data, null for the failed field
        GraphQL.Result executed = send("query($c: CIDR!) { prefix(cidr: $c, namespace: \"no-such-namespace\") { cidr } }",
                Map.of("c", "10.0.0.0/8"));
        assertEquals("NOT_FOUND", executed.errorCode());
        assertTrue(new JsonObject(executed.body()).containsKey("data"), executed.body());
    }

    @Test
    void integerLiteralsBeyondThirtyTwoBitsAreRefusedNotWrapped() {
        assertError("INVALID_ARGUMENT", "argument first: integer 99999999999 is out of range",
                send("{ prefixes(first: 99999999999) { totalCount } }", Map.of()));
        assertEquals("INVALID_ARGUMENT", send("mutation { acquireChildPrefix(parent: \"10.0.0.0/8\", length: 4294967320) "
                + "{ cidr } }", Map.of()).errorCode());
    }

    @Test
    void literalsOfTheWrongTypeAreRefusedThoughTheEngineWouldCoerceThem() {
        assertError("INVALID_ARGUMENT", "argument first: expected a value of type Int",
                send("{ prefixes(first: \"0\") { totalCount } }", Map.of()));
        assertError("INVALID_ARGUMENT", "argument length: expected a value of type Int", send("mutation { acquireChildPrefix("
                + "parent: \"10.0.0.0/8\", length: \"9\") { cidr } }", Map.of()));
        assertError("INVALID_ARGUMENT", "argument first: expected a value of type Int",
                send("{ auditLog(first: \"5\") { totalCount } }", Map.of()));
        assertError("INVALID_ARGUMENT", "argument cidr: expected a value of type CIDR",
                send("{ prefix(cidr: 10) { cidr } }", Map.of()));
        assertError("INVALID_ARGUMENT", "default of variable $f: expected a value of type Int",
                send("query($f: Int = \"5\") { prefixes(first: $f) { totalCount } }", Map.of()));
        assertError("INVALID_ARGUMENT", "argument first: expected a value of type Int", send("{ namespace(name: \"default\") "
                + "{ prefixes(first: \"1\") { totalCount } } }", Map.of()));
        assertError("INVALID_ARGUMENT", "argument first: expected a value of type Int", send("query { ...f } fragment f on Query "
                + "{ prefixes(first: true) { totalCount } }", Map.of()));
    }

    @Test
    void aDateTimeThatIsNotIsoWithAnOffsetIsInvalidArgument() {
        String expected = "expected a DateTime: an ISO-8601 date and time with an offset, e.g. 2026-01-01T00:00:00Z";
        var inline = send("{ auditLog(since: \"2026-01-01\") { totalCount } }", Map.of());
        assertEquals("INVALID_ARGUMENT", inline.errorCode());
        assertEquals("argument since: " + expected, inline.errorMessage());
        assertError("INVALID_ARGUMENT", "variable $s: " + expected,
                send("query($s: DateTime) { auditLog(since: $s) { totalCount } }", Map.of("s", "yesterday")));
        assertEquals(0, ((Number) send("query($s: DateTime) { auditLog(since: $s) { totalCount } }",
                Map.of("s", "2999-01-01T00:00:00+02:00")).ok().get("data.auditLog.totalCount")).intValue());
    }

    @Test
    void theSmallestIntIsOutOfRangeAndTheMessageShowsNoEngineInternals() {
        var result = send("{ prefixes(first: -2147483648) { totalCount } }", Map.of());
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("argument first: integer -2147483648 is out of range", result.errorMessage());
        assertError("INVALID_ARGUMENT", "variable $f: expected a value of type Int", send("query($f: Int) { prefixes(first: $f) "
                + "{ totalCount } }", Map.of("f", Integer.MIN_VALUE)));
        assertError("INVALID_ARGUMENT", "first must be between 0 and 1000, not -2147483647",
                send("{ prefixes(first: -2147483647) { totalCount } }", Map.of()));
    }

    @Test
    void aQueryNestedFiftyDeepIsRefused() {
        String deep = "{ prefix(cidr: \"10.0.0.0/8\") { " + "children { ".repeat(50) + "cidr" + " }".repeat(50) + " } }";
        assertError("INVALID_ARGUMENT", "the query nests more than 15 levels deep; at most 15 are allowed", send(deep, Map.of()));
    }

    @Test
    void aThousandAliasesAreRefused() {
        String many = IntStream.range(0, 1000).mapToObj(i -> "a" + i + ": namespaces { name }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        var result = send(many, Map.of());
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertTrue(result.errorMessage().matches("the query selects \\d+ fields; at most 500 are allowed"),
                result.errorMessage());
    }

    @Test
    void aRefusalInTheEngineNamesNoExceptionClassification() {
        String deep = "{ prefix(cidr: \"10.0.0.0/8\") { " + "children { ".repeat(20) + "cidr" + " }".repeat(20) + " } }";
        String body = given().contentType("application/json").body(Map.of("query", deep)).post("/graphql").then()
                .statusCode(200).extract().asString();
        assertTrue(body.contains("\"code\":\"INVALID_ARGUMENT\""), body);
        assertFalse(body.toLowerCase(java.util.Locale.ROOT).contains("exception"), body);
    }

    @Test
    void severalOperationsWithoutAnOperationNameAreRefused() {
        assertError("INVALID_ARGUMENT", "the document holds several operations: name the one to run in 'operationName'",
                send("query A { namespaces { name } } query B { namespaces { name } }", Map.of()));
    }

    @Test
    void aBodyThatIsNotAGraphQLRequestGetsBadRequest() {
        given().contentType("application/json").body("not json").post("/graphql").then().statusCode(400);
        given().contentType("application/json").body("{\"variables\": {}}").post("/graphql").then().statusCode(400);
        given().contentType("application/json").body("{\"query\": 5}").post("/graphql").then().statusCode(400);
        given().contentType("application/json").body("[1, 2]").post("/graphql").then().statusCode(400);
    }

    @Test
    void aFiveMegabyteBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"query\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}";
        given().contentType("application/json").body(huge).post("/graphql").then().statusCode(413);
    }

    @Test
    void aBodyTheEngineCouldNotReadIsRefusedBeforeItRuns() {
        given().contentType("application/json").body("\uFEFF{\"query\":\"{ namespaces { name } }\"}").post("/graphql")
                .then().statusCode(400);
        given().contentType("application/json; charset=UTF-16").body("{\"query\":\"{ namespaces { name } }\"}")
                .post("/graphql").then().statusCode(415);
        given().contentType("text/plain").body("{ namespaces { name } }").post("/graphql").then().statusCode(415);
        given().contentType("application/json").body("/* c */ {\"query\":\"{ namespaces { name } }\"}").post("/graphql")
                .then().statusCode(400);
    }

    @Test
    void anObjectForAScalarVariableIsRefusedWithoutNamingJavaClasses() {
        var result = send("query($c: CIDR!) { prefix(cidr: $c) { cidr } }", Map.of("c", Map.of("a", 1)));
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("variable $c: an object is not a value of this type", result.errorMessage());
    }

    @Test
    void textThatTheDatabaseCannotStoreIsInvalidArgument() {
        String ns = dev.ipamql.support.Namespaces.fresh();
        dev.ipamql.support.GraphQL.run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        // a lone surrogate arrives as a JSON escape
        String loneSurrogate = "{\"query\":\"mutation { acquireIP(prefix: \\\"10.0.0.0/24\\\", namespace: \\\"" + ns
                + "\\\", description: \\\"bad \\\\ud827 text\\\") { address } }\"}";
        given().contentType("application/json").header("Authorization", "Bearer " + dev.ipamql.support.Tokens.ADMIN)
                .body(loneSurrogate).post("/graphql").then().statusCode(200)
                .body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("INVALID_ARGUMENT"));
        assertEquals("INVALID_ARGUMENT", dev.ipamql.support.GraphQL.run("acquireIP", "prefix", "10.0.0.0/24",
                "namespace", ns, "description", "nul \u0000 here").errorCode());
        assertEquals("ok \ud83d\ude00", dev.ipamql.support.GraphQL.run("acquireIP", "prefix", "10.0.0.0/24",
                "namespace", ns, "description", "ok \ud83d\ude00").ok().string("data.acquireIP.description"));
    }

    @Test
    void aValidRequestStillRuns() {
        GraphQL.Result result = send("query($n: String!) { namespace(name: $n) { name } }", Map.of("n", "default")).ok();
        assertEquals("default", result.string("data.namespace.name"));
    }

    /** The only error has this code and this message. */
    private static void assertError(String code, String message, GraphQL.Result result) {
        assertEquals(code, result.errorCode(), result.body());
        assertEquals(message, result.errorMessage());
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.send;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health endpoints and the GraphiQL console with the database up; the root leads to the console. */
@QuarkusTest
class HealthTest {

    private static final String GRAPHQL = "/graphql";

    @Test
    void readinessAndLivenessAreUpWithTheDatabaseReachable() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void crossOriginRequestsAreNotAllowedUnlessConfigured() {
        // the endpoint answers both, but grants no origin: a browser drops the answer
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options(GRAPHQL).then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
        given().header("Origin", "https://evil.example").header("Authorization", "Bearer " + Tokens.ADMIN)
                .contentType("application/json").body(new JsonObject().put("query", GraphQL.operation("namespace"))
                        .put("variables", new JsonObject().put("name", "default")).encode())
                .post(GRAPHQL).then().statusCode(200)
                .body("data.namespace.name", equalTo("default"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void graphiqlIsServed() {
        given().get("/q/graphql-ui/").then().statusCode(200).body(containsString("GraphiQL"));
    }

    @Test
    void theRootSendsABrowserToGraphiqlWithARunnableExampleAndHowToSendAToken() {
        Response response = given().redirects().follow(false).get("/");
        assertEquals(302, response.statusCode());
        URI location = URI.create(response.header("Location"));
        assertEquals("/q/graphql-ui/", location.getPath());
        List<String> parameters = List.of(location.getRawQuery().split("&"));
        assertEquals(1, parameters.size(), parameters.toString());
        assertTrue(parameters.get(0).startsWith("query="), parameters.get(0));
        String query = pageDecoded(parameters.get(0).substring("query=".length()));

        List<String> comments = query.lines().takeWhile(line -> line.startsWith("#")).toList();
        assertEquals(3, comments.size(), query);
        assertTrue(String.join(" ", comments).contains("{\"Authorization\": \"Bearer <token>\"}"), query);
        assertEquals("query Namespaces {", query.lines().skip(comments.size()).findFirst().orElseThrow());
        assertTrue(send(query, Map.of()).ok().list("data.namespaces.name").contains("default"));
        given().urlEncodingEnabled(false).get(response.header("Location")).then().statusCode(200)
                .body(containsString("GraphiQL"));
    }

    /** As GraphiQL's page reads its parameters: decodeURIComponent, which leaves a '+' as it is. */
    private static String pageDecoded(String parameter) {
        return URLDecoder.decode(parameter.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}

package dev.ipamql.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
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
}

package dev.ipamql.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the database unreachable the service stays alive, reports not ready, and answers errors typed. */
@QuarkusTest
@TestProfile(UnreachableDatabaseTest.NoDatabase.class)
class UnreachableDatabaseTest {

    /** Points the service at a port where no PostgreSQL listens. */
    public static class NoDatabase implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://localhost:1/ipam",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:1/ipam",
                    "quarkus.datasource.username", "nobody",
                    "quarkus.flyway.migrate-at-start", "false");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void readinessIsDownAndLivenessUpWhileTheDatabaseIsUnreachable() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aRequestFailsWithATypedErrorAndNoInternals() {
        given().contentType("application/json").header("Authorization", "Bearer " + Tokens.ADMIN)
                .body("{\"query\":\"mutation { createPrefix(cidr: \\\"10.0.0.0/8\\\") { cidr } }\"}")
                .post("/graphql")
                .then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("UNAVAILABLE"))
                .body(not(containsString("Exception")))
                .body(not(containsString("localhost:1")));
    }
}

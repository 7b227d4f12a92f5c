package dev.ipamql.security;

import static dev.ipamql.support.GraphQL.send;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hardening by configuration: introspection, the SDL and GraphiQL switched off. */
@QuarkusTest
@TestProfile(IntrospectionOffTest.Hardened.class)
class IntrospectionOffTest {

    /** Introspection and GraphiQL off. */
    public static class Hardened implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ipamql.graphql.introspection", "false", "quarkus.smallrye-graphql.ui.enabled", "false");
        }
    }

    @Test
    void introspectionQueriesAndTheSchemaAreRefusedWhileOrdinaryQueriesRun() {
        var result = send("{ __schema { types { name } } }", Map.of());
        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("introspection is disabled on this service", result.errorMessage());
        assertEquals("INVALID_ARGUMENT", send("{ __type(name: \"Prefix\") { name } }", Map.of()).errorCode());
        assertEquals("default", send("{ namespace(name: \"default\") { __typename name } }", Map.of()).ok()
                .string("data.namespace.name"));
        given().get("/graphql/schema.graphql").then().statusCode(404);
        given().get("/q/graphql-ui/").then().statusCode(404);
        // the web UI at the root is no console: it stays
        given().redirects().follow(false).get("/").then().statusCode(200);
    }
}

package dev.ipamql.security;

import static dev.ipamql.support.GraphQL.sendAs;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With authentication on, introspection is a request like any other: it needs a valid token. */
@QuarkusTest
class IntrospectionAuthTest {

    private static final String SCHEMA = "{ __schema { types { name } } }";
    private static final String TYPE = "{ __type(name: \"Prefix\") { name } }";

    @Test
    void introspectionWithoutATokenIsUnauthenticatedAndAnswersNothing() {
        var schema = sendAs(null, SCHEMA, Map.of());
        assertEquals("UNAUTHENTICATED", schema.errorCode());
        assertNull(schema.get("data.__schema"));
        assertEquals("UNAUTHENTICATED", sendAs(null, TYPE, Map.of()).errorCode());
    }

    @Test
    void introspectionWithAnInvalidTokenIsUnauthenticated() {
        assertEquals("UNAUTHENTICATED", sendAs("not.a.token", SCHEMA, Map.of()).errorCode());
        assertEquals("UNAUTHENTICATED", sendAs(Tokens.ADMIN + "x", TYPE, Map.of()).errorCode());
    }

    @Test
    void theSchemaFileNeedsAValidTokenToo() {
        given().get("/graphql/schema.graphql").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body(equalTo("authentication required: send 'Authorization: Bearer <token>'\n"));
        given().header("Authorization", "Bearer " + Tokens.ADMIN + "x").get("/graphql/schema.graphql").then()
                .statusCode(401).body(equalTo("the bearer token is invalid, expired or not signed by a trusted key\n"));
        given().header("Authorization", "Bearer " + Tokens.ADMIN).get("/graphql/schema.graphql").then()
                .statusCode(200).body(containsString("type Prefix {"));
    }

    @Test
    void theRootTypeNameAloneNeedsATokenToo() {
        var anonymous = sendAs(null, "{ __typename }", Map.of());
        assertEquals("UNAUTHENTICATED", anonymous.errorCode());
        assertNull(anonymous.get("data.__typename"));
        assertEquals("UNAUTHENTICATED", sendAs(null, "mutation { __typename }", Map.of()).errorCode());
        assertEquals("Query", sendAs(Tokens.ADMIN, "{ __typename }", Map.of()).ok().string("data.__typename"));
    }

    @Test
    void introspectionWithAValidTokenIsAnswered() {
        var schema = sendAs(Tokens.ADMIN, SCHEMA, Map.of()).ok();
        assertTrue(schema.list("data.__schema.types.name").contains("Prefix"), schema.body());
        assertEquals("Prefix", sendAs(Tokens.ADMIN, TYPE, Map.of()).ok().string("data.__type.name"));
    }
}

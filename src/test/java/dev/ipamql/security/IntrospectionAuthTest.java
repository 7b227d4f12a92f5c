package dev.ipamql.security;

import static dev.ipamql.support.GraphQL.sendAs;
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
    void introspectionWithAValidTokenIsAnswered() {
        var schema = sendAs(Tokens.ADMIN, SCHEMA, Map.of()).ok();
        assertTrue(schema.list("data.__schema.types.name").contains("Prefix"), schema.body());
        assertEquals("Prefix", sendAs(Tokens.ADMIN, TYPE, Map.of()).ok().string("data.__type.name"));
    }
}

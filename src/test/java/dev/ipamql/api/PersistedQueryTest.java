package dev.ipamql.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ipamql.service.Sha256;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Automatic persisted queries as Apollo clients send them: the hash alone once the document was sent with it. */
@QuarkusTest
class PersistedQueryTest {

    private static JsonObject extension(String hash) {
        return new JsonObject().put("persistedQuery", new JsonObject().put("version", 1).put("sha256Hash", hash));
    }

    private static JsonPath post(JsonObject body, int status) {
        return new JsonPath(given().contentType("application/json").header("Authorization", "Bearer " + Tokens.ADMIN)
                .body(body.encode()).post("/graphql").then().statusCode(status).contentType("application/json")
                .extract().asString());
    }

    @Test
    void theHashAloneRunsTheDocumentSentWithItBefore() {
        String namespace = Namespaces.fresh();
        // unique text, so no earlier request has registered this hash
        String document = "query Named($n: String!) { namespace(name: $n) { name } } # " + UUID.randomUUID();
        String hash = Sha256.hex(document);
        JsonObject variables = new JsonObject().put("n", namespace);

        JsonPath unknown = post(new JsonObject().put("variables", variables).put("extensions", extension(hash)), 200);
        assertEquals("PERSISTED_QUERY_NOT_FOUND", unknown.getString("errors[0].extensions.code"));
        assertEquals("PersistedQueryNotFound", unknown.getString("errors[0].message"));

        JsonPath full = post(new JsonObject().put("query", document).put("variables", variables)
                .put("extensions", extension(hash)), 200);
        assertEquals(namespace, full.getString("data.namespace.name"));

        JsonPath byHash = post(new JsonObject().put("variables", variables).put("extensions", extension(hash)), 200);
        assertEquals(namespace, byHash.getString("data.namespace.name"));
        assertNull(byHash.get("errors"));
    }

    @Test
    void aHashThatIsNotTheDocumentsIsRefusedAndNothingIsKept() {
        String document = "{ namespaces { name } } # " + UUID.randomUUID();
        String other = Sha256.hex(document + " ");
        JsonPath mismatch = post(new JsonObject().put("query", document).put("extensions", extension(other)), 400);
        assertEquals("INVALID_ARGUMENT", mismatch.getString("errors[0].extensions.code"));
        assertEquals("'extensions.persistedQuery.sha256Hash' is not the SHA-256 of the query",
                mismatch.getString("errors[0].message"));
        assertEquals("PERSISTED_QUERY_NOT_FOUND",
                post(new JsonObject().put("extensions", extension(other)), 200).getString("errors[0].extensions.code"));
    }

    @Test
    void malformedExtensionsAreBadRequests() {
        String document = "{ namespaces { name } }";
        String hash = Sha256.hex(document);
        String expected = "'extensions.persistedQuery' must be {\"version\": 1, \"sha256Hash\": <64 lower-case hex digits>}";
        for (JsonObject persisted : new JsonObject[] {
                new JsonObject().put("version", 2).put("sha256Hash", hash),
                new JsonObject().put("version", 1).put("sha256Hash", hash.toUpperCase()),
                new JsonObject().put("version", 1).put("sha256Hash", hash.substring(1)),
                new JsonObject().put("version", 1).put("sha256Hash", "z".repeat(64)),
                new JsonObject().put("version", "1").put("sha256Hash", hash),
                new JsonObject().put("version", 1)}) {
            JsonPath refused = post(new JsonObject().put("query", document)
                    .put("extensions", new JsonObject().put("persistedQuery", persisted)), 400);
            assertEquals(expected, refused.getString("errors[0].message"), persisted.encode());
            assertEquals("INVALID_ARGUMENT", refused.getString("errors[0].extensions.code"));
        }
        assertEquals(expected, post(new JsonObject().put("query", document)
                .put("extensions", new JsonObject().put("persistedQuery", "x")), 400).getString("errors[0].message"));
        assertEquals("'extensions' must be an object",
                post(new JsonObject().put("query", document).put("extensions", 5), 400).getString("errors[0].message"));
    }

    @Test
    void withoutTheExtensionARequestStillNeedsAQuery() {
        JsonPath refused = post(new JsonObject().put("extensions", new JsonObject()), 400);
        assertEquals("INVALID_ARGUMENT", refused.getString("errors[0].extensions.code"));
    }
}

package dev.ipamql;

import static dev.ipamql.support.GraphQL.runAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.PostgresResource;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dev profile with no token key configured, as {@code ./mvnw quarkus:dev} starts: authentication is on and the
 * log hands out an admin token; the entity mappings agree with the migrated schema.
 */
@QuarkusTest
@TestProfile(DevModeTest.DevProfile.class)
class DevModeTest {

    private static final Path LOG = Path.of("target", "dev-mode-test.log");

    private static final Pattern TOKEN = Pattern.compile("^(eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)$", Pattern.MULTILINE);

    /** The dev profile; the database without the test key, so that verification uses dev mode's own key pair. */
    public static class DevProfile implements QuarkusTestProfile {

        @Override
        public String getConfigProfile() {
            return "dev";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // quarkus:dev validates the schema after start-up and logs a mismatch; here it fails the start
                    "quarkus.hibernate-orm.schema-management.strategy", "validate",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.json.enabled", "false",
                    "quarkus.log.file.path", LOG.toString());
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class, Map.of(PostgresResource.TOKEN_KEY, "none")));
        }
    }

    @Test
    void theLogHandsOutAnAdminTokenThatTheServiceAcceptsAndNoOtherKeyIsTrusted() throws IOException {
        String token = loggedToken();
        assertTrue(Files.readString(LOG).contains("curl -s -H 'Authorization: Bearer " + token + "'"), "a ready curl line");

        assertEquals("UNAUTHENTICATED", runAs(null, "namespaces").errorCode());
        assertEquals("UNAUTHENTICATED", runAs(Tokens.ADMIN, "namespaces").errorCode());
        assertEquals("dev-mode", runAs(token, "createNamespace", "name", "dev-mode").ok().string("data.createNamespace.name"));
        assertTrue(runAs(token, "namespaces").ok().list("data.namespaces.name").contains("dev-mode"));
        assertEquals("dev-mode", runAs(token, "deleteNamespace", "name", "dev-mode").ok().string("data.deleteNamespace.name"));
    }

    @Test
    void theNamespaceMappingAgreesWithTheMigratedSchema() throws IOException {
        // the start validated every mapping against the schema (else no test runs); then a read through the entity
        assertEquals("default", runAs(loggedToken(), "namespace", "name", "default").ok().string("data.namespace.name"));
    }

    /** The token of the last start in the log: a line of its own. */
    private static String loggedToken() throws IOException {
        Matcher matcher = TOKEN.matcher(Files.readString(LOG));
        String token = null;
        while (matcher.find()) {
            token = matcher.group(1);
        }
        assertNotNull(token, "no token in " + LOG);
        return token;
    }
}

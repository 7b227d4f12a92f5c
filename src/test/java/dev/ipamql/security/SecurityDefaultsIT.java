package dev.ipamql.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import dev.ipamql.support.Tokens;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in production: authenticated unless explicitly opened, and loud when it is; no dev-mode
 * token, and plain-text logs unless asked for JSON.
 */
class SecurityDefaultsIT {

    @Test
    void aProductionStartRequiresTokensByDefault() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start();
             ServiceProcess service = ServiceProcess.start("security-default",
                     ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"))) {
            RestAssured.port = service.port();
            assertEquals("UNAUTHENTICATED", GraphQL.runAs(null, "namespaces").errorCode());
            assertEquals(false, GraphQL.run("namespaces").ok().json().getList("data.namespaces").isEmpty());
        }
    }

    @Test
    void aProductionStartWithoutATokenKeyRefusesToStartAndSaysWhy() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start()) {
            Map<String, String> noKey = new HashMap<>(ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
            noKey.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", null);
            assertThrows(AssertionError.class, () -> ServiceProcess.start("security-no-key", noKey));
            assertTrue(Files.readString(Path.of("target", "security-no-key.log"))
                    .contains("Authentication is on but no token key is configured"));
        }
    }

    @Test
    void runningOpenMustBeAskedForAndIsAnnouncedInTheLog() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start()) {
            Map<String, String> open = new HashMap<>(ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
            open.put("IPAMQL_AUTH_ENABLED", "false");
            try (ServiceProcess service = ServiceProcess.start("security-open", open)) {
                RestAssured.port = service.port();
                assertEquals("default", GraphQL.runAs(null, "namespace", "name", "default").ok().string("data.namespace.name"));
            }
            assertTrue(Files.readString(Path.of("target", "security-open.log"))
                    .contains("AUTHENTICATION IS OFF (ipamql.auth.enabled=false)"));
        }
    }

    @Test
    void aProductionStartLogsPlainTextHandsOutNoTokenAndTrustsNoOtherKey() throws Exception {
        try (StandalonePostgres postgres = StandalonePostgres.start()) {
            Map<String, String> asTheReadmeRunsIt = new HashMap<>(
                    ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
            asTheReadmeRunsIt.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", null);
            try (ServiceProcess service = ServiceProcess.start("security-production-log", asTheReadmeRunsIt)) {
                RestAssured.port = service.port();
                String forged = Tokens.sign("intruder", List.of("ipam-admin"), List.of("*"), 600, "ipamql-local",
                        randomPrivateKey());
                assertEquals("UNAUTHENTICATED", GraphQL.runAs(forged, "namespaces").errorCode());
                assertEquals(false, GraphQL.run("namespaces").ok().json().getList("data.namespaces").isEmpty());
            }
            String log = Files.readString(Path.of("target", "security-production-log.log"));
            assertTrue(log.contains("Profile prod activated"), log);
            assertFalse(log.contains("Dev mode"), log);
            assertFalse(log.contains("eyJ"), "a JWT in the log");
            assertTrue(log.lines().noneMatch(line -> line.startsWith("{")), "JSON log lines");
            assertTrue(log.lines().anyMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO .*")),
                    log);
        }
    }

    private static PrivateKey randomPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}

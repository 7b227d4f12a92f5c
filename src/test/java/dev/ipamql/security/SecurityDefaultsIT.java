package dev.ipamql.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged service in production: authenticated unless explicitly opened, and loud when it is. */
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
}

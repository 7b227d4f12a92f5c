package dev.ipamql.support;

import dev.ipamql.embedded.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * The real PostgreSQL the tests run against: the one named by {@code IPAMQL_TEST_JDBC_URL}
 * (with {@code IPAMQL_TEST_DB_USER} and {@code IPAMQL_TEST_DB_PASSWORD}), else an embedded one
 * in a fresh temporary directory.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        String jdbcUrl = System.getenv("IPAMQL_TEST_JDBC_URL");
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", jdbcUrl,
                    "quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()),
                    "quarkus.datasource.username", System.getenv().getOrDefault("IPAMQL_TEST_DB_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("IPAMQL_TEST_DB_PASSWORD", "postgres"));
        }
        try {
            embedded = EmbeddedDatabase.start(Files.createTempDirectory("ipamql-test-pg"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return embedded.datasourceConfig();
    }

    @Override
    public void stop() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

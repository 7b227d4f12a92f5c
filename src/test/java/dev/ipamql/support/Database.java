package dev.ipamql.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;

/** A direct JDBC connection to the service's database, for tests that act beside the service. */
public final class Database {

    private Database() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** What runs while {@link #withPrefixLocked} holds a prefix's row lock. */
    public interface WhileLocked {
        /** @param observer another connection, e.g. to {@link #awaitLockWaiter} */
        void run(Connection observer) throws Exception;
    }

    /** Holds the prefix's row lock (as another replica would) while {@code body} runs, then lets it go. */
    public static void withPrefixLocked(String namespace, String cidr, WhileLocked body) throws Exception {
        try (Connection holder = connect(); Connection observer = connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT id FROM prefix WHERE namespace = ? AND cidr = ?::cidr FOR UPDATE")) {
                lock.setString(1, namespace);
                lock.setString(2, cidr);
                lock.executeQuery().close();
            }
            body.run(observer);
            holder.commit();
        }
    }

    /** Polls (bounded, 30 s) until some other session waits for a lock. */
    public static void awaitLockWaiter(Connection db) throws SQLException, InterruptedException {
        awaitLockWaiters(db, 1);
    }

    /** Polls (bounded, 30 s) until at least {@code count} other sessions wait for a lock. */
    public static void awaitLockWaiters(Connection db, int count) throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try (Statement sql = db.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity "
                         + "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
                rows.next();
                if (rows.getLong(1) >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(count + " sessions did not start waiting for a lock within 30 s");
    }
}

package dev.ipamql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ipamql.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database itself refuses a double allocation, whatever a (buggy or racing) service instance
 * sends: statements here bypass the service and must be rejected by constraints.
 */
@QuarkusTest
class DatabaseConstraintsTest {

    private Connection db;
    private String ns;

    @BeforeEach
    void connect() throws SQLException {
        db = Database.connect();
        ns = "db-" + Long.toString(System.nanoTime(), 36);
        execute("INSERT INTO namespace (name) VALUES ('" + ns + "')");
        execute("INSERT INTO prefix (namespace, cidr) VALUES ('" + ns + "', '10.0.0.0/16')");
    }

    @AfterEach
    void disconnect() throws SQLException {
        // the rows written here bypass the service (no free space, no counters): gone before the tests after
        execute("DELETE FROM ip WHERE prefix_id IN (SELECT id FROM prefix WHERE namespace = '" + ns + "')");
        execute("DELETE FROM prefix WHERE namespace = '" + ns + "' AND parent_id IS NOT NULL");
        execute("DELETE FROM prefix WHERE namespace = '" + ns + "'");
        execute("DELETE FROM namespace WHERE name = '" + ns + "'");
        db.close();
    }

    @Test
    void overlappingRootPrefixesInOneNamespaceAreRefused() {
        assertEquals("23P01", state("INSERT INTO prefix (namespace, cidr) VALUES ('" + ns + "', '10.0.128.0/17')"));
        assertEquals("23P01", state("INSERT INTO prefix (namespace, cidr) VALUES ('" + ns + "', '10.0.0.0/8')"));
    }

    @Test
    void overlappingSiblingsAreRefused() throws SQLException {
        execute(child("10.0.0.0/24"));
        assertEquals("23P01", state(child("10.0.0.128/25")));
        assertEquals("23P01", state(child("10.0.0.0/23")));
    }

    @Test
    void aChildOutsideItsParentIsRefused() {
        assertEquals("23514", state(child("10.1.0.0/24")));
    }

    @Test
    void theSameAddressTwiceInAPrefixIsRefused() throws SQLException {
        String insert = "INSERT INTO ip (prefix_id, address) SELECT id, '10.0.0.5' FROM prefix WHERE namespace = '" + ns + "'";
        execute(insert);
        assertEquals("23505", state(insert));
    }

    @Test
    void aPrefixCannotHoldIpsAndChildrenAtOnce() {
        assertEquals("23514", state("UPDATE prefix SET ip_count = 1, child_count = 1 WHERE namespace = '" + ns + "'"));
    }

    @Test
    void overlappingReservedRangesOfOnePrefixAreRefused() throws SQLException {
        execute(range("10.0.0.10", "10.0.0.19"));
        assertEquals("23P01", state(range("10.0.0.19", "10.0.0.30")));
        assertEquals("23P01", state(range("10.0.0.0", "10.0.0.255")));
        assertEquals("23P01", state(range("10.0.0.12", "10.0.0.12")));
        execute(range("10.0.0.20", "10.0.0.20"));
        assertEquals("23514", state(range("10.0.0.40", "10.0.0.30")));
        assertEquals("23514", state(range("10.0.0.40", "2001:db8::1")));
    }

    @Test
    void aPrefixCannotHoldReservedRangesAndChildrenAtOnce() {
        assertEquals("23514", state("UPDATE prefix SET range_count = 1, child_count = 1 WHERE namespace = '" + ns + "'"));
    }

    private String range(String first, String last) {
        return "INSERT INTO reserved_range (prefix_id, first_address, last_address) SELECT id, '" + first + "', '" + last
                + "' FROM prefix WHERE namespace = '" + ns + "'";
    }

    @Test
    void overlappingFreeBlocksOfOnePrefixAreRefused() throws SQLException {
        execute("INSERT INTO free_block (prefix_id, cidr) SELECT id, cidr FROM prefix WHERE namespace = '" + ns + "'");
        assertEquals("23P01", state("INSERT INTO free_block (prefix_id, cidr) SELECT id, '10.0.1.0/24' FROM prefix "
                + "WHERE namespace = '" + ns + "'"));
    }

    @Test
    void theAuditLogIsAppendOnly() throws SQLException {
        execute("INSERT INTO audit_log (subject, namespace, operation, arguments, result) "
                + "VALUES ('s', '" + ns + "', 'op', '{}', '{}')");
        assertEquals("P0001", state("UPDATE audit_log SET subject = 'x' WHERE namespace = '" + ns + "'"));
        assertEquals("P0001", state("DELETE FROM audit_log WHERE namespace = '" + ns + "'"));
    }

    private String child(String cidr) {
        return "INSERT INTO prefix (namespace, cidr, parent_id, parent_cidr) SELECT '" + ns + "', '" + cidr
                + "', id, cidr FROM prefix WHERE namespace = '" + ns + "' AND cidr = '10.0.0.0/16'";
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private String state(String sql) {
        return assertThrows(SQLException.class, () -> execute(sql)).getSQLState();
    }
}

package dev.ipamql.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Invariants of the stored state that no crash, outage or race may break: counters agree with rows,
 * free space and allocations neither overlap nor leave gaps (checked for IPv4 prefixes).
 */
public final class Consistency {

    private static final String[][] CHECKS = {
            {"ip_count differs from the IPs of a prefix",
                    "SELECT count(*) FROM prefix p WHERE p.ip_count <> (SELECT count(*) FROM ip WHERE prefix_id = p.id)"},
            {"child_count differs from the children of a prefix",
                    "SELECT count(*) FROM prefix p WHERE p.child_count <> (SELECT count(*) FROM prefix c WHERE c.parent_id = p.id)"},
            {"an IP lies outside its prefix",
                    "SELECT count(*) FROM ip i JOIN prefix p ON p.id = i.prefix_id WHERE NOT (i.address <<= p.cidr)"},
            {"an acquired IP lies in a free range",
                    "SELECT count(*) FROM ip i JOIN ip_free_range r ON r.prefix_id = i.prefix_id "
                            + "AND i.address BETWEEN r.first_address AND r.last_address"},
            {"free ranges, IPs and reserved addresses do not add up to the usable addresses of an IPv4 prefix",
                    "SELECT count(*) FROM prefix p WHERE family(p.cidr) = 4 AND p.ip_count + p.reserved_ips + coalesce((SELECT "
                            + "sum(r.last_address - r.first_address + 1) FROM ip_free_range r WHERE r.prefix_id = p.id), 0) "
                            + "<> 2 ^ (32 - masklen(p.cidr)) - CASE WHEN p.reserve_edges AND masklen(p.cidr) <= 30 THEN 2 ELSE 0 END"},
            {"range_count differs from the reserved ranges of a prefix",
                    "SELECT count(*) FROM prefix p WHERE p.range_count <> (SELECT count(*) FROM reserved_range r WHERE r.prefix_id = p.id)"},
            {"an acquired IP lies in a reserved range",
                    "SELECT count(*) FROM ip i JOIN reserved_range r ON r.prefix_id = i.prefix_id "
                            + "AND i.address BETWEEN r.first_address AND r.last_address"},
            {"a free block overlaps a child",
                    "SELECT count(*) FROM free_block f JOIN prefix c ON c.parent_id = f.prefix_id AND c.cidr && f.cidr"},
            {"free blocks and children do not add up to an IPv4 prefix",
                    "SELECT count(*) FROM prefix p WHERE family(p.cidr) = 4 AND "
                            + "coalesce((SELECT sum(2 ^ (32 - masklen(f.cidr))) FROM free_block f WHERE f.prefix_id = p.id), 0) + "
                            + "coalesce((SELECT sum(2 ^ (32 - masklen(c.cidr))) FROM prefix c WHERE c.parent_id = p.id), 0) "
                            + "<> 2 ^ (32 - masklen(p.cidr))"},
    };

    private Consistency() {
    }

    /** Fails, naming the broken invariants, unless all hold (on a connection of its own). */
    public static void assertHolds() throws SQLException {
        try (Connection db = Database.connect()) {
            assertEquals(List.of(), violations(db));
        }
    }

    /** The broken invariants, each with the number of offending rows; empty when all hold. */
    public static List<String> violations(Connection db) throws SQLException {
        List<String> broken = new ArrayList<>();
        try (Statement sql = db.createStatement()) {
            for (String[] check : CHECKS) {
                try (ResultSet rows = sql.executeQuery(check[1])) {
                    rows.next();
                    if (rows.getLong(1) != 0) {
                        broken.add(check[0] + ": " + rows.getLong(1));
                    }
                }
            }
        }
        return broken;
    }
}

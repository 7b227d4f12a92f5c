package dev.ipamql.input;

import static dev.ipamql.support.GraphQL.run;
import static dev.ipamql.support.GraphQL.send;
import static dev.ipamql.support.GraphQL.vars;

import dev.ipamql.support.GraphQL;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The known state that hostile requests must leave alone, built so that no request can succeed by
 * accident: every prefix either is full (children cover it, or every address is taken) or holds an
 * acquired IP, so child allocations, IP allocations in full prefixes, deletions and releases all fail.
 * {@code default} and the scratch namespace start empty.
 */
final class Fixture {

    static final String NAMESPACE = "hostile-fixture";
    static final String SCRATCH = "hostile-scratch";

    /** The prefixes of the fixture namespace, with valid textual forms of each and what operations on them give. */
    enum Prefix {
        /** Root divided into two /25 children: no free block. */
        R4("198.51.100.0/24", null, List.of("198.51.100.0/24", "198.51.100.1/24", "198.51.100.77/24", "198.51.100.255/24")),
        C4A("198.51.100.0/25", "198.51.100.0/24", List.of("198.51.100.0/25", "198.51.100.100/25", "198.51.100.127/25")),
        C4B("198.51.100.128/25", "198.51.100.0/24", List.of("198.51.100.128/25", "198.51.100.200/25")),
        /** Both addresses acquired. */
        L4("198.51.101.0/31", null, List.of("198.51.101.0/31", "198.51.101.1/31")),
        /** One address (.6) acquired. */
        E4("198.51.102.0/29", null, List.of("198.51.102.0/29", "198.51.102.7/29", "198.51.102.3/29")),
        R6("2001:db8:f00d::/48", null, List.of("2001:db8:f00d::/48", "2001:DB8:F00D::/48",
                "2001:0db8:f00d:0000:0000:0000:0000:0000/48", "2001:db8:f00d:ffff:ffff:ffff:ffff:ffff/48",
                "2001:db8:f00d:1234::1/48")),
        C6A("2001:db8:f00d::/49", "2001:db8:f00d::/48", List.of("2001:db8:f00d::/49", "2001:db8:f00d:7fff::/49")),
        C6B("2001:db8:f00d:8000::/49", "2001:db8:f00d::/48", List.of("2001:db8:f00d:8000::/49",
                "2001:DB8:F00D:8000:0:0:0:1/49")),
        /** Both addresses acquired. */
        L6("2001:db8:beef::/127", null, List.of("2001:db8:beef::/127", "2001:db8:beef::1/127",
                "2001:DB8:BEEF:0:0:0:0:0/127", "2001:db8:beef:0::/127")),
        /** One address (::5) acquired. */
        E6("2001:db8:cafe::/125", null, List.of("2001:db8:cafe::/125", "2001:db8:cafe::7/125", "2001:0DB8:CAFE::3/125"));

        final String cidr;
        final String parent;
        final List<String> forms;

        Prefix(String cidr, String parent, List<String> forms) {
            this.cidr = cidr;
            this.parent = parent;
            this.forms = forms;
        }

        boolean v6() {
            return cidr.contains(":");
        }

        int length() {
            return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        }

        boolean hasChildren() {
            return this == R4 || this == R6;
        }

        /** What deletePrefix answers. */
        String deleteCode() {
            return hasChildren() ? Allowed.HAS_CHILDREN : Allowed.HAS_IPS;
        }

        /** What releaseChildPrefix answers. */
        String releaseCode() {
            return parent == null ? Allowed.INVALID_ARGUMENT : Allowed.HAS_IPS;
        }

        /** What a child allocation of a valid length answers. */
        String childCode() {
            return hasChildren() ? Allowed.NO_PREFIX_AVAILABLE : Allowed.HAS_IPS;
        }
    }

    /** Valid CIDRs that overlap no prefix of the fixture namespace. */
    static final List<String> FREE = List.of("198.51.103.0/24", "198.51.103.9/24", "2001:db8:d00d::/48", "203.0.113.0/24");

    /** Pools of the fixture namespace, one of each kind, whose selector matches no prefix: they never serve. */
    static final String IP_POOL = "fixture-ips";
    static final String CHILD_POOL = "fixture-children";

    static final String E4_TAKEN = "198.51.102.6";
    static final String E6_TAKEN = "2001:db8:cafe::5";

    private static final String SNAPSHOT = """
            query Snapshot($a: String!, $b: String!, $c: String!) {
              namespaces { name description labels { key value } version }
              a: prefixes(namespace: $a, first: 1000) { ...everything }
              b: prefixes(namespace: $b, first: 1000) { ...everything }
              c: prefixes(namespace: $c, first: 1000) { ...everything }
              pa: pools(namespace: $a) { ...pool }
              pb: pools(namespace: $b) { ...pool }
              pc: pools(namespace: $c) { ...pool }
            }
            fragment pool on Pool { name kind selector description labels { key value } version }
            fragment everything on PrefixConnection {
              totalCount
              edges { node {
                cidr parentCidr family description labels { key value } claim version children { cidr }
                reserveEdges reservedRanges { first last description }
                usage { size acquiredIPs freeIPs reservedIPs acquiredPrefixes availablePrefixes availableSmallestPrefixes utilization }
                freeRanges(first: 1000) { edges { node { first last } } }
                ips(first: 1000) { totalCount edges { node { address description labels { key value } claim version } } }
              } }
            }
            """;

    private static final String LISTING = """
            query Listing($n: String!) {
              prefixes(namespace: $n, first: 1000) { edges { node { cidr namespace ips(first: 1000) { edges { node { address } } } } } }
            }
            """;

    private static String jdbcUrl;

    private Fixture() {
    }

    /** The database behind the service, for diagnostics when the state cannot be put back. */
    static void database(String url) {
        jdbcUrl = url;
    }

    /** The sessions of the database: a session left idle in a transaction explains stale reads. */
    static String sessions() {
        if (jdbcUrl == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             java.sql.Statement sql = db.createStatement();
             java.sql.ResultSet rows = sql.executeQuery("SELECT pid, state, xact_start, backend_xid, left(query, 200) "
                     + "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                out.append("\n    ").append(rows.getInt(1)).append(' ').append(rows.getString(2)).append(" xact_start=")
                        .append(rows.getString(3)).append(" xid=").append(rows.getString(4)).append(" last: ")
                        .append(rows.getString(5));
            }
        } catch (java.sql.SQLException e) {
            out.append(e);
        }
        return out.toString();
    }

    static void build() {
        run("createNamespace", "name", NAMESPACE).ok();
        run("createNamespace", "name", SCRATCH).ok();
        populate();
    }

    private static void populate() {
        String ns = NAMESPACE;
        for (Prefix root : List.of(Prefix.R4, Prefix.L4, Prefix.E4, Prefix.R6, Prefix.L6, Prefix.E6)) {
            run("createPrefix", "cidr", root.cidr, "namespace", ns, "description", "fixture " + root).ok();
        }
        for (Prefix child : List.of(Prefix.C4A, Prefix.C4B, Prefix.C6A, Prefix.C6B)) {
            run("acquireSpecificChildPrefix", "parent", child.parent, "cidr", child.cidr, "namespace", ns).ok();
        }
        acquire(Prefix.C4A, "198.51.100.1");
        acquire(Prefix.C4B, "198.51.100.200");
        acquire(Prefix.L4, "198.51.101.0");
        acquire(Prefix.L4, "198.51.101.1");
        acquire(Prefix.E4, E4_TAKEN);
        acquire(Prefix.C6A, "2001:db8:f00d::1");
        acquire(Prefix.C6B, "2001:db8:f00d:8000::1");
        acquire(Prefix.L6, "2001:db8:beef::");
        acquire(Prefix.L6, "2001:db8:beef::1");
        acquire(Prefix.E6, E6_TAKEN);
        run("createPool", "name", IP_POOL, "kind", "IP", "selector", "never-set", "namespace", ns).ok();
        run("createPool", "name", CHILD_POOL, "kind", "CHILD_PREFIX", "selector", "never-set", "namespace", ns).ok();
    }

    private static void acquire(Prefix prefix, String address) {
        run("acquireIP", "prefix", prefix.cidr, "address", address, "namespace", NAMESPACE, "description", "taken").ok();
    }

    /** Everything observable about the namespaces, prefixes, IPs, their metadata and usage (times aside). */
    static String snapshot() {
        return send(SNAPSHOT, vars("a", "default", "b", NAMESPACE, "c", SCRATCH)).ok().body();
    }

    /**
     * What changed against {@code baseline}, or null; when something changed the baseline state is put
     * back first, so that the next try (and each shrinking step) starts from the known state again.
     */
    static String changes(String baseline) {
        String now = snapshot();
        if (now.equals(baseline)) {
            return null;
        }
        String restored = "restored";
        try {
            restore();
            String after = snapshot();
            if (!after.equals(baseline)) {
                restored = "NOT restored, later tries see a changed fixture:\n" + difference(baseline, after);
            }
        } catch (RuntimeException | AssertionError e) {
            restored = "NOT restored (" + e.getMessage() + ")\n  state now: " + snapshot()
                    + "\n  database sessions:" + sessions();
        }
        return "the request changed the state (" + restored + "):\n" + difference(baseline, now);
    }

    private static String difference(String before, String after) {
        int at = 0;
        while (at < before.length() && at < after.length() && before.charAt(at) == after.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 200);
        return "  before: ..." + before.substring(from, Math.min(before.length(), at + 400)) + "...\n"
                + "  after:  ..." + after.substring(from, Math.min(after.length(), at + 400)) + "...";
    }

    /** Removes whatever hostile requests added and builds the fixture namespace again. */
    static void restore() {
        List<String> names = send("{ namespaces { name } }", Map.of()).ok().list("data.namespaces.name");
        for (String name : names) {
            empty(name);
            for (String pool : run("pools", "namespace", name).ok().list("data.pools.name")) {
                run("deletePool", "name", pool, "namespace", name).ok();
            }
            if (!"default".equals(name)) {
                run("deleteNamespace", "name", name).ok(); // the fixture's too: made anew, its metadata is too
            }
        }
        for (String name : List.of(NAMESPACE, SCRATCH)) {
            run("createNamespace", "name", name).ok();
        }
        populate();
    }

    /** Releases every IP and prefix of a namespace, longest prefixes (children) first. */
    static void empty(String namespace) {
        GraphQL.Result listing = send(LISTING, vars("n", namespace)).ok();
        try {
            emptyAsListed(listing);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  while emptying " + namespace + " as listed: " + listing.body()
                    + "\n  listed again: " + send(LISTING, vars("n", namespace)).body(), e);
        }
    }

    private static void emptyAsListed(GraphQL.Result listing) {
        String namespace = null;
        List<Map<String, Object>> nodes = listing.json().getList("data.prefixes.edges.node");
        nodes.sort(Comparator.comparingInt((Map<String, Object> node) -> length((String) node.get("cidr"))).reversed());
        for (Map<String, Object> node : nodes) {
            String cidr = (String) node.get("cidr");
            namespace = (String) node.get("namespace");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ips = (List<Map<String, Object>>) ((Map<String, Object>) node.get("ips")).get("edges");
            for (Map<String, Object> ip : ips) {
                @SuppressWarnings("unchecked")
                String address = (String) ((Map<String, Object>) ip.get("node")).get("address");
                run("releaseIP", "prefix", cidr, "address", address, "namespace", namespace).ok();
            }
            run("deletePrefix", "cidr", cidr, "namespace", namespace).ok();
        }
    }

    private static int length(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }
}

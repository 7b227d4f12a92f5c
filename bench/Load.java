import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ipamql load generator and report: sends real GraphQL over HTTP/1.1 (keep-alive) from a fixed pool
 * of client threads, runs the pgbench baseline of each scenario against the same PostgreSQL server, and
 * writes the results table. Run by bench/run.sh; by hand: {@code java bench/Load.java --help}.
 * JDK only: a minimal blocking HTTP/1.1 client over sockets (java.net.http's client cost the 2-core machine
 * about a third of a core at 2,500 requests/s, taken from the service it measures), pgbench and psql as
 * child processes.
 */
public class Load {

    // ------------------------------------------------------------------ options

    /** Command-line settings; --quick shrinks every count and duration for a smoke test. */
    static final class Options {
        URI url = URI.create("http://localhost:18080/graphql");
        long servicePid;
        int pgPort = 55433;
        String pgbench = "pgbench";
        String psql = "psql";
        Path examples = Path.of("graphql/examples");
        Path benchDir = Path.of("bench");
        Path out;
        int warmupAll = 30;
        int warmup = 5;
        int duration = 15;
        boolean quick;
        boolean forceIpv6Fill;
        String startupMs = "";
        String firstStartMs = "";
        String serviceJvm = "";
        String startupReferenceMs = "";
        String pgVersion = "";
        /** Comma-separated parts of scenario names; empty: every scenario. */
        String only = "";
        int clients = 16;
        int ipFillLow = 1_000;
        int ipFillHigh = 60_000;
        int ipv6Fill = 1_000_000;
        int childFill = 60_000;
        int latencySamples = 500;
        int smallTreeRoots = 10, smallTreeChildren = 9;
        int treeRoots = 100, treeChildren = 99;
        int treeRepeats = 10;
        int bulkCount = 1000;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = Arrays.asList(args);
            if (a.contains("--help")) {
                System.out.println("java bench/Load.java --url URL --pid SERVICE_PID --pg-port PORT --pgbench PATH --psql PATH"
                        + " --out RESULTS_PREFIX [--quick] [--warmup-all S] [--warmup S] [--duration S] [--force-ipv6-fill]"
                        + " [--startup-ms a,b,c] [--first-start-ms N] [--service-jvm TEXT] [--startup-reference-ms a,b,c]"
                        + " [--only NAMES]");
                System.exit(0);
            }
            if (a.contains("--quick")) {
                // smoke test: every scenario runs, on states about 1/10 of the full size
                o.quick = true;
                o.warmupAll = 5;
                o.warmup = 1;
                o.duration = 3;
                o.ipFillHigh = 5_000;
                o.ipv6Fill = 5_000;
                o.childFill = 2_000;
                o.latencySamples = 100;
                o.treeRoots = 20;
                o.treeChildren = 49;
                o.treeRepeats = 3;
            }
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--quick") || name.equals("--force-ipv6-fill")) {
                    o.forceIpv6Fill |= name.equals("--force-ipv6-fill");
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String v = args[++i];
                switch (name) {
                    case "--url" -> o.url = URI.create(v);
                    case "--pid" -> o.servicePid = Long.parseLong(v);
                    case "--pg-port" -> o.pgPort = Integer.parseInt(v);
                    case "--pgbench" -> o.pgbench = v;
                    case "--psql" -> o.psql = v;
                    case "--examples" -> o.examples = Path.of(v);
                    case "--bench-dir" -> o.benchDir = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--warmup-all" -> o.warmupAll = Integer.parseInt(v);
                    case "--duration" -> o.duration = Integer.parseInt(v);
                    case "--only" -> o.only = v;
                    case "--startup-ms" -> o.startupMs = v;
                    case "--first-start-ms" -> o.firstStartMs = v;
                    case "--service-jvm" -> o.serviceJvm = v;
                    case "--startup-reference-ms" -> o.startupReferenceMs = v;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.out == null) {
                o.out = Path.of("bench/results/" + Instant.now().toString().replace(':', '-').substring(0, 19));
            }
            return o;
        }
    }

    static Options opt;
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static final List<Row> rows = new ArrayList<>();
    static final List<String> notes = new ArrayList<>();
    static String loadAtStart = "";

    public static void main(String[] args) throws Exception {
        opt = Options.parse(args);
        long t0 = System.nanoTime();
        opt.pgVersion = "PostgreSQL " + psql("SHOW server_version").trim();
        loadAtStart = loadAverage();
        log("load generator: %s, warm-up %d s, measured %d s%s", opt.url, opt.warmup, opt.duration,
                opt.quick ? " (--quick)" : "");

        // probes against a namespace that does not exist: they change nothing either way
        boolean bulk = inSchema("acquireIPs", "mutation { acquireIPs(prefix: \"10.0.0.0/8\", count: 1, namespace: \"bench-probe\") { address } }");
        boolean bulkRelease = inSchema("releaseIPs", "mutation { releaseIPs(prefix: \"10.0.0.0/8\", addresses: [\"10.0.0.1\"], namespace: \"bench-probe\") { address } }");

        guarded("warm-up", () -> warmUp());
        Baselines base = new Baselines();
        guarded("GraphQL floor", () -> graphqlFloor());
        guarded("acquireIP serial", () -> acquireIpSerial());
        guarded("acquireIP 16 clients, 16 prefixes", () -> acquireIpSpread());
        guarded("acquireIP 16 clients, one prefix", () -> acquireIpHot());
        guarded("acquireChildPrefix serial", () -> childSerial());
        guarded("acquireChildPrefix 16 clients", () -> childConcurrent());
        guarded("createPrefix serial", () -> createPrefixSerial());
        guarded("pgbench baselines", () -> base.run());
        base.attach();
        guarded("fill level IPv4", () -> fillLevelIpv4(bulk));
        guarded("fill level IPv6", () -> fillLevelIpv6(bulk));
        guarded("fill level children", () -> fillLevelChildren());
        guarded("tree query", () -> treeQuery());
        guarded("bulk", () -> bulkScenarios(bulk, bulkRelease));
        memoryRow();
        startupRow();

        double minutes = (System.nanoTime() - t0) / 60e9;
        notes.add(String.format(Locale.ROOT, "load generator wall time %.1f min", minutes));
        report();
    }

    // ------------------------------------------------------------------ scenarios

    static final String ACQUIRE_IP = "acquireIP.graphql", ACQUIRE_CHILD = "acquireChildPrefix.graphql",
            CREATE_PREFIX = "createPrefix.graphql", CREATE_NAMESPACE = "createNamespace.graphql", TREE = "tree.graphql";

    /** Mixed traffic on every scenario's code path, discarded: JIT-compiles the service (and this client) first. */
    static void warmUp() throws Exception {
        String ns = "warm-up";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "11.0.0.0/12", "namespace", ns));
        buildTree("warm-up-tree", opt.smallTreeRoots, opt.smallTreeChildren);
        String ip = body(ACQUIRE_IP, vars("prefix", "11.0.0.0/12", "namespace", ns));
        String child = body(ACQUIRE_CHILD, vars("parent", "10.0.0.0/8", "length", 24, "namespace", ns));
        String tree = body(TREE, vars("name", "warm-up-tree"));
        AtomicInteger n = new AtomicInteger();
        int saved = opt.warmup;
        opt.warmup = 0;
        try {
            throughput("warm-up, discarded: acquireIP, acquireChildPrefix, createPrefix, tree.graphql", opt.clients, c -> {
                int i = n.getAndIncrement();
                return switch (i % 16) {
                    case 0 -> call(tree);
                    case 1, 2, 3, 4, 5 -> call(child);
                    // /24 roots from 12.0.0.0 upwards, never overlapping the two above
                    case 6, 7, 8 -> call(body(CREATE_PREFIX, vars("cidr", ipv4((12L << 24) + i * 256L) + "/24", "namespace", ns)));
                    default -> call(ip);
                };
            }, false, opt.warmupAll);
        } finally {
            opt.warmup = saved;
        }
    }

    /**
     * The cheapest request the service answers, {@code { __typename }} (HTTP, the request guard, GraphQL
     * parse, validation and execution, no database): the ceiling of any GraphQL operation on this machine,
     * shown against the pgbench figures the acquireIP targets are set against.
     */
    static void graphqlFloor() throws Exception {
        String body = "{\"query\":\"{ __typename }\"}";
        add(throughput("GraphQL floor: { __typename }, serial (no database)", 1, c -> call(body), false)
                .target("report (vs pgbench serial)", "serial", 0));
        add(throughput("GraphQL floor: { __typename }, 16 clients (no database)", opt.clients, c -> call(body), false)
                .target("report (vs pgbench 16 clients, 16 rows)", "spread", 0));
    }

    static Row acquireIpSerial() throws Exception {
        namespace("s-ip-serial");
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", "s-ip-serial"));
        String body = body(ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", "s-ip-serial"));
        return add(throughput("acquireIP serial (1 client, /12)", 1, c -> call(body), false)
                .target("≥ 0.5 × pgbench serial", "serial", 0.5));
    }

    static Row acquireIpSpread() throws Exception {
        namespace("s-ip-spread");
        String[] bodies = new String[opt.clients];
        for (int c = 0; c < opt.clients; c++) {
            // client c owns 10.c.0.0/16: no two clients ever lock the same prefix
            must(CREATE_PREFIX, vars("cidr", "10." + c + ".0.0/16", "namespace", "s-ip-spread"));
            bodies[c] = body(ACQUIRE_IP, vars("prefix", "10." + c + ".0.0/16", "namespace", "s-ip-spread"));
        }
        return add(throughput("acquireIP 16 clients, 16 prefixes (/16 each)", opt.clients, c -> call(bodies[c]), true)
                .target("≥ 0.6 × pgbench 16 clients, 16 rows", "spread", 0.6));
    }

    static Row acquireIpHot() throws Exception {
        namespace("s-ip-hot");
        // a /12 (1M addresses) cannot run out at a few thousand acquisitions per second
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", "s-ip-hot"));
        String body = body(ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", "s-ip-hot"));
        return add(throughput("acquireIP 16 clients, one prefix (/12)", opt.clients, c -> call(body), true)
                .target("≥ 1.5 × pgbench 16 clients, one row", "hot", 1.5));
    }

    static Row childSerial() throws Exception {
        namespace("s-child-serial");
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", "s-child-serial"));
        String body = body(ACQUIRE_CHILD, vars("parent", "10.0.0.0/8", "length", 24, "namespace", "s-child-serial"));
        return add(throughput("acquireChildPrefix /24 from a /8, serial", 1, c -> call(body), false)
                .target("report (vs pgbench serial)", "serial", 0));
    }

    static Row childConcurrent() throws Exception {
        namespace("s-child-16");
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", "s-child-16"));
        String body = body(ACQUIRE_CHILD, vars("parent", "10.0.0.0/8", "length", 24, "namespace", "s-child-16"));
        return add(throughput("acquireChildPrefix /24 from one /8, 16 clients", opt.clients, c -> call(body), true)
                .targetOps("≥ 600 ops/s (vs pgbench 16 clients, one row)", "hot", 600));
    }

    static Row createPrefixSerial() throws Exception {
        namespace("s-create");
        AtomicInteger next = new AtomicInteger();
        // successive /24 roots from 10.0.0.0 upwards: each call creates a new, non-overlapping root
        return add(throughput("createPrefix /24 roots, serial", 1, c -> {
            int i = next.getAndIncrement();
            return call(body(CREATE_PREFIX, vars("cidr", ipv4((10 << 24) + i * 256) + "/24", "namespace", "s-create")));
        }, false).targetOps("≥ 500 ops/s (vs pgbench serial)", "serial", 500));
    }

    /** Acquire latency in a /16 holding 1,000 vs 60,000 IPs, samples alternating between the two. */
    static void fillLevelIpv4(boolean bulk) throws Exception {
        String ns = "f-ip4";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/16", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "10.1.0.0/16", "namespace", ns));
        fillIps(ns, "10.0.0.0/16", opt.ipFillLow, bulk);
        fillIps(ns, "10.1.0.0/16", opt.ipFillHigh, bulk);
        Stats[] s = alternate(body(ACQUIRE_IP, vars("prefix", "10.0.0.0/16", "namespace", ns)),
                body(ACQUIRE_IP, vars("prefix", "10.1.0.0/16", "namespace", ns)));
        add(Row.latency(String.format("acquireIP latency, /16 holding %,d IPs", opt.ipFillLow), s[0]).report("baseline of the next row"));
        add(Row.latency(String.format("acquireIP latency, /16 holding %,d IPs", opt.ipFillHigh), s[1])
                .fillRatio(s[0], String.format("p50 ≤ 1.5 × the %,d-IP figure", opt.ipFillLow), 1.5, true));
    }

    /** Acquire latency in an IPv6 /64 holding 1,000,000 IPs vs an empty one. */
    static void fillLevelIpv6(boolean bulk) throws Exception {
        String ns = "f-ip6";
        String full = "2001:db8:0:1::/64", empty = "2001:db8:0:2::/64";
        String label = String.format("acquireIP latency, IPv6 /64 holding %,d IPs", opt.ipv6Fill);
        if (!bulk && !opt.forceIpv6Fill && opt.ipv6Fill > 100_000) {
            // a million single acquireIP calls would take most of an hour on 2 cores
            add(Row.skipped(label, "skipped: acquireIPs not in schema (--force-ipv6-fill fills with acquireIP)"));
            return;
        }
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", full, "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", empty, "namespace", ns));
        fillIps(ns, full, opt.ipv6Fill, bulk);
        Stats[] s = alternate(body(ACQUIRE_IP, vars("prefix", empty, "namespace", ns)),
                body(ACQUIRE_IP, vars("prefix", full, "namespace", ns)));
        add(Row.latency("acquireIP latency, IPv6 /64 empty", s[0]).report("baseline of the next row"));
        add(Row.latency(label, s[1]).fillRatio(s[0], "p50 ≤ 1.5 × the empty /64 figure", 1.5, true));
    }

    /** Child acquisition latency in a /8 holding 60,000 /24 children vs an empty /8. */
    static void fillLevelChildren() throws Exception {
        String ns = "f-child";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "11.0.0.0/8", "namespace", ns));
        String fill = body(ACQUIRE_CHILD, vars("parent", "10.0.0.0/8", "length", 24, "namespace", ns));
        fill(String.format("%,d /24 children in 10.0.0.0/8", opt.childFill), opt.childFill, opt.clients, 1, () -> call(fill));
        Stats[] s = alternate(body(ACQUIRE_CHILD, vars("parent", "11.0.0.0/8", "length", 24, "namespace", ns)),
                body(ACQUIRE_CHILD, vars("parent", "10.0.0.0/8", "length", 24, "namespace", ns)));
        add(Row.latency("acquireChildPrefix latency, /8 empty", s[0]).report("baseline of the next row"));
        add(Row.latency(String.format("acquireChildPrefix latency, /8 holding %,d /24s", opt.childFill), s[1])
                .fillRatio(s[0], "p50 ≤ 1.5 × the empty /8 figure (report)", 1.5, true));
    }

    /** tree.graphql over a small and a large namespace: latency and SQL statements per query. */
    static void treeQuery() throws Exception {
        int small = buildTree("t-small", opt.smallTreeRoots, opt.smallTreeChildren);
        int large = buildTree("t-large", opt.treeRoots, opt.treeChildren);
        psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        Tree s = measureTree("t-small", small);
        Tree l = measureTree("t-large", large);
        add(Row.latency(String.format("tree.graphql, %,d prefixes", small), s.stats)
                .report(s.statements + " SQL statements, " + kb(s.bytes) + " response"));
        Row big = Row.latency(String.format("tree.graphql, %,d prefixes", large), l.stats);
        big.note = l.statements + " SQL statements (vs " + s.statements + " for " + small + "), " + kb(l.bytes) + " response";
        big.target = "< 500 ms, statements constant";
        big.pass = l.stats.p50 < 500 && l.statements == s.statements && l.statements > 0;
        add(big);
        // the same tree once every leaf holds an address: a leaf's first page of IPs is then loaded, not known
        // from its row (children i of root r is 10.r.i.0/24, acquired lowest first)
        int leaves = opt.treeRoots * opt.treeChildren;
        AtomicInteger leaf = new AtomicInteger();
        fill(String.format("tree t-large: one IP in each of its %,d children", leaves), leaves, opt.clients, 1, () -> {
            int i = leaf.getAndIncrement();
            String child = "10." + (i % opt.treeRoots) + "." + (i / opt.treeRoots) + ".0/24";
            return call(body(ACQUIRE_IP, vars("prefix", child, "namespace", "t-large")));
        });
        Tree withIps = measureTree("t-large", large);
        add(Row.latency(String.format("tree.graphql, %,d prefixes, an IP in every leaf", large), withIps.stats)
                .report(withIps.statements + " SQL statements, " + kb(withIps.bytes) + " response"));
    }

    /** acquireIPs (count 1000 per call) then releaseIPs of the same addresses, serial, as IPs/s. */
    static void bulkScenarios(boolean bulk, boolean bulkRelease) throws Exception {
        if (!bulk) {
            add(Row.skipped("acquireIPs ×" + opt.bulkCount + " per call, serial", "skipped: not in schema"));
            add(Row.skipped("releaseIPs ×" + opt.bulkCount + " per call, serial",
                    "skipped: " + (bulkRelease ? "needs acquireIPs, which is not in schema" : "not in schema")));
            return;
        }
        String ns = "b-bulk";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        String acquire = body("acquireIPs", vars("prefix", "10.0.0.0/8", "count", opt.bulkCount, "namespace", ns));
        ConcurrentLinkedQueue<List<Object>> acquired = new ConcurrentLinkedQueue<>();
        Row a = throughput("acquireIPs ×" + opt.bulkCount + " per call, serial (/8)", 1, c -> {
            Reply r = call(acquire);
            if (r.ok()) {
                acquired.add(addresses(r, "acquireIPs"));
            }
            return r;
        }, false);
        add(a.perCall(opt.bulkCount).report("IPs/s; p50/p99 per call of " + opt.bulkCount));
        if (!bulkRelease) {
            add(Row.skipped("releaseIPs ×" + opt.bulkCount + " per call, serial", "skipped: not in schema"));
            return;
        }
        Row r = throughput("releaseIPs ×" + opt.bulkCount + " per call, serial", 1, c -> {
            List<Object> batch = acquired.poll();
            return batch == null ? null
                    : call(body("releaseIPs", vars("prefix", "10.0.0.0/8", "addresses", batch, "namespace", ns)));
        }, false);
        add(r.perCall(opt.bulkCount).report("IPs/s; p50/p99 per call of " + opt.bulkCount));
    }

    // ------------------------------------------------------------------ states

    /** Fills a prefix with n IPs through the API: acquireIPs 1000 per call, else acquireIP from 16 clients. */
    static void fillIps(String ns, String prefix, int n, boolean bulk) throws Exception {
        String what = String.format("%,d IPs in %s", n, prefix);
        if (bulk) {
            AtomicInteger left = new AtomicInteger(n);
            // callers on one prefix queue on its row lock; 2 keep the database busy between calls
            fill(what, (n + opt.bulkCount - 1) / opt.bulkCount, 2, 0, () -> {
                int take = Math.min(opt.bulkCount, left.getAndAdd(-opt.bulkCount));
                return call(body("acquireIPs", vars("prefix", prefix, "count", take, "namespace", ns)));
            });
            return;
        }
        String one = body(ACQUIRE_IP, vars("prefix", prefix, "namespace", ns));
        fill(what, n, opt.clients, 1, () -> call(one));
    }

    /** Runs `calls` calls from `threads` threads, failing on the first error, with progress every 10 s. */
    static void fill(String what, int calls, int threads, int perCall, Call call) throws Exception {
        log("fill: %s ...", what);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("fill"));
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (next.getAndIncrement() < calls) {
                    Reply r = call.run();
                    if (!r.ok()) {
                        throw new IllegalStateException("fill " + what + " failed: " + r.shortBody());
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        pool.shutdown();
        while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            log("  %,d / %,d calls (%.0f s)", done.get(), calls, (System.nanoTime() - start) / 1e9);
        }
        for (Future<?> f : futures) {
            f.get();
        }
        Connection.closeIdle();
        double s = (System.nanoTime() - start) / 1e9;
        log("  filled %s in %.1f s (%.0f calls/s)", what, s, calls / s);
        notes.add(String.format(Locale.ROOT, "fill: %s with %,d calls from %d threads in %.1f s (%.0f calls/s)", what, calls, threads, s, calls / s));
    }

    /** A namespace of `roots` /16 roots with `children` /24 children each; returns the number of prefixes. */
    static int buildTree(String ns, int roots, int children) throws Exception {
        namespace(ns);
        for (int r = 0; r < roots; r++) {
            must(CREATE_PREFIX, vars("cidr", "10." + r + ".0.0/16", "namespace", ns));
        }
        AtomicInteger next = new AtomicInteger();
        // call i acquires a child of root i % roots: concurrent callers mostly lock different roots
        fill(String.format("tree %s: %d roots × %d children", ns, roots, children), roots * children, opt.clients, 1, () -> {
            int i = next.getAndIncrement();
            return call(body(ACQUIRE_CHILD, vars("parent", "10." + (i % roots) + ".0.0/16", "length", 24, "namespace", ns)));
        });
        return roots + roots * children;
    }

    record Tree(Stats stats, long statements, int bytes) { }

    static Tree measureTree(String ns, int expected) throws Exception {
        String body = body(TREE, vars("name", ns));
        Reply first = call(body);
        int seen = countPrefixes(first);
        if (!first.ok() || seen != expected) {
            throw new IllegalStateException("tree " + ns + ": expected " + expected + " prefixes, got " + seen + ": " + first.shortBody());
        }
        // statements of exactly one query: reset, run, sum (the counting statements mention pg_stat_statements)
        psql("SELECT pg_stat_statements_reset()");
        Reply counted = call(body);
        long statements = Long.parseLong(psql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                + "WHERE d.datname = 'postgres' AND s.query NOT ILIKE '%pg_stat_statements%'").trim());
        if (!counted.ok()) {
            throw new IllegalStateException("tree " + ns + " failed: " + counted.shortBody());
        }
        LongList lat = new LongList();
        long until = System.nanoTime() + 30_000_000_000L;
        // treeRepeats samples, fewer (at least 3) if the query is so slow that they would take over 30 s
        for (int i = 0; i < opt.treeRepeats && (i < 3 || System.nanoTime() < until); i++) {
            Reply r = call(body);
            if (!r.ok()) {
                throw new IllegalStateException("tree " + ns + " failed: " + r.shortBody());
            }
            lat.add(r.nanos);
        }
        return new Tree(Stats.of(lat, 0), statements, first.body.length());
    }

    @SuppressWarnings("unchecked")
    static int countPrefixes(Reply r) {
        Object edges = Json.path(Json.parse(r.body), "data.namespace.prefixes.edges");
        if (!(edges instanceof List)) {
            return -1;
        }
        int n = 0;
        for (Object e : (List<Object>) edges) {
            n += 1 + ((List<Object>) Json.path(e, "node.children")).size();
        }
        return n;
    }

    /** Serial calls alternating between two bodies (drift hits both alike); returns the two latency sets. */
    static Stats[] alternate(String a, String b) throws Exception {
        LongList la = new LongList(), lb = new LongList();
        int errorsA = 0, errorsB = 0;
        for (int i = 0; i < opt.latencySamples + 20; i++) {
            Reply ra = call(a), rb = call(b);
            for (Reply r : List.of(ra, rb)) {
                if (!r.ok() && errorsA + errorsB == 0) {
                    log("  first error: %s", r.shortBody());
                }
            }
            errorsA += ra.ok() ? 0 : 1;
            errorsB += rb.ok() ? 0 : 1;
            // the first 20 pairs warm the code path up and are not recorded
            if (i >= 20) {
                if (ra.ok()) la.add(ra.nanos);
                if (rb.ok()) lb.add(rb.nanos);
            }
        }
        return new Stats[] {Stats.of(la, errorsA), Stats.of(lb, errorsB)};
    }

    // ------------------------------------------------------------------ throughput

    interface Work {
        /** One request of client c, or null when there is no work left. */
        Reply next(int c) throws Exception;
    }

    interface Call {
        Reply run() throws Exception;
    }

    static long rssMaxKb, hwmKb;

    /** Warm-up then a measured window; only calls that start and end inside the window count. */
    static Row throughput(String name, int clients, Work work, boolean sampleMemory) throws Exception {
        return throughput(name, clients, work, sampleMemory, opt.duration);
    }

    static Row throughput(String name, int clients, Work work, boolean sampleMemory, int seconds) throws Exception {
        log("run: %s ...", name);
        long start = System.nanoTime();
        long measureStart = start + opt.warmup * 1_000_000_000L;
        long measureEnd = measureStart + seconds * 1_000_000_000L;
        LongList[] latencies = new LongList[clients];
        LongAdder errors = new LongAdder();
        AtomicLong lastExit = new AtomicLong();
        Map<String, LongAdder> codes = new ConcurrentHashMap<>();
        List<String> samples = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemon("client"));
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new LongList();
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < measureEnd) {
                    Reply r;
                    try {
                        r = work.next(client);
                    } catch (IOException e) {
                        r = new Reply(0, "IO: " + e, 0);
                    }
                    if (r == null) {
                        break;
                    }
                    long end = System.nanoTime();
                    if (r.ok()) {
                        if (end - r.nanos >= measureStart && end <= measureEnd) {
                            latencies[client].add(r.nanos);
                        }
                    } else {
                        errors.increment();
                        codes.computeIfAbsent(r.code(), k -> new LongAdder()).increment();
                        synchronized (samples) {
                            if (samples.size() < 3) samples.add(r.shortBody());
                        }
                    }
                }
                lastExit.accumulateAndGet(System.nanoTime(), Math::max);
                return null;
            }));
        }
        pool.shutdown();
        sleepUntil(measureStart);
        Cpu cpu0 = Cpu.now();
        long rssMax = 0;
        // sample the service's resident memory during the measured window of the 16-client runs
        while (!pool.awaitTermination(Math.max(1, Math.min(250, (measureEnd - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)
                && System.nanoTime() < measureEnd) {
            if (sampleMemory) {
                rssMax = Math.max(rssMax, procStatusKb("VmRSS"));
            }
        }
        Cpu used = Cpu.now().since(cpu0);
        pool.awaitTermination(5, TimeUnit.MINUTES);
        Connection.closeIdle();
        for (Future<?> f : futures) {
            f.get();
        }
        // a run whose work ran out early (release of what was acquired) is measured up to its last call
        long end = Math.min(measureEnd, Math.max(lastExit.get(), measureStart + 1));
        LongList all = new LongList();
        for (LongList l : latencies) {
            all.addAll(l);
        }
        Row row = new Row(name);
        row.clients = clients;
        row.stats = Stats.of(all, errors.intValue());
        row.ops = all.size / ((end - measureStart) / 1e9);
        row.errors = errors.intValue();
        row.cpu = used;
        if (!codes.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            codes.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" ×").append(v.sum()));
            row.note = "errors: " + sb;
            notes.add(name + ": errors " + sb + "; e.g. " + samples);
        }
        if (sampleMemory) {
            row.rssKb = rssMax;
            rssMaxKb = Math.max(rssMaxKb, rssMax);
            hwmKb = procStatusKb("VmHWM");
        }
        log("  %.0f ops/s, p50 %.2f ms, p99 %.2f ms, %d errors, CPU cores client/service/PG/other %s",
                row.ops, row.stats.p50, row.stats.p99, row.errors, used);
        return row;
    }

    // ------------------------------------------------------------------ pgbench

    /** The three pgbench figures of a minimal durable allocation (UPDATE + INSERT), fsync on. */
    static final class Baselines {
        final Map<String, Row> rows = new LinkedHashMap<>();

        void run() throws Exception {
            psql("DROP DATABASE IF EXISTS bench_pg");
            psql("CREATE DATABASE bench_pg");
            psqlFile("bench_pg", opt.benchDir.resolve("pgbench/setup.sql"));
            rows.put("serial", pgbench("pgbench 1 client (own row)", "own_row.sql", 1, 1));
            rows.put("spread", pgbench("pgbench 16 clients, 16 rows", "own_row.sql", opt.clients, 2));
            rows.put("hot", pgbench("pgbench 16 clients, one row", "hot_row.sql", opt.clients, 2));
            Load.rows.addAll(rows.values());
        }

        /** Puts each service row's baseline and ratio next to it. */
        void attach() {
            for (Row r : Load.rows) {
                Row b = rows.get(r.baselineKey);
                if (b != null && r.baselineKey != null && !r.isBaseline) {
                    r.baseline = b;
                }
                if (r.baselineKey != null && !r.isBaseline) {
                    r.evaluate();
                }
            }
        }
    }

    static Row pgbench(String name, String script, int clients, int threads) throws Exception {
        log("run: %s ...", name);
        Path dir = Files.createTempDirectory("pgbench");
        Path file = opt.benchDir.resolve("pgbench").resolve(script).toAbsolutePath();
        // warm-up run, discarded; then the measured run with a per-transaction log for the percentiles
        exec(List.of(opt.pgbench, "-n", "-h", "localhost", "-p", "" + opt.pgPort, "-U", "postgres", "-c", "" + clients,
                "-j", "" + threads, "-T", "" + Math.max(1, opt.warmup), "-f", file.toString(), "bench_pg"), dir);
        Cpu before = Cpu.now();
        String out = exec(List.of(opt.pgbench, "-n", "-h", "localhost", "-p", "" + opt.pgPort, "-U", "postgres", "-c", "" + clients,
                "-j", "" + threads, "-T", "" + opt.duration, "-l", "--log-prefix=" + dir.resolve("tx"), "-f", file.toString(),
                "bench_pg"), dir);
        Cpu used = Cpu.now().since(before);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench output: " + out);
        }
        LongList lat = new LongList();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("tx")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    // client_id transaction_no time(us) script_no time_epoch time_us
                    lat.add(Long.parseLong(line.split(" ")[2]) * 1000);
                }
            }
        }
        Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
        Row row = new Row(name);
        row.isBaseline = true;
        row.clients = clients;
        row.ops = Double.parseDouble(tps.group(1));
        row.stats = Stats.of(lat, 0);
        row.errors = failed.find() ? Integer.parseInt(failed.group(1)) : 0;
        row.target = "baseline: BEGIN; UPDATE; INSERT; END";
        // pgbench is this process's child: its CPU is the client's; the service idles
        row.cpu = new Cpu(used.children, 0, used.pg, used.machine, 0, used.wall);
        log("  %.0f tps, p50 %.2f ms, p99 %.2f ms", row.ops, row.stats.p50, row.stats.p99);
        deleteTree(dir);
        return row;
    }

    // ------------------------------------------------------------------ report

    /** One line of the results table. */
    static final class Row {
        final String scenario;
        int clients;
        double ops = Double.NaN;
        Stats stats;
        int errors;
        Cpu cpu;
        long rssKb;
        boolean isBaseline;
        String baselineKey;
        Row baseline;
        double ratio = Double.NaN;
        double factor;
        double minOps;
        String target = "";
        Boolean pass;
        String note = "";
        int perCall = 1;

        Row(String scenario) {
            this.scenario = scenario;
        }

        static Row latency(String scenario, Stats s) {
            Row r = new Row(scenario);
            r.clients = 1;
            r.stats = s;
            r.errors = s.errors;
            return r;
        }

        static Row skipped(String scenario, String why) {
            Row r = new Row(scenario);
            r.note = why;
            r.target = "";
            return r;
        }

        Row report(String why) {
            note = note.isEmpty() ? why : why + "; " + note;
            target = target.isEmpty() ? "report" : target;
            return this;
        }

        /** Service ops/s must reach factor × the baseline's tps (0: ratio shown, no target). */
        Row target(String text, String key, double factor) {
            this.target = text;
            this.baselineKey = key;
            this.factor = factor;
            return this;
        }

        /** Absolute throughput target; the baseline's ratio is shown for information. */
        Row targetOps(String text, String key, double minOps) {
            this.target = text;
            this.baselineKey = key;
            this.minOps = minOps;
            return this;
        }

        Row fillRatio(Stats empty, String text, double max, boolean judged) {
            ratio = stats.p50 / empty.p50;
            target = text;
            pass = judged ? ratio <= max : null;
            return this;
        }

        Row perCall(int n) {
            perCall = n;
            ops *= n;
            return this;
        }

        void evaluate() {
            if (baseline != null) {
                ratio = ops / baseline.ops;
                note = (note.isEmpty() ? "" : note + "; ") + "vs " + baseline.scenario;
            }
            if (minOps > 0) {
                pass = ops >= minOps;
            } else if (factor > 0) {
                pass = baseline != null && ratio >= factor;
            }
        }
    }

    static Row add(Row r) {
        rows.add(r);
        return r;
    }

    static void memoryRow() {
        Row r = new Row("service resident memory under 16-client load");
        r.note = String.format("max VmRSS %d MB during the 16-client runs; VmHWM %d MB (peak since start)", rssMaxKb / 1024, hwmKb / 1024);
        r.target = "< 300 MB";
        r.pass = rssMaxKb > 0 ? rssMaxKb < 300 * 1024 : null;
        r.rssKb = rssMaxKb;
        add(r);
    }

    static void startupRow() {
        Row r = new Row("start-up: process start to /q/health/ready UP");
        if (opt.startupMs.isBlank()) {
            r.note = "not measured";
            add(r);
            return;
        }
        double mean = mean(opt.startupMs);
        r.note = String.format(Locale.ROOT, "mean %.0f ms of launches against the migrated database: %s ms (%s)", mean,
                opt.startupMs, opt.serviceJvm.isBlank() ? "JVM on PATH" : opt.serviceJvm)
                + (opt.firstStartMs.isBlank() ? "" : "; first launch (runs the migrations, fast-jar) " + opt.firstStartMs + " ms");
        r.target = "< 2 s (mean)";
        r.pass = mean < 2000;
        add(r);
        if (!opt.startupReferenceMs.isBlank()) {
            Row reference = new Row("start-up without AOT cache (JDK on PATH, fast-jar), for reference");
            reference.note = String.format(Locale.ROOT, "mean %.0f ms: %s ms", mean(opt.startupReferenceMs), opt.startupReferenceMs);
            add(reference);
        }
    }

    static double mean(String commaSeparatedMs) {
        return Arrays.stream(commaSeparatedMs.split(",")).mapToLong(Long::parseLong).average().orElse(Double.NaN);
    }

    static void report() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ipamql benchmark, ").append(Instant.now().toString(), 0, 19).append("Z\n\n");
        md.append(String.format(Locale.ROOT, "%d cores, service on %s, %s, pgbench %s; JVM mode; warm-up %d s, measured %d s per throughput row%s.%n",
                Runtime.getRuntime().availableProcessors(), opt.serviceJvm.isBlank() ? "the JVM on PATH" : opt.serviceJvm,
                opt.pgVersion.isBlank() ? "PostgreSQL" : opt.pgVersion, exec(List.of(opt.pgbench, "--version"), null).trim()
                        .replace("pgbench (PostgreSQL) ", ""), opt.warmup, opt.duration, opt.quick ? " (--quick: small states)" : ""));
        md.append("The service, PostgreSQL (fsync and synchronous_commit on), pgbench and the load generator share these cores; ");
        md.append("machine load average (1, 5, 15 min) ").append(loadAtStart).append(" at the start, ").append(loadAverage()).append(" at the end.\n\n");
        md.append("| scenario | ops/s | p50 ms | p99 ms | errors | CPU cores client/service/PG/other | pgbench tps of equivalent SQL | ratio | target | result | notes |\n");
        md.append("|---|---:|---:|---:|---:|---|---|---:|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.scenario)
                    .append(" | ").append(Double.isNaN(r.ops) ? "—" : fmt(r.ops, 0) + (r.perCall > 1 ? " IPs/s" : ""))
                    .append(" | ").append(r.stats == null ? "—" : fmt(r.stats.p50, r.stats.p50 < 10 ? 2 : 0))
                    .append(" | ").append(r.stats == null ? "—" : fmt(r.stats.p99, r.stats.p99 < 10 ? 2 : 0))
                    .append(" | ").append(r.stats == null && Double.isNaN(r.ops) ? "—" : r.errors)
                    .append(" | ").append(r.cpu == null ? "—" : r.cpu.toString())
                    .append(" | ").append(r.baseline == null ? "—" : fmt(r.baseline.ops, 0) + " (" + r.baseline.scenario.replace("pgbench ", "") + ")")
                    .append(" | ").append(Double.isNaN(r.ratio) ? "—" : fmt(r.ratio, 2) + "×")
                    .append(" | ").append(r.target)
                    .append(" | ").append(r.pass == null ? "—" : r.pass ? "pass" : "**miss**")
                    .append(" | ").append(r.note).append(" |\n");
        }
        md.append("\nCPU cores over the measured window: client = the load generator's own process (for pgbench rows: pgbench), service = the service process, ");
        md.append("PG = the PostgreSQL server and its backends, other = everything else on the machine (other users' work disturbs the figures). ");
        md.append("ratio: ops/s over the pgbench tps for throughput rows, p50 over the baseline row's p50 for fill-level rows.\n");
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        Files.createDirectories(opt.out.toAbsolutePath().getParent());
        Path mdFile = Path.of(opt.out + ".md"), jsonFile = Path.of(opt.out + ".json");
        Files.writeString(mdFile, md.toString());
        Files.writeString(jsonFile, json() + "\n");
        System.out.println();
        System.out.println(md);
        System.out.println("results: " + mdFile + " and " + jsonFile);
    }

    static String json() {
        List<Object> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", r.scenario);
            m.put("clients", r.clients);
            m.put("opsPerSecond", num(r.ops));
            m.put("unit", r.perCall > 1 ? "IPs/s" : "ops/s");
            m.put("p50Ms", r.stats == null ? null : num(r.stats.p50));
            m.put("p99Ms", r.stats == null ? null : num(r.stats.p99));
            m.put("meanMs", r.stats == null ? null : num(r.stats.mean));
            m.put("samples", r.stats == null ? null : r.stats.n);
            m.put("errors", r.errors);
            m.put("cpuCores", r.cpu == null ? null : r.cpu.json());
            m.put("serviceRssKb", r.rssKb == 0 ? null : r.rssKb);
            m.put("baseline", r.baseline == null ? null : r.baseline.scenario);
            m.put("baselineTps", r.baseline == null ? null : num(r.baseline.ops));
            m.put("ratio", num(r.ratio));
            m.put("target", r.target);
            m.put("pass", r.pass);
            m.put("notes", r.note);
            list.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", Instant.now().toString());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("java", System.getProperty("java.version"));
        doc.put("serviceJvm", opt.serviceJvm);
        doc.put("postgres", opt.pgVersion);
        doc.put("quick", opt.quick);
        doc.put("loadAverageAtStart", loadAtStart);
        doc.put("warmupSeconds", opt.warmup);
        doc.put("durationSeconds", opt.duration);
        doc.put("rows", list);
        doc.put("notes", notes);
        return Json.write(doc);
    }

    static Object num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : Math.round(d * 1000) / 1000.0;
    }

    static String fmt(double d, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", d);
    }

    static String kb(int bytes) {
        return String.format(Locale.ROOT, "%,d kB", bytes / 1024);
    }

    // ------------------------------------------------------------------ GraphQL over HTTP

    /** An HTTP reply: status, body, and the call's latency. */
    record Reply(int status, String body, long nanos) {
        boolean ok() {
            return status == 200 && body.startsWith("{\"data\"") && !body.contains("\"errors\"");
        }

        String code() {
            Matcher m = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
            return m.find() ? m.group(1) : status == 200 ? "UNKNOWN" : "HTTP " + status;
        }

        String shortBody() {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }

    static final Map<String, String> documents = new ConcurrentHashMap<>();

    /** A request body: the operation's document (graphql/examples, else bench/graphql) and its variables. */
    static String body(String operation, Map<String, Object> variables) {
        String doc = documents.computeIfAbsent(operation, op -> {
            String file = op.endsWith(".graphql") ? op : op + ".graphql";
            Path p = opt.benchDir.resolve("graphql").resolve(file);
            try {
                // the repository's own example operation when there is one, else the bench's copy
                return Json.write(Files.readString(Files.exists(opt.examples.resolve(file)) ? opt.examples.resolve(file) : p));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return "{\"query\":" + doc + ",\"variables\":" + Json.write(variables) + "}";
    }

    static Reply call(String body) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Connection connection = Connection.take();
        Reply reply = connection.post(body, t0);
        connection.release();
        return reply;
    }

    /**
     * One kept-alive HTTP/1.1 connection to the service, used by one client thread at a time: a request is
     * written with one system call when it fits 16 kB, the answer read by Content-Length or chunked transfer
     * encoding. Idle connections wait in a pool, emptied after each scenario ({@link #closeIdle}), so a
     * scenario's warm-up opens the connections it measures with. A connection that fails is closed (the call
     * counts as an error), never retried: a mutation must not run twice.
     */
    static final class Connection {
        private static final ConcurrentLinkedQueue<Connection> IDLE = new ConcurrentLinkedQueue<>();
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean open = true;

        private Connection() throws IOException {
            if (!"http".equals(opt.url.getScheme())) {
                throw new IOException("only http:// URLs are supported, not " + opt.url);
            }
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Duration.ofMinutes(5).toMillis());
            int port = opt.url.getPort() < 0 ? 80 : opt.url.getPort();
            socket.connect(new InetSocketAddress(opt.url.getHost(), port), (int) Duration.ofSeconds(10).toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        /** Closes the idle connections (the service may close idle ones too: never reuse them across scenarios). */
        static void closeIdle() {
            for (Connection idle = IDLE.poll(); idle != null; idle = IDLE.poll()) {
                try {
                    idle.socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        static Connection take() throws IOException {
            Connection idle = IDLE.poll();
            return idle != null ? idle : new Connection();
        }

        void release() {
            if (open) {
                IDLE.add(this);
            }
        }

        Reply post(String body, long t0) throws IOException {
            try {
                byte[] content = body.getBytes(StandardCharsets.UTF_8);
                String path = opt.url.getRawPath() == null || opt.url.getRawPath().isEmpty() ? "/" : opt.url.getRawPath();
                String head = "POST " + path + " HTTP/1.1\r\nHost: " + opt.url.getRawAuthority()
                        + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "
                        + content.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                String status = line();
                if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                    throw new IOException("not an HTTP/1.1 status line: " + status);
                }
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> length = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> open &= Arrays.stream(value.split(",")).noneMatch(t -> t.trim().equalsIgnoreCase("close"));
                        default -> { }
                    }
                }
                ByteArrayOutputStream answer = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
                if (chunked) {
                    for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                         size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                        copy(size, answer);
                        line();
                    }
                    while (!line().isEmpty()) {
                        // trailers
                    }
                } else if (length >= 0) {
                    copy(length, answer);
                } else if (code == 204 || code == 304 || code / 100 == 1) {
                    // no body
                } else {
                    throw new IOException("an answer without Content-Length or chunked encoding");
                }
                if (!open) {
                    socket.close();
                }
                return new Reply(code, answer.toString(StandardCharsets.UTF_8), System.nanoTime() - t0);
            } catch (IOException | RuntimeException e) {
                open = false;
                socket.close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }

        private void copy(long n, ByteArrayOutputStream to) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
            while (n > 0) {
                int read = in.read(buffer, 0, (int) Math.min(n, buffer.length));
                if (read < 0) {
                    throw new IOException("connection closed in the middle of an answer");
                }
                to.write(buffer, 0, read);
                n -= read;
            }
        }

        /** One header line, without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the service");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    static Reply must(String operation, Map<String, Object> variables) throws Exception {
        Reply r = call(body(operation, variables));
        if (!r.ok()) {
            throw new IllegalStateException(operation + " " + variables + " failed: " + r.shortBody());
        }
        return r;
    }

    static void namespace(String name) throws Exception {
        must(CREATE_NAMESPACE, vars("name", name));
    }

    /** False when the served schema lacks the field (a validation error naming it); any other answer means it exists. */
    static boolean inSchema(String field, String probe) throws Exception {
        Reply r = call("{\"query\":" + Json.write(probe) + "}");
        boolean missing = r.body.contains("FieldUndefined") || (r.body.contains("Validation error") && r.body.contains(field));
        log("schema: %s %s", field, missing ? "is not in the schema: its scenarios are skipped" : "is served");
        if (missing) {
            notes.add(field + " is not in the served schema (" + r.shortBody() + ")");
        }
        return !missing;
    }

    @SuppressWarnings("unchecked")
    static List<Object> addresses(Reply r, String field) {
        List<Object> ips = (List<Object>) Json.path(Json.parse(r.body), "data." + field);
        List<Object> out = new ArrayList<>(ips.size());
        for (Object ip : ips) {
            out.add(((Map<String, Object>) ip).get("address"));
        }
        return out;
    }

    static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String ipv4(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    // ------------------------------------------------------------------ processes, /proc

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String psql(String sql) throws Exception {
        return exec(List.of(opt.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p", "" + opt.pgPort,
                "-U", "postgres", "-d", "postgres", "-c", sql), null);
    }

    static String psqlFile(String db, Path file) throws Exception {
        return exec(List.of(opt.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "localhost", "-p", "" + opt.pgPort,
                "-U", "postgres", "-d", db, "-f", file.toString()), null);
    }

    static String exec(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", "postgres");
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
        }
    }

    /** A field of the service's /proc/PID/status in kB (0 if unknown). */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + opt.servicePid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc or no such process: memory is reported as unknown
        }
        return 0;
    }

    /**
     * CPU time (ns) of this process (self), its reaped children (pgbench), the service, PostgreSQL (postmaster,
     * live backends, and reaped ones through the postmaster's cutime) and the whole machine; as a difference,
     * cores used. Assumes Linux's 100 ticks per second.
     */
    record Cpu(long self, long service, long pg, long machine, long children, long wall) {
        static long postmaster = -1;

        static Cpu now() {
            long[] me = stat("self");
            long[] svc = stat("" + opt.servicePid);
            return new Cpu(OS.getProcessCpuTime(), svc == null ? -1 : svc[1] + svc[2], postgresCpu(), machineBusy(),
                    me == null ? 0 : me[3] + me[4], System.nanoTime());
        }

        Cpu since(Cpu before) {
            return new Cpu(self - before.self, service < 0 ? -1 : service - before.service, pg - before.pg,
                    machine - before.machine, children - before.children, wall - before.wall);
        }

        double cores(long nanos) {
            return nanos / (double) wall;
        }

        double other() {
            return cores(machine - self - Math.max(0, service) - pg - children);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f / %s / %.2f / %.2f", cores(self + children),
                    service <= 0 ? "—" : String.format(Locale.ROOT, "%.2f", cores(service)), cores(pg), Math.max(0, other()));
        }

        Map<String, Object> json() {
            return new LinkedHashMap<>(Map.of("client", num(cores(self + children)), "service", service <= 0 ? "n/a" : num(cores(service)),
                    "postgres", num(cores(pg)), "other", num(Math.max(0, other()))));
        }

        /** ppid, utime, stime, cutime, cstime of /proc/PID/stat in ns (null if unreadable). */
        static long[] stat(String pid) {
            try {
                String st = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[1]), tick(f[11]), tick(f[12]), tick(f[13]), tick(f[14])};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static long tick(String v) {
            return Long.parseLong(v) * 10_000_000L;
        }

        static long postgresCpu() {
            try {
                if (postmaster < 0) {
                    Path dir = Path.of(psql("SHOW data_directory").trim());
                    postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
                }
                long[] pm = stat("" + postmaster);
                long sum = pm == null ? 0 : pm[1] + pm[2] + pm[3] + pm[4];
                // a snapshot of /proc's names: a directory stream fails when a process exits while it is read
                String[] pids = new java.io.File("/proc").list();
                for (String pid : pids == null ? new String[0] : pids) {
                    if (pid.chars().allMatch(Character::isDigit)) {
                        long[] c = stat(pid);
                        if (c != null && c[0] == postmaster) {
                            sum += c[1] + c[2];
                        }
                    }
                }
                return sum;
            } catch (Exception e) {
                return 0;
            }
        }

        static long machineBusy() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busy += Long.parseLong(f[i]);
                }
                return busy * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ small utilities

    interface Scenario {
        void run() throws Exception;
    }

    /** Runs a scenario; a failure becomes a row saying so, and the run goes on. */
    static void guarded(String name, Scenario s) {
        if (!opt.only.isEmpty() && Arrays.stream(opt.only.split(",")).noneMatch(part -> name.contains(part.trim()))) {
            return;
        }
        try {
            s.run();
        } catch (Exception | AssertionError e) {
            Throwable t = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            log("FAILED %s: %s", name, t);
            Row r = new Row(name);
            r.note = "failed: " + t.getMessage();
            r.pass = false;
            add(r);
        }
    }

    record Stats(int n, double p50, double p99, double mean, double max, int errors) {
        Stats(int n, double p50, double p99, double mean, double max) {
            this(n, p50, p99, mean, max, 0);
        }

        static Stats of(LongList l, int errors) {
            long[] v = Arrays.copyOf(l.values, l.size);
            Arrays.sort(v);
            if (v.length == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, errors);
            }
            double sum = 0;
            for (long x : v) {
                sum += x;
            }
            return new Stats(v.length, pct(v, 0.50), pct(v, 0.99), sum / v.length / 1e6, v[v.length - 1] / 1e6, errors);
        }

        static double pct(long[] sorted, double q) {
            return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
        }
    }

    /** A growable array of longs: latencies without boxing. */
    static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(LongList o) {
            for (int i = 0; i < o.size; i++) {
                add(o.values[i]);
            }
        }

        int size() {
            return size;
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long ms = (nanoTime - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, "[%s] ", Instant.now().toString().substring(11, 19)) + String.format(Locale.ROOT, format, args));
    }

    /** Just enough JSON: write maps, lists, strings, numbers, booleans, null; parse GraphQL replies. */
    static final class Json {
        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(o, sb);
            return sb.toString();
        }

        @SuppressWarnings("unchecked")
        static void write(Object o, StringBuilder sb) {
            if (o == null) {
                sb.append("null");
            } else if (o instanceof String s) {
                sb.append('"');
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    switch (c) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\t' -> sb.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                sb.append(String.format("\\u%04x", (int) c));
                            } else {
                                sb.append(c);
                            }
                        }
                    }
                }
                sb.append('"');
            } else if (o instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(first ? "" : ",");
                    first = false;
                    write(String.valueOf(e.getKey()), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            } else if (o instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "" : ",");
                    write(l.get(i), sb);
                }
                sb.append(']');
            } else {
                sb.append(o);
            }
        }

        static Object parse(String s) {
            int[] pos = {0};
            return value(s, pos);
        }

        @SuppressWarnings("unchecked")
        static Object path(Object o, String path) {
            for (String key : path.split("\\.")) {
                o = o instanceof Map<?, ?> m ? m.get(key) : null;
            }
            return o;
        }

        static Object value(String s, int[] p) {
            skip(s, p);
            char c = s.charAt(p[0]);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                p[0]++;
                skip(s, p);
                if (s.charAt(p[0]) == '}') {
                    p[0]++;
                    return m;
                }
                while (true) {
                    skip(s, p);
                    String k = string(s, p);
                    skip(s, p);
                    p[0]++; // ':'
                    m.put(k, value(s, p));
                    skip(s, p);
                    if (s.charAt(p[0]++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                p[0]++;
                skip(s, p);
                if (s.charAt(p[0]) == ']') {
                    p[0]++;
                    return l;
                }
                while (true) {
                    l.add(value(s, p));
                    skip(s, p);
                    if (s.charAt(p[0]++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string(s, p);
            }
            int start = p[0];
            while (p[0] < s.length() && ",}] \n\r\t".indexOf(s.charAt(p[0])) < 0) {
                p[0]++;
            }
            String t = s.substring(start, p[0]);
            return switch (t) {
                case "null" -> null;
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> new java.math.BigDecimal(t);
            };
        }

        static String string(String s, int[] p) {
            StringBuilder sb = new StringBuilder();
            p[0]++; // opening quote
            while (true) {
                char c = s.charAt(p[0]++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(p[0]++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(p[0], p[0] + 4), 16));
                            p[0] += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        static void skip(String s, int[] p) {
            while (p[0] < s.length() && Character.isWhitespace(s.charAt(p[0]))) {
                p[0]++;
            }
        }
    }
}

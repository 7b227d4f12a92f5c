package load;

import static load.Client.*;
import static load.Report.*;
import static load.Scenarios.*;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ipamql load generator: runs every scenario (Scenarios) against the service over HTTP (Client), the pgbench
 * baselines against the same PostgreSQL server, and writes the results table (Report). Run by bench/run.sh,
 * which compiles bench/load/ first; by hand see bench/README.md.
 */
public class Load {

    // ------------------------------------------------------------------ options

    /** Command-line settings; --quick shrinks every count and duration for a smoke test. */
    static final class Options {
        URI url = URI.create("http://localhost:18080/graphql");
        long servicePid;
        /** When the service answered /q/health/ready UP (epoch ms; 0: unknown, the profile starts its clock itself). */
        long readyEpochMs;
        String pgHost = "localhost";
        int pgPort = 55433;
        String pgUser = "postgres";
        /** The database psql connects to (databases are created from it); the password comes from PGPASSWORD. */
        String pgDb = "postgres";
        /** The service's database, whose statements pg_stat_statements counts. */
        String serviceDb = "postgres";
        /** production (docs/operations.md's options) or readme (the README's command): sets the memory target. */
        String jvm = "production";
        /** off, on (every call carries the token) or both (on, plus an open instance at openUrl for the token's cost). */
        String auth = "off";
        String token;
        URI openUrl;
        long openPid;
        /** Seconds of serial acquireIP from ready, in 5-s windows. */
        int profile = 60;
        /** The from-ready scenario's namespace w-from-ready with 10.0.0.0/12 exists already. */
        boolean fromReadyPrepared;
        /** With --await-ready: the file this process creates once it waits for the service, and the service's pid file. */
        Path awaitReady, pidFile;
        /** Start-up figures written by run.sh once the last launch is ready (key=value lines), read for the report. */
        Path startupFile;
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
        String startupPlainMs = "";
        String startupPlainJvm = "";
        String startupAotMs = "";
        String firstStartMs = "";
        String serviceJvm = "";
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
        /** Labelled roots the selector query runs over; one in a hundred matches. */
        int selectorPrefixes = 100_000;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> a = Arrays.asList(args);
            if (a.contains("--help")) {
                System.out.println("java -cp CLASSES load.Load --url URL (--pid SERVICE_PID [--ready-epoch-ms MS] | --await-ready"
                        + " MARKER_FILE --pid-file FILE) [--startup-file FILE] [--pg-host HOST]"
                        + " --pg-port PORT [--pg-user USER] [--pg-db DB] [--service-db DB] --pgbench PATH --psql PATH"
                        + " --out RESULTS_PREFIX [--quick] [--warmup-all S] [--warmup S] [--duration S] [--profile S]"
                        + " [--force-ipv6-fill] [--from-ready-prepared] [--jvm production|readme] [--auth off|on|both] [--token-file FILE]"
                        + " [--open-url URL --open-pid PID] [--startup-plain-ms a,b,c] [--startup-plain-jvm TEXT]"
                        + " [--startup-aot-ms a,b,c] [--first-start-ms N] [--service-jvm TEXT] [--only NAMES]"
                        + " (PGPASSWORD from the environment, else postgres)");
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
                o.selectorPrefixes = 10_000;
                o.profile = 30;
            }
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--quick") || name.equals("--force-ipv6-fill") || name.equals("--from-ready-prepared")) {
                    o.forceIpv6Fill |= name.equals("--force-ipv6-fill");
                    o.fromReadyPrepared |= name.equals("--from-ready-prepared");
                    continue;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String v = args[++i];
                switch (name) {
                    case "--url" -> o.url = URI.create(v);
                    case "--pid" -> o.servicePid = Long.parseLong(v);
                    case "--await-ready" -> o.awaitReady = Path.of(v);
                    case "--pid-file" -> o.pidFile = Path.of(v);
                    case "--startup-file" -> o.startupFile = Path.of(v);
                    case "--ready-epoch-ms" -> o.readyEpochMs = Long.parseLong(v);
                    case "--pg-host" -> o.pgHost = v;
                    case "--pg-port" -> o.pgPort = Integer.parseInt(v);
                    case "--pg-user" -> o.pgUser = v;
                    case "--pg-db" -> o.pgDb = v;
                    case "--service-db" -> o.serviceDb = v;
                    case "--jvm" -> o.jvm = v;
                    case "--auth" -> o.auth = v;
                    case "--token-file" -> o.token = readToken(Path.of(v));
                    case "--open-url" -> o.openUrl = URI.create(v);
                    case "--open-pid" -> o.openPid = Long.parseLong(v);
                    case "--profile" -> o.profile = Integer.parseInt(v);
                    case "--pgbench" -> o.pgbench = v;
                    case "--psql" -> o.psql = v;
                    case "--examples" -> o.examples = Path.of(v);
                    case "--bench-dir" -> o.benchDir = Path.of(v);
                    case "--out" -> o.out = Path.of(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--warmup-all" -> o.warmupAll = Integer.parseInt(v);
                    case "--duration" -> o.duration = Integer.parseInt(v);
                    case "--only" -> o.only = v;
                    case "--startup-plain-ms" -> o.startupPlainMs = v;
                    case "--startup-plain-jvm" -> o.startupPlainJvm = v;
                    case "--startup-aot-ms" -> o.startupAotMs = v;
                    case "--first-start-ms" -> o.firstStartMs = v;
                    case "--service-jvm" -> o.serviceJvm = v;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (o.profile < 30 || o.profile % 5 != 0) {
                throw new IllegalArgumentException("--profile needs a multiple of 5 s, at least 30 (first 10 s vs last 20 s)");
            }
            if (!o.auth.equals("off") && o.token == null) {
                throw new IllegalArgumentException("--auth " + o.auth + " needs --token-file");
            }
            if (o.auth.equals("both") && (o.openUrl == null || o.openPid == 0)) {
                throw new IllegalArgumentException("--auth both needs --open-url and --open-pid (an instance without authentication)");
            }
            if (o.awaitReady != null && o.pidFile == null) {
                throw new IllegalArgumentException("--await-ready needs --pid-file");
            }
            if (o.out == null) {
                o.out = Path.of("bench/results/" + Instant.now().toString().replace(':', '-').substring(0, 19));
            }
            return o;
        }
    }

    /** Started before the service: waits until it is ready, so that the first scenario begins right then. */
    static void awaitReady() throws Exception {
        // load the classes the first scenario uses now, not once the service is ready
        body(Scenarios.ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", "w-from-ready"));
        Stats.of(new LongList(), 0);
        Cpu.stat("self");
        log("waiting for %s to be ready", opt.url.resolve("/q/health/ready"));
        Files.writeString(opt.awaitReady, "waiting\n");
        long deadline = System.currentTimeMillis() + 600_000;
        while (!Client.ready(opt.url)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the service was not ready within 600 s");
            }
            // as often as run.sh's own check, to add little to the start-up it times
            Thread.sleep(20);
        }
        opt.readyEpochMs = System.currentTimeMillis();
        // run.sh writes the pid as it launches the service, before it is ready
        opt.servicePid = Long.parseLong(Files.readString(opt.pidFile).trim());
        log("service (pid %d) ready", opt.servicePid);
    }

    static String readToken(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token: " + e, e);
        }
    }

    static Options opt;

    public static void main(String[] args) throws Exception {
        opt = Options.parse(args);
        if (opt.awaitReady != null) {
            awaitReady();
        }
        long t0 = System.nanoTime();
        Client.target = new Target(opt.url, opt.auth.equals("off") ? null : opt.token, opt.servicePid);
        loadAtStart = loadAverage();
        log("load generator: %s, authentication %s, warm-up %d s, measured %d s%s", opt.url, opt.auth, opt.warmup,
                opt.duration, opt.quick ? " (--quick)" : "");

        // first, before any other traffic: the fresh service's rate from ready
        guarded("from ready: acquireIP serial per 5 s", () -> fromReady());
        if (opt.openUrl != null) {
            // next, while both instances have served serial acquireIP alone: their compiled code is alike
            guarded("bearer token cost: acquireIP serial", () -> tokenCost());
        }
        opt.pgVersion = "PostgreSQL " + psql("SHOW server_version").trim() + " at " + opt.pgHost + ":" + opt.pgPort
                + " (fsync " + psql("SHOW fsync").trim() + ", synchronous_commit " + psql("SHOW synchronous_commit").trim() + ")";

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
        guarded("updatePrefix serial", () -> updatePrefixSerial());
        guarded("acquireIP with a claim", () -> claimCost());
        guarded("pgbench baselines", () -> base.run());
        base.attach();
        guarded("fill level IPv4", () -> fillLevelIpv4(bulk));
        guarded("fill level IPv6", () -> fillLevelIpv6(bulk));
        guarded("fill level children", () -> fillLevelChildren());
        guarded("reserved ranges", () -> reservedRangesLevel());
        guarded("tree query", () -> treeQuery());
        guarded("selector query", () -> selectorQuery());
        guarded("bulk", () -> bulkScenarios(bulk, bulkRelease));
        guarded("acquireIP HIGHEST", () -> highestIp(bulk));
        guarded("acquireChildPrefixes", () -> childPrefixesBulk());
        guarded("acquireIP pool", () -> poolIp());
        guarded("acquireIP 16 clients, one pool", () -> poolHot());
        guarded("acquireIP reserved ranges", () -> reservedRangesIp());
        memoryRow();
        startupRow();

        double minutes = (System.nanoTime() - t0) / 60e9;
        notes.add(String.format(Locale.ROOT, "load generator wall time %.1f min", minutes));
        report();
    }

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

    // ------------------------------------------------------------------ processes

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String psql(String sql) throws Exception {
        return psql(opt.pgDb, sql);
    }

    static String psql(String db, String sql) throws Exception {
        return exec(List.of(opt.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", opt.pgHost, "-p", "" + opt.pgPort,
                "-U", opt.pgUser, "-d", db, "-c", sql), null);
    }

    static String psqlFile(String db, Path file) throws Exception {
        return exec(List.of(opt.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", opt.pgHost, "-p", "" + opt.pgPort,
                "-U", opt.pgUser, "-d", db, "-f", file.toString()), null);
    }

    /** PGOPTIONS for psql and pgbench (the pgbench tables' schema when they cannot have a database of their own). */
    static String pgOptions;

    static String exec(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putIfAbsent("PGPASSWORD", "postgres");
            if (pgOptions != null) {
                pb.environment().put("PGOPTIONS", pgOptions);
            }
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

    // ------------------------------------------------------------------ small utilities

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
}

package load;

import static load.Load.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table: its rows, the statistics in them, and the Markdown and JSON files written at the end. */
final class Report {

    static final List<Row> rows = new ArrayList<>();
    static final List<String> notes = new ArrayList<>();
    /** Serial acquireIP on the fresh service, one row per 5-s window from ready. */
    static final List<Row> readyWindows = new ArrayList<>();
    static String loadAtStart = "";

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

    static void report() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# ipamql benchmark, ").append(Instant.now().toString(), 0, 19).append("Z\n\n");
        md.append(String.format(Locale.ROOT, "%d cores, service on %s (%s), authentication %s, %s, pgbench %s; JVM mode; "
                        + "warm-up %d s, measured %d s per throughput row%s.%n",
                Runtime.getRuntime().availableProcessors(), opt.serviceJvm.isBlank() ? "the JVM on PATH" : opt.serviceJvm,
                opt.jvm.equals("readme") ? "the README's command" : "the production options", authText(),
                opt.pgVersion.isBlank() ? "PostgreSQL" : opt.pgVersion, exec(List.of(opt.pgbench, "--version"), null).trim()
                        .replace("pgbench (PostgreSQL) ", ""), opt.warmup, opt.duration, opt.quick ? " (--quick: small states)" : ""));
        md.append("The service, PostgreSQL (fsync and synchronous_commit on), pgbench and the load generator share these cores; ");
        md.append("machine load average (1, 5, 15 min) ").append(loadAtStart).append(" at the start, ").append(loadAverage()).append(" at the end.\n\n");
        md.append("| scenario | ops/s | p50 ms | p99 ms | errors | CPU cores client/service/PG/other | pgbench tps of equivalent SQL | ratio | target | result | notes |\n");
        md.append("|---|---:|---:|---:|---:|---|---|---:|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.scenario)
                    .append(" | ").append(Double.isNaN(r.ops) ? "—" : fmt(r.ops, 0) + (r.perCall > 1 ? " IPs/s" : ""))
                    .append(" | ").append(r.stats == null || r.stats.n() == 0 ? "—" : fmt(r.stats.p50, r.stats.p50 < 10 ? 2 : 0))
                    .append(" | ").append(r.stats == null || r.stats.n() == 0 ? "—" : fmt(r.stats.p99, r.stats.p99 < 10 ? 2 : 0))
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
        md.append("ratio: ops/s over the pgbench tps for throughput rows, p50 over the baseline row's p50 for fill-level rows, "
                + "the first 10 s over the last 20 s from ready, with the token over without.\n");
        if (!readyWindows.isEmpty()) {
            md.append("\nacquireIP serial on the fresh service, per 5-s window from /q/health/ready UP (").append(
                    opt.jvm.equals("readme") ? "the README's command" : "the production options").append(", authentication ")
                    .append(authText()).append("):\n\n");
            md.append("| window after ready | ops/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
            for (Row r : readyWindows) {
                md.append("| ").append(r.scenario)
                        .append(" | ").append(Double.isNaN(r.ops) ? "—" : fmt(r.ops, 0))
                        .append(" | ").append(r.stats.n() == 0 ? "—" : fmt(r.stats.p50, r.stats.p50 < 10 ? 2 : 0))
                        .append(" | ").append(r.stats.n() == 0 ? "—" : fmt(r.stats.p99, r.stats.p99 < 10 ? 2 : 0))
                        .append(" | ").append(r.errors).append(" |\n");
            }
        }
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

    static String authText() {
        return switch (opt.auth) {
            case "on" -> "on (every call with a bearer token)";
            case "both" -> "on (every call with a bearer token; an open second instance for the token's cost)";
            default -> "off";
        };
    }

    static String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", Instant.now().toString());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("java", System.getProperty("java.version"));
        doc.put("serviceJvm", opt.serviceJvm);
        doc.put("jvmOptions", opt.jvm);
        doc.put("authentication", opt.auth);
        doc.put("postgres", opt.pgVersion);
        doc.put("quick", opt.quick);
        doc.put("loadAverageAtStart", loadAtStart);
        doc.put("warmupSeconds", opt.warmup);
        doc.put("durationSeconds", opt.duration);
        doc.put("rows", jsonRows(rows));
        doc.put("fromReady", jsonRows(readyWindows));
        doc.put("notes", notes);
        return Json.write(doc);
    }

    static List<Object> jsonRows(List<Row> rows) {
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
        return list;
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
}

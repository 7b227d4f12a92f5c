package load;

import static load.Client.*;
import static load.Load.*;
import static load.Report.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The scenarios: the states they build through the API, the measured windows, and the pgbench baselines. */
final class Scenarios {

    // ------------------------------------------------------------------ scenarios

    static final String ACQUIRE_IP = "acquireIP.graphql", ACQUIRE_CHILD = "acquireChildPrefix.graphql",
            CREATE_PREFIX = "createPrefix.graphql", CREATE_NAMESPACE = "createNamespace.graphql", TREE = "tree.graphql",
            RESERVE_RANGE = "reserveRange.graphql";

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
     * Serial acquireIP on the fresh service from the moment it was ready, before any other traffic: the rate per
     * 5-s window from ready, and the first 10 s against the steady rate of the last 20 s.
     */
    static void fromReady() throws Exception {
        long firstCall = System.currentTimeMillis();
        long ready = opt.readyEpochMs > 0 ? opt.readyEpochMs : firstCall;
        String ns = "w-from-ready";
        if (!opt.fromReadyPrepared) {
            // run.sh makes these on an earlier launch, so that the measured one serves acquireIP alone
            namespace(ns);
            must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", ns));
        }
        String body = body(ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", ns));
        long loadStart = System.currentTimeMillis();
        int windows = opt.profile / 5;
        LongList[] latencies = new LongList[windows];
        int[] errors = new int[windows];
        for (int w = 0; w < windows; w++) {
            latencies[w] = new LongList();
        }
        log("run: acquireIP serial until %d s after ready (first call %d ms after ready, acquireIP from %d ms) ...",
                opt.profile, firstCall - ready, loadStart - ready);
        long end = ready + opt.profile * 1000L;
        Cpu cpu0 = Cpu.now();
        long firstNanos = -1;
        for (long now = System.currentTimeMillis(); now < end; now = System.currentTimeMillis()) {
            Reply r;
            try {
                r = call(body);
            } catch (IOException e) {
                r = new Reply(0, "IO: " + e, 0);
            }
            firstNanos = firstNanos < 0 ? r.nanos() : firstNanos;
            int w = (int) ((System.currentTimeMillis() - ready) / 5000);
            if (w >= windows) {
                break;
            }
            if (r.ok()) {
                latencies[w].add(r.nanos());
            } else {
                errors[w]++;
            }
        }
        Cpu used = Cpu.now().since(cpu0);
        Connection.closeIdle();
        // each window's rate over the part of it during which calls were made (the load generator starts after ready)
        long[] counted = new long[windows];
        double[] active = new double[windows];
        for (int w = 0; w < windows; w++) {
            Row r = new Row(String.format(Locale.ROOT, "%d-%d s", w * 5, w * 5 + 5));
            r.clients = 1;
            r.stats = Stats.of(latencies[w], errors[w]);
            r.errors = errors[w];
            counted[w] = latencies[w].size();
            active[w] = Math.max(0, Math.min(5000, ready + w * 5000L + 5000 - loadStart)) / 1000.0;
            r.ops = active[w] > 0 ? counted[w] / active[w] : Double.NaN;
            readyWindows.add(r);
        }
        double first = rate(counted, active, 0, 2), steady = rate(counted, active, windows - 4, windows);
        Row row = new Row("acquireIP serial, first 10 s after ready");
        row.clients = 1;
        row.ops = first;
        row.stats = Stats.of(joined(latencies, 0, 2), errors[0] + errors[1]);
        row.errors = row.stats.errors();
        row.cpu = used;
        row.ratio = first / steady;
        row.target = "≥ 0.8 × the rate of the last 20 s";
        row.pass = row.ratio >= 0.8;
        row.note = String.format(Locale.ROOT, "steady %,.0f ops/s (%d-%d s after ready); first call %,d ms after ready, "
                + "acquireIP from %,d ms (rates over the time calls were made), the first taking %,.0f ms; CPU over all %d s; "
                + "each 5-s window below the table",
                steady, opt.profile - 20, opt.profile, firstCall - ready, loadStart - ready, firstNanos / 1e6, opt.profile);
        add(row);
        log("  first 10 s %.0f ops/s, last 20 s %.0f ops/s: %.2f×", first, steady, row.ratio);
    }

    static double rate(long[] counted, double[] active, int from, int to) {
        long n = 0;
        double s = 0;
        for (int w = from; w < to; w++) {
            n += counted[w];
            s += active[w];
        }
        return s > 0 ? n / s : Double.NaN;
    }

    static LongList joined(LongList[] lists, int from, int to) {
        LongList all = new LongList();
        for (int i = from; i < to; i++) {
            all.addAll(lists[i]);
        }
        return all;
    }

    /**
     * The bearer token's cost: serial acquireIP on the open instance and on the authenticated one with the token,
     * after the same number of seconds of it on each (the from-ready scenario's included), then measured in
     * alternating rounds so that the machine's drift hits both.
     */
    static void tokenCost() throws Exception {
        Target withToken = target, open = new Target(opt.openUrl, null, opt.openPid);
        String[] bodies = new String[2];
        for (int i = 0; i < 2; i++) {
            String ns = i == 0 ? "a-open" : "a-token";
            namespace(ns);
            must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", ns));
            bodies[i] = body(ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", ns));
        }
        Target[] targets = {open, withToken};
        try {
            for (int i = 0; i < 2; i++) {
                use(targets[i]);
                String b = bodies[i];
                // the authenticated instance has served the from-ready scenario already
                int seconds = opt.warmupAll + (i == 0 && !readyWindows.isEmpty() ? opt.profile : 0);
                throughput("token cost warm-up, discarded: acquireIP serial " + (i == 0 ? "without authentication" : "with the token"),
                        1, c -> call(b), false, seconds);
            }
            int rounds = 2;
            Row[][] measured = new Row[2][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 2; i++) {
                    use(targets[i]);
                    String b = bodies[i];
                    measured[i][round] = throughput("acquireIP serial " + (i == 0 ? "without authentication" : "with a bearer token")
                            + ", round " + (round + 1), 1, c -> call(b), false);
                }
            }
            Row none = tokenRow("acquireIP serial, authentication off (second instance)", measured[0]);
            Row token = tokenRow("acquireIP serial, bearer token (ipam-admin)", measured[1]);
            none.report("baseline of the next row");
            token.ratio = token.ops / none.ops;
            token.target = "≥ 0.95 × without authentication";
            token.pass = token.ratio >= 0.95;
            add(none);
            add(token);
        } finally {
            use(withToken);
        }
    }

    /** The mean of alternating rounds; latencies and CPU of the last round. */
    static Row tokenRow(String name, Row[] rounds) {
        Row r = new Row(name);
        Row last = rounds[rounds.length - 1];
        r.clients = 1;
        r.ops = Arrays.stream(rounds).mapToDouble(x -> x.ops).average().orElse(Double.NaN);
        r.stats = last.stats;
        r.errors = Arrays.stream(rounds).mapToInt(x -> x.errors).sum();
        r.cpu = last.cpu;
        r.note = "rounds: " + String.join(", ", Arrays.stream(rounds).map(x -> fmt(x.ops, 0)).toList()) + " ops/s; p50/p99/CPU of the last";
        return r;
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
                .target("≥ 0.8 × pgbench serial", "serial", 0.8));
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
                .target("≥ 0.8 × pgbench 16 clients, 16 rows", "spread", 0.8));
    }

    static Row acquireIpHot() throws Exception {
        namespace("s-ip-hot");
        // a /12 (1M addresses) cannot run out at a few thousand acquisitions per second
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", "s-ip-hot"));
        String body = body(ACQUIRE_IP, vars("prefix", "10.0.0.0/12", "namespace", "s-ip-hot"));
        return add(throughput("acquireIP 16 clients, one prefix (/12)", opt.clients, c -> call(body), true)
                .target("≥ 3 × pgbench 16 clients, one row", "hot", 3));
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

    /** An update that changes a label each call, against createPrefix serial: at least as fast. */
    static void updatePrefixSerial() throws Exception {
        String ns = "s-update";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/16", "namespace", ns));
        AtomicInteger next = new AtomicInteger();
        Row update = add(throughput("updatePrefix setLabels, serial (one prefix, a new value each call)", 1,
                c -> call(body("updatePrefix", vars("cidr", "10.0.0.0/16", "namespace", ns,
                        "setLabels", List.of(Map.of("key", "rev", "value", "r" + next.getAndIncrement()))))), false));
        rows.stream().filter(r -> r.scenario.startsWith("createPrefix /24 roots, serial")).findFirst().ifPresentOrElse(create -> {
            update.ratio = update.ops / create.ops;
            update.note = "vs " + create.scenario;
            update.target = "≥ 1 × createPrefix serial";
            update.pass = update.ratio >= 1;
        }, () -> update.report("createPrefix serial not run"));
    }

    /**
     * acquireIP with a new claim each call against acquireIP without one, the same selection, serial and from 16
     * clients on one prefix: within 10%.
     */
    static void claimCost() throws Exception {
        for (int clients : new int[] {1, opt.clients}) {
            String ns = "s-claim-" + clients;
            namespace(ns);
            must(CREATE_PREFIX, vars("cidr", "10.0.0.0/12", "namespace", ns));
            must(CREATE_PREFIX, vars("cidr", "10.16.0.0/12", "namespace", ns));
            String what = clients == 1 ? "serial (/12)" : clients + " clients, one prefix (/12)";
            AtomicInteger next = new AtomicInteger();
            // both build their body per call, as the claimed one must
            Row without = add(throughput("acquireIP " + what + ", without a claim", clients, c -> call(body(ACQUIRE_IP,
                    vars("prefix", "10.0.0.0/12", "namespace", ns))), false).report("baseline of the next row"));
            Row with = add(throughput("acquireIP " + what + ", a new claim each call", clients, c -> call(body(
                    "claimIPPlain", vars("prefix", "10.16.0.0/12", "claim", "vm-" + next.getAndIncrement(), "namespace", ns))),
                    false));
            with.ratio = with.ops / without.ops;
            with.target = "≥ 0.9 × without a claim";
            with.pass = with.ratio >= 0.9;
        }
    }

    /** prefixes(selector: "env=prod") over many labelled roots of which one in a hundred matches. */
    static void selectorQuery() throws Exception {
        String ns = "q-selector";
        namespace(ns);
        int n = opt.selectorPrefixes;
        AtomicInteger next = new AtomicInteger();
        fill(String.format("%,d labelled /28 roots", n), n, opt.clients, 1, () -> {
            int i = next.getAndIncrement();
            return call(body("createLabelledPrefix", vars("cidr", ipv4((10L << 24) + i * 16L) + "/28", "namespace", ns,
                    "labels", List.of(Map.of("key", "env", "value", i % 100 == 0 ? "prod" : "dev")))));
        });
        Stats[] s = alternate(body("prefixesBySelector", vars("namespace", ns, "first", 100)),
                body("prefixesBySelector", vars("namespace", ns, "selector", "env=prod", "first", 100)));
        add(Row.latency(String.format("prefixes first 100 of %,d roots, no selector", n), s[0]).report("baseline of the next row"));
        Row selected = add(Row.latency(String.format("prefixes(selector: \"env=prod\") first 100, %,d of %,d roots match",
                n / 100, n), s[1]));
        selected.target = "p50 < 20 ms";
        selected.pass = s[1].p50() < 20;
    }

    /**
     * Acquire latency in a /8 without reserved ranges vs one whose lowest 16,000 addresses hold 1,000 reserved
     * ranges of 10 with 6 free addresses between them, samples alternating between the two.
     */
    static void reservedRangesLevel() throws Exception {
        String ns = "f-ranges";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "11.0.0.0/8", "namespace", ns));
        int base = 11 << 24;
        AtomicInteger next = new AtomicInteger();
        fill("1,000 reserved ranges", 1000, 4, 1, () -> {
            int i = next.getAndIncrement();
            return call(body(RESERVE_RANGE, vars("prefix", "11.0.0.0/8", "first", ipv4(base + i * 16 + 1),
                    "last", ipv4(base + i * 16 + 10), "namespace", ns)));
        });
        Stats[] s = alternate(body(ACQUIRE_IP, vars("prefix", "10.0.0.0/8", "namespace", ns)),
                body(ACQUIRE_IP, vars("prefix", "11.0.0.0/8", "namespace", ns)));
        add(Row.latency("acquireIP latency, /8 without reserved ranges", s[0]).report("baseline of the next row"));
        add(Row.latency("acquireIP latency, /8 with 1,000 reserved ranges", s[1])
                .fillRatio(s[0], "p50 ≤ 1.5 × without reserved ranges", 1.5, true));
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

    /** acquireIP HIGHEST vs LOWEST (today's default) on one /8 holding the high fill level, samples alternating. */
    static void highestIp(boolean bulk) throws Exception {
        String ns = "s-highest";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        fillIps(ns, "10.0.0.0/8", opt.ipFillHigh, bulk);
        Stats[] s = alternate(body("acquireIPWithStrategy.graphql", vars("prefix", "10.0.0.0/8", "strategy", "LOWEST", "namespace", ns)),
                body("acquireIPWithStrategy.graphql", vars("prefix", "10.0.0.0/8", "strategy", "HIGHEST", "namespace", ns)));
        String held = String.format("/8 holding %,d IPs", opt.ipFillHigh);
        add(Row.latency("acquireIP LOWEST latency, " + held, s[0]).report("baseline of the next row"));
        add(Row.latency("acquireIP HIGHEST latency, " + held, s[1]).fillRatio(s[0], "p50 ≤ 1.5 × the LOWEST figure", 1.5, true));
    }

    /** acquireIP from a pool of 16 prefixes whose first 15 are full vs acquireIP on a single prefix, alternating. */
    static void poolIp() throws Exception {
        String ns = "s-pool";
        namespace(ns);
        List<Map<String, String>> member = List.of(Map.of("key", "pool", "value", "p"));
        for (int c = 0; c < 15; c++) {
            must("createLabelledPrefix.graphql", vars("cidr", "10." + c + ".0.0/28", "namespace", ns, "labels", member));
            must("acquireIPs", vars("prefix", "10." + c + ".0.0/28", "count", 14, "namespace", ns));
        }
        must("createLabelledPrefix.graphql", vars("cidr", "12.0.0.0/12", "namespace", ns, "labels", member));
        must("createPool.graphql", vars("name", "p", "kind", "IP", "selector", "pool=p", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "11.0.0.0/12", "namespace", ns));
        Stats[] s = alternate(body(ACQUIRE_IP, vars("prefix", "11.0.0.0/12", "namespace", ns)),
                body("acquireIPWithStrategy.graphql", vars("pool", "p", "namespace", ns)));
        add(Row.latency("acquireIP latency, one prefix", s[0]).report("baseline of the next row"));
        add(Row.latency("acquireIP latency, pool of 16 prefixes, first 15 full", s[1])
                .fillRatio(s[0], "p50 ≤ 1.5 × the one-prefix figure", 1.5, true));
    }

    /** 16 clients drawing from one pool (one /12 member) vs 16 clients on one /12: the pool at least as fast. */
    static void poolHot() throws Exception {
        String ns = "s-pool-hot";
        namespace(ns);
        must("createLabelledPrefix.graphql", vars("cidr", "10.0.0.0/12", "namespace", ns,
                "labels", List.of(Map.of("key", "pool", "value", "hot"))));
        must("createPool.graphql", vars("name", "hot", "kind", "IP", "selector", "pool=hot", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "10.16.0.0/12", "namespace", ns));
        String onePrefix = body(ACQUIRE_IP, vars("prefix", "10.16.0.0/12", "namespace", ns));
        String pool = body("acquireIPWithStrategy.graphql", vars("pool", "hot", "namespace", ns));
        Row prefixRow = add(throughput("acquireIP 16 clients, one prefix (/12), pool run's baseline", opt.clients,
                c -> call(onePrefix), false).report("baseline of the next row"));
        Row poolRow = add(throughput("acquireIP 16 clients, one pool (one /12 member)", opt.clients, c -> call(pool), false));
        poolRow.target = "ops/s ≥ the one-prefix figure";
        poolRow.pass = poolRow.errors == 0 && poolRow.ops >= prefixRow.ops;
    }

    /** acquireIP on a /8 holding 1,000 reserved ranges below its free space vs a /8 without, alternating. */
    static void reservedRangesIp() throws Exception {
        String ns = "s-ranges";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.0.0.0/8", "namespace", ns));
        must(CREATE_PREFIX, vars("cidr", "11.0.0.0/8", "namespace", ns));
        // ranges of 10 addresses with one free address between them: acquisitions take the gaps first
        for (int i = 0; i < 1000; i++) {
            int first = 1 + i * 11;
            must("reserveRange.graphql", vars("prefix", "10.0.0.0/8", "first", address(10, first),
                    "last", address(10, first + 9), "namespace", ns));
        }
        Stats[] s = alternate(body(ACQUIRE_IP, vars("prefix", "11.0.0.0/8", "namespace", ns)),
                body(ACQUIRE_IP, vars("prefix", "10.0.0.0/8", "namespace", ns)));
        add(Row.latency("acquireIP latency, /8 without reserved ranges", s[0]).report("baseline of the next row"));
        add(Row.latency("acquireIP latency, /8 with 1,000 reserved ranges", s[1])
                .fillRatio(s[0], "p50 ≤ 1.5 × the figure without", 1.5, true));
    }

    private static String address(int first, int offset) {
        return first + "." + (offset >> 16 & 255) + "." + (offset >> 8 & 255) + "." + (offset & 255);
    }

    /** acquireChildPrefixes of 1,000 /28s per call from a /12, serial, each call on the space the ones before left. */
    static void childPrefixesBulk() throws Exception {
        String ns = "s-children";
        namespace(ns);
        must(CREATE_PREFIX, vars("cidr", "10.16.0.0/12", "namespace", ns));
        String call = body("acquireChildPrefixes.graphql", vars("parent", "10.16.0.0/12", "length", 28, "count", 1000,
                "namespace", ns));
        LongList latencies = new LongList();
        int errors = 0;
        // a /12 holds 65,536 /28s: 60 calls leave room
        for (int i = 0; i < 60; i++) {
            Reply r = call(call);
            if (!r.ok()) {
                errors++;
                log("  error: %s", r.shortBody());
            } else if (i >= 5) {
                latencies.add(r.nanos());
            }
        }
        Row row = Row.latency("acquireChildPrefixes 1,000 /28s per call from a /12, serial", Stats.of(latencies, errors));
        row.target = "p50 < 500 ms";
        row.pass = errors == 0 && row.stats.p50() < 500;
        add(row);
    }

    /** tree.graphql over a small and a large namespace: latency and SQL statements per query. */
    static void treeQuery() throws Exception {
        int small = buildTree("t-small", opt.smallTreeRoots, opt.smallTreeChildren);
        int large = buildTree("t-large", opt.treeRoots, opt.treeChildren);
        countStatements = statementsCountable();
        Tree s = measureTree("t-small", small);
        Tree l = measureTree("t-large", large);
        add(Row.latency(String.format("tree.graphql, %,d prefixes", small), s.stats)
                .report(statements(s.statements) + ", " + kb(s.bytes) + " response"));
        Row big = Row.latency(String.format("tree.graphql, %,d prefixes", large), l.stats);
        big.note = statements(l.statements) + (countStatements ? " (vs " + s.statements + " for " + small + ")" : "") + ", "
                + kb(l.bytes) + " response";
        big.target = "< 500 ms, statements constant";
        // without pg_stat_statements only the latency is judged
        big.pass = l.stats.p50() < 500 && (!countStatements || l.statements == s.statements && l.statements > 0);
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
                .report(statements(withIps.statements) + ", " + kb(withIps.bytes) + " response"));
    }

    static boolean countStatements;

    /** pg_stat_statements answers only when the server preloads it (shared_preload_libraries) and it is installed. */
    static boolean statementsCountable() {
        try {
            psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            psql("SELECT pg_stat_statements_reset()");
            return true;
        } catch (Exception e) {
            log("  SQL statements are not counted: %s", e.getMessage().trim());
            notes.add("SQL statements not counted: pg_stat_statements is not usable on this server (preload it with "
                    + "shared_preload_libraries = 'pg_stat_statements' and allow CREATE EXTENSION to count them)");
            return false;
        }
    }

    static String statements(long n) {
        return n < 0 ? "SQL statements not counted" : n + " SQL statements";
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

    static void namespace(String name) throws Exception {
        must(CREATE_NAMESPACE, vars("name", name));
    }

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
        long statements = -1;
        if (countStatements) {
            psql("SELECT pg_stat_statements_reset()");
        }
        Reply counted = call(body);
        if (countStatements) {
            statements = Long.parseLong(psql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    + "WHERE d.datname = '" + opt.serviceDb.replace("'", "''") + "' AND s.query NOT ILIKE '%pg_stat_statements%'").trim());
        }
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
            lat.add(r.nanos());
        }
        return new Tree(Stats.of(lat, 0), statements, first.body().length());
    }

    @SuppressWarnings("unchecked")
    static int countPrefixes(Reply r) {
        Object edges = Json.path(Json.parse(r.body()), "data.namespace.prefixes.edges");
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
                if (ra.ok()) la.add(ra.nanos());
                if (rb.ok()) lb.add(rb.nanos());
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
                        if (end - r.nanos() >= measureStart && end <= measureEnd) {
                            latencies[client].add(r.nanos());
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
                row.ops, row.stats.p50(), row.stats.p99(), row.errors, used);
        return row;
    }

    // ------------------------------------------------------------------ pgbench

    /** The three pgbench figures of a minimal durable allocation (UPDATE + INSERT), fsync on. */
    static final class Baselines {
        final Map<String, Row> rows = new LinkedHashMap<>();
        String pgbenchDb;

        void run() throws Exception {
            try {
                psql("DROP DATABASE IF EXISTS bench_pg");
                psql("CREATE DATABASE bench_pg");
                pgbenchDb = "bench_pg";
            } catch (IllegalStateException e) {
                // a user without CREATEDB: the tables go to a schema of their own in the service's database
                log("  cannot create the database bench_pg (%s): pgbench uses the schema bench_pg of %s", e.getMessage().trim(), opt.serviceDb);
                psql(opt.serviceDb, "CREATE SCHEMA IF NOT EXISTS bench_pg");
                pgbenchDb = opt.serviceDb;
                pgOptions = "-c search_path=bench_pg";
                notes.add("pgbench ran in the schema bench_pg of " + opt.serviceDb + " (the database bench_pg could not be created)");
            }
            try {
                psqlFile(pgbenchDb, opt.benchDir.resolve("pgbench/setup.sql"));
                rows.put("serial", pgbench(pgbenchDb, "pgbench 1 client (own row)", "own_row.sql", 1, 1));
                rows.put("spread", pgbench(pgbenchDb, "pgbench 16 clients, 16 rows", "own_row.sql", opt.clients, 2));
                rows.put("hot", pgbench(pgbenchDb, "pgbench 16 clients, one row", "hot_row.sql", opt.clients, 2));
            } finally {
                pgOptions = null;
            }
            Report.rows.addAll(rows.values());
        }

        /** Puts each service row's baseline and ratio next to it. */
        void attach() {
            for (Row r : Report.rows) {
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

    static Row pgbench(String db, String name, String script, int clients, int threads) throws Exception {
        log("run: %s ...", name);
        Path dir = Files.createTempDirectory("pgbench");
        Path file = opt.benchDir.resolve("pgbench").resolve(script).toAbsolutePath();
        // warm-up run, discarded; then the measured run with a per-transaction log for the percentiles
        exec(List.of(opt.pgbench, "-n", "-h", opt.pgHost, "-p", "" + opt.pgPort, "-U", opt.pgUser, "-c", "" + clients,
                "-j", "" + threads, "-T", "" + Math.max(1, opt.warmup), "-f", file.toString(), db), dir);
        Cpu before = Cpu.now();
        String out = exec(List.of(opt.pgbench, "-n", "-h", opt.pgHost, "-p", "" + opt.pgPort, "-U", opt.pgUser, "-c", "" + clients,
                "-j", "" + threads, "-T", "" + opt.duration, "-l", "--log-prefix=" + dir.resolve("tx"), "-f", file.toString(),
                db), dir);
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
        row.cpu = new Cpu(used.children(), 0, used.pg(), used.machine(), 0, used.wall());
        log("  %.0f tps, p50 %.2f ms, p99 %.2f ms", row.ops, row.stats.p50(), row.stats.p99());
        deleteTree(dir);
        return row;
    }

    // ------------------------------------------------------------------ memory and start-up

    static void memoryRow() {
        Row r = new Row("service resident memory under 16-client load");
        r.note = rssMaxKb == 0 ? "not measured (no 16-client run)"
                : String.format("max VmRSS %d MB during the 16-client runs; VmHWM %d MB (peak since start)", rssMaxKb / 1024, hwmKb / 1024);
        int limitMb = opt.jvm.equals("readme") ? 400 : 200;
        r.note += opt.jvm.equals("readme") ? "; the README's command (the JVM's defaults)" : "; the production options";
        r.target = "< " + limitMb + " MB";
        r.pass = rssMaxKb > 0 ? rssMaxKb < limitMb * 1024 : null;
        r.rssKb = rssMaxKb;
        add(r);
    }

    static void startupRow() throws IOException, InterruptedException {
        if (opt.startupFile != null) {
            // written by run.sh right after the launch the scenarios run on was ready
            for (int i = 0; i < 600 && !Files.exists(opt.startupFile); i++) {
                sleepUntil(System.nanoTime() + 100_000_000L);
            }
            for (String line : Files.exists(opt.startupFile) ? Files.readAllLines(opt.startupFile) : List.<String>of()) {
                String[] kv = line.split("=", 2);
                switch (kv[0]) {
                    case "plain" -> opt.startupPlainMs = kv[1];
                    case "plain-jvm" -> opt.startupPlainJvm = kv[1];
                    case "aot" -> opt.startupAotMs = kv[1];
                    case "first" -> opt.firstStartMs = kv[1];
                    case "service-jvm" -> opt.serviceJvm = kv[1];
                    default -> { }
                }
            }
        }
        String first = opt.firstStartMs.isBlank() ? "" : "; first launch (runs the migrations, fast-jar) " + opt.firstStartMs + " ms";
        if (!opt.startupAotMs.isBlank()) {
            Row r = new Row("start-up from the AOT cache: process start to /q/health/ready UP");
            r.note = String.format(Locale.ROOT, "mean %.0f ms of launches against the migrated database: %s ms (%s)",
                    mean(opt.startupAotMs), opt.startupAotMs, opt.serviceJvm);
            r.target = "< 1 s (mean)";
            r.pass = mean(opt.startupAotMs) < 1000;
            add(r);
        }
        Row r = new Row("start-up on the JDK on PATH, fast-jar, no AOT cache");
        if (opt.startupPlainMs.isBlank()) {
            r.note = "not measured";
            add(r);
            return;
        }
        double mean = mean(opt.startupPlainMs);
        String jvm = opt.startupPlainJvm.isBlank() ? "JVM on PATH" : opt.startupPlainJvm;
        r.note = String.format(Locale.ROOT, "mean %.0f ms of launches against the migrated database: %s ms (%s)", mean,
                opt.startupPlainMs, jvm) + first;
        // the target is set for JDK 17; another JDK's figure is reported only
        boolean jdk17 = jvm.contains("\"17.");
        r.target = jdk17 ? "< 2.5 s (mean, JDK 17)" : "report (the target is for JDK 17)";
        r.pass = jdk17 ? mean < 2500 : null;
        add(r);
    }

    static double mean(String commaSeparatedMs) {
        return Arrays.stream(commaSeparatedMs.split(",")).mapToLong(Long::parseLong).average().orElse(Double.NaN);
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
}

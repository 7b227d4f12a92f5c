package dev.ipamql.input;

import static dev.ipamql.support.Generators.anyStrings;
import static dev.ipamql.support.Generators.booleans;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.just;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.randoms;
import static dev.ipamql.support.Generators.stringsOf;
import static dev.ipamql.support.Generators.weight;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.quicktheories.core.Gen;

/**
 * Documents for {@code importNamespace}: well-formed ipamql exports and go-ipam dumps of a random tree
 * built as the operations would have built it (so valid by construction), and the same with exactly one
 * defect put in (so invalid by construction): bad CIDRs or addresses, overlaps, IPs outside their prefix
 * or reserved, duplicates, a prefix with IPs and children, NUL or lone surrogates in descriptions,
 * 200 kB strings, unknown fields, wrong JSON types, bad timestamps; plus truncated, random and tricky JSON.
 */
final class ImportDocuments {

    /** A document, the contract's verdict on it, and (when valid) how many prefixes it holds. */
    record Doc(String data, Verdict verdict, int prefixes, String label) {
        @Override
        public String toString() {
            return label + " (" + verdict + (verdict == Verdict.VALID ? ", " + prefixes + " prefixes" : "") + ", "
                    + data.length() + " chars): " + JsonText.shown(data, 400);
        }
    }

    /** One prefix of a generated tree. */
    private record P(String cidr, String parent, List<String> ips, String description, String createdAt, boolean v6) {
    }

    enum Defect {
        NONE, BAD_CIDR, BAD_PARENT, HUGE_STRING, OVERLAPPING_ROOTS, OVERLAPPING_CHILDREN, DUPLICATE_PREFIX,
        MISSING_PARENT, CHILD_OUTSIDE_PARENT, IP_OUTSIDE, IP_RESERVED, DUPLICATE_IP, IPS_AND_CHILDREN, BAD_DESCRIPTION,
        LONG_DESCRIPTION, UNKNOWN_FIELD, BAD_VERSION, BAD_FORMAT, WRONG_TYPE, BAD_TIMESTAMP, BAD_ADDRESS
    }

    private static final List<String> DESCRIPTIONS = List.of("site A", "", " ", "r\u00e9seau \u00e9t\u00e9",
            "\uD83D\uDE00 rack 7", "line\nbreak", "'); DROP TABLE prefix; --", "\"quoted\" \\ back", "d".repeat(1024),
            "\uD83D\uDE00".repeat(512), "\u202egnp.exe", "\u2028\u2029");
    private static final List<String> TIMESTAMPS = List.of("2024-05-01T09:30:00.123456Z", "2024-05-01T09:30:00Z",
            "2024-05-01T11:30:00+02:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2024-05-01T09:30Z",
            "1970-01-01T00:00:00-08:00");
    private static final List<String> BAD_CIDRS = List.of("", " ", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "256.0.0.0/8",
            "2001:db8::/129", "1::2::3/64", "localhost/8", "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0/8\u0000",
            "10.0.0.0\u0000/8", "fe80::1%eth0/64", "10.0.0.0/4294967304", "\uff11\uff10.0.0.0/8", "null", "[]",
            "10.0.0.0/8/8", "10.1/16", "0x0a000000/8", "::ffff:10.0.0/120", "\ud800");
    private static final List<String> BAD_ADDRESSES = List.of("", " ", "10.0.0.1/32", "10.0.0", "1.2.3.4.5", "256.1.1.1",
            "::g", "fe80::1%eth0", "10.0.0.1\u0000", "localhost", "167772161", "0x0a000001", "[::1]", "10.0.0.1:80",
            "\ud800");
    private static final List<String> BAD_TIMESTAMPS = List.of("yesterday", "", "2024-05-01", "2024-05-01T09:30:00",
            "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "2024-05-01T09:30:00.123456789Z",
            "2024-05-01T09:30:00.1234567Z", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00", "2024-05-01T09:30:00+19:00", "1714555800", "2024-05-01 09:30:00Z",
            "+294277-01-01T00:00:00Z");
    private static final String HUGE = "x".repeat(200 * 1024);

    private ImportDocuments() {
    }

    /** Documents of every kind; roughly a quarter of them valid. */
    static Gen<Doc> documents(String fixtureExport) {
        Gen<Doc> structured = randoms().zip(booleans(),
                frequency(weight(9, just(Defect.NONE)), weight(18, of(Defect.values()).assuming(d -> d != Defect.NONE))),
                integers(0, 9),
                (random, goIpam, defect, base) -> build(random, goIpam, defect, base == 0 ? fixtureExport : null));
        Gen<Doc> truncated = randoms().zip(booleans(), (random, goIpam) -> {
            Doc whole = build(random, goIpam, Defect.NONE, null);
            int cut = random.nextInt(whole.data().length());
            return new Doc(whole.data().substring(0, cut), Verdict.INVALID, 0, "cut at " + cut + " of a valid "
                    + (goIpam ? "go-ipam dump" : "export"));
        });
        Gen<Doc> randomText = oneOf(HostileValues.randomText(), anyStrings(0, 200),
                        stringsOf("[]{}\":,0123456789 truefalsn", 0, 60))
                .map(text -> judged(text, "random text"));
        Gen<Doc> tricky = of(trickyJson()).map(text -> judged(text, "tricky JSON"));
        return frequency(weight(12, structured), weight(2, truncated), weight(2, randomText), weight(2, tricky));
    }

    /** Text judged as a JSON value: unreadable, not a document, an empty dump (valid), or anything else (unknown). */
    static Doc judged(String text, String label) {
        Object value;
        try {
            value = Json.decodeValue(text);
        } catch (RuntimeException e) { // DecodeException included
            return new Doc(text, Verdict.INVALID, 0, label + " (not JSON)");
        }
        if (value instanceof JsonArray array) {
            return array.isEmpty() ? new Doc(text, Verdict.VALID, 0, label + " (empty dump)")
                    : new Doc(text, Verdict.UNKNOWN, 0, label);
        }
        if (value instanceof JsonObject object && "ipamql-export".equals(object.getValue("format"))) {
            return new Doc(text, Verdict.UNKNOWN, 0, label);
        }
        return new Doc(text, Verdict.INVALID, 0, label + " (neither an export nor a dump)");
    }

    private static List<String> trickyJson() {
        String empty = "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[]}";
        String one = "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[{\"cidr\":\"10.9.0.0/16\"}]}";
        return List.of("", " ", "null", "5", "-0", "\"text\"", "true", "{}", "[null]", "[5]", "[[]]", "[{}]", "[\"10.0.0.0/8\"]",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                "[{\"Cidr\":\"10.0.0.0/8\",\"IPs\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000) + "}]",
                "/* c */" + empty, empty.replace("1,", "1,/*c*/"), empty.replace("[]", "[],"),
                empty.replace("\"", "'"), empty.replace("1,", "NaN,"), empty.replace("1,", "1e400,"),
                empty.replace("1,", "1" + "0".repeat(2_000) + ","), empty.replace("1,", "01,"), empty.replace("1,", "+1,"),
                empty.replace("1,", "1.0,"), empty.replace("1,", "Infinity,"), "\ufeff" + empty,
                one.replace("10.9.0.0/16", "10.9.0.0/16\u0000"), one.replace("10.9.0.0/16", "10.9.\u0001.0/16"),
                empty.substring(0, empty.length() - 1), empty + "}", empty + "]", empty + " x", empty + empty,
                "{\"format\":\"ipamql-export\",\"format\":\"other\",\"version\":1,\"prefixes\":[]}",
                "{\"version\":1,\"prefixes\":[],\"format\":\"ipamql-export\",\"version\":2}",
                "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[],\"\u0000\":1}",
                "[{\"Cidr\":\"10.0.0.0/8\",\"IPs\":{\"10.0.0.1\":true,\"10.0.0.1\":false}}]",
                "[{\"Cidr\":\"10.0.0.0/8\"},{\"Cidr\":\"10.0.0.0/8\"}]", "[{\"Cidr\":\"10.0.0.0/8\",\"ParentCidr\":\"10.0.0.0/8\"}]",
                "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[{\"cidr\":\"10.9.0.0/16\",\"parentCidr\":\"10.9.0.0/16\"}]}",
                "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[{\"cidr\":\"10.9.1.0/24\",\"parentCidr\":\"10.9.0.0/16\"},"
                        + "{\"cidr\":\"10.9.0.0/16\",\"parentCidr\":\"10.9.1.0/24\"}]}");
    }

    // ---- structured documents

    private static Doc build(Random random, boolean goIpam, Defect defect, String fixtureExport) {
        Object document;
        int count;
        String base;
        if (fixtureExport != null && !goIpam) {
            document = Json.decodeValue(fixtureExport) instanceof JsonObject object ? toJava(object) : null;
            count = ((List<?>) ((Map<?, ?>) document).get("prefixes")).size();
            base = "the fixture's export";
        } else {
            List<P> tree = tree(random);
            document = goIpam ? goIpam(tree, random) : ipamql(tree, random);
            count = tree.size();
            base = "a valid " + (goIpam ? "go-ipam dump" : "export") + " of " + count + " prefixes";
        }
        if (defect == Defect.NONE) {
            return new Doc(JsonText.json(document), Verdict.VALID, count, base);
        }
        String what = goIpam ? corruptDump(castList(document), defect, random)
                : corruptExport(castMap(document), defect, random);
        return new Doc(JsonText.json(document), Verdict.INVALID, 0, base + ", then " + defect + ": " + what);
    }

    private static List<P> tree(Random random) {
        List<Integer> indices = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        Collections.shuffle(indices, random);
        List<P> prefixes = new ArrayList<>();
        int roots = random.nextInt(4);
        for (int r = 0; r < roots; r++) {
            int i = indices.get(r);
            boolean v6 = random.nextBoolean();
            String root = v6 ? "2001:db8:" + i + "::/48" : "10." + i + ".0.0/16";
            if (random.nextBoolean()) {
                List<String> ips = new ArrayList<>();
                for (int k : distinct(random, random.nextInt(4), 1, 254)) {
                    ips.add(v6 ? "2001:db8:" + i + "::" + Integer.toHexString(k) : "10." + i + ".1." + k);
                }
                prefixes.add(prefix(random, root, null, ips, v6));
            } else {
                prefixes.add(prefix(random, root, null, List.of(), v6));
                for (int j : distinct(random, 1 + random.nextInt(3), 0, 255)) {
                    String child = v6 ? "2001:db8:" + i + ":" + Integer.toHexString(j) + "::/64" : "10." + i + "." + j + ".0/24";
                    List<String> ips = new ArrayList<>();
                    for (int k : distinct(random, random.nextInt(3), 1, 254)) {
                        ips.add(v6 ? "2001:db8:" + i + ":" + Integer.toHexString(j) + "::" + Integer.toHexString(k)
                                : "10." + i + "." + j + "." + k);
                    }
                    prefixes.add(prefix(random, child, root, ips, v6));
                }
            }
        }
        return prefixes;
    }

    private static P prefix(Random random, String cidr, String parent, List<String> ips, boolean v6) {
        return new P(cidr, parent, ips, random.nextInt(3) == 0 ? null : DESCRIPTIONS.get(random.nextInt(DESCRIPTIONS.size())),
                random.nextInt(3) == 0 ? null : TIMESTAMPS.get(random.nextInt(TIMESTAMPS.size())), v6);
    }

    private static List<Integer> distinct(Random random, int n, int from, int to) {
        List<Integer> all = new ArrayList<>();
        for (int k = from; k <= to; k++) {
            all.add(k);
        }
        Collections.shuffle(all, random);
        return all.subList(0, n);
    }

    private static Map<String, Object> ipamql(List<P> tree, Random random) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", "ipamql-export");
        document.put("version", 1);
        if (random.nextBoolean()) {
            document.put("namespace", random.nextBoolean() ? "lab" : "any text \u00e9 \uD83D\uDE00");
        }
        if (random.nextBoolean()) {
            document.put("createdAt", TIMESTAMPS.get(random.nextInt(TIMESTAMPS.size())));
        }
        List<Object> prefixes = new ArrayList<>();
        List<P> shuffled = new ArrayList<>(tree);
        Collections.shuffle(shuffled, random);
        for (P p : shuffled) {
            Map<String, Object> prefix = new LinkedHashMap<>();
            prefix.put("cidr", p.cidr());
            if (p.parent() != null || random.nextBoolean()) {
                prefix.put("parentCidr", p.parent());
            }
            if (p.description() != null || random.nextBoolean()) {
                prefix.put("description", p.description());
            }
            if (p.createdAt() != null) {
                prefix.put("createdAt", p.createdAt());
            }
            if (!p.ips().isEmpty() || random.nextBoolean()) {
                List<Object> ips = new ArrayList<>();
                for (String address : p.ips()) {
                    Map<String, Object> ip = new LinkedHashMap<>();
                    ip.put("address", address);
                    if (random.nextBoolean()) {
                        ip.put("description", DESCRIPTIONS.get(random.nextInt(DESCRIPTIONS.size())));
                    }
                    if (random.nextBoolean()) {
                        ip.put("createdAt", TIMESTAMPS.get(random.nextInt(TIMESTAMPS.size())));
                    }
                    ips.add(ip);
                }
                prefix.put("ips", ips);
            }
            prefixes.add(prefix);
        }
        document.put("prefixes", prefixes);
        return document;
    }

    private static List<Object> goIpam(List<P> tree, Random random) {
        List<Object> dump = new ArrayList<>();
        for (P p : tree) {
            Map<String, Object> prefix = new LinkedHashMap<>();
            prefix.put("Cidr", p.cidr());
            prefix.put("ParentCidr", p.parent() == null ? "" : p.parent());
            prefix.put("Namespace", "root");
            prefix.put("IsParent", tree.stream().anyMatch(other -> p.cidr().equals(other.parent())));
            prefix.put("AvailableChildPrefixes", Map.of());
            prefix.put("ChildPrefixLength", 0);
            Map<String, Object> ips = new LinkedHashMap<>();
            // what go-ipam puts in every prefix: its first address, and for IPv4 its last
            String network = p.cidr().substring(0, p.cidr().indexOf('/'));
            ips.put(network, true);
            if (!p.v6()) {
                ips.put(p.cidr().endsWith("/16") ? network.replaceAll("\\.0\\.0$", ".255.255")
                        : network.replaceAll("\\.0$", ".255"), true);
            }
            for (String address : p.ips()) {
                ips.put(address, true);
            }
            if (random.nextInt(4) == 0 && !p.v6()) {
                ips.put(network.replaceAll("\\.0$", ".77"), false); // released in go-ipam: not acquired
            }
            prefix.put("IPs", ips);
            prefix.put("Version", random.nextInt(5));
            dump.add(prefix);
        }
        return dump;
    }

    // ---- defects

    private static Object pick(Random random, List<?> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object value) {
        return (List<Object>) value;
    }

    private static Map<String, Object> entry(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static List<Object> ipList(String... addresses) {
        List<Object> ips = new ArrayList<>();
        for (String address : addresses) {
            ips.add(entry("address", address));
        }
        return ips;
    }

    /** A prefix of the document to spoil, or a new root added for it when there is none. */
    private static Map<String, Object> somePrefix(List<Object> prefixes, Random random) {
        if (prefixes.isEmpty()) {
            prefixes.add(entry("cidr", "10.210.0.0/16"));
        }
        return castMap(prefixes.get(random.nextInt(prefixes.size())));
    }

    /** An IP of the document to spoil, or a new prefix with one IP added for it. */
    private static Map<String, Object> someIp(List<Object> prefixes, Random random) {
        List<Map<String, Object>> ips = new ArrayList<>();
        for (Object prefix : prefixes) {
            if (castMap(prefix).get("ips") instanceof List<?> list) {
                list.forEach(ip -> ips.add(castMap(ip)));
            }
        }
        if (ips.isEmpty()) {
            Map<String, Object> ip = entry("address", "10.211.0.1");
            prefixes.add(entry("cidr", "10.211.0.0/24", "ips", new ArrayList<>(List.of(ip))));
            return ip;
        }
        return ips.get(random.nextInt(ips.size()));
    }

    private static String corruptExport(Map<String, Object> document, Defect defect, Random random) {
        List<Object> prefixes = castList(document.get("prefixes"));
        switch (defect) {
            case BAD_CIDR -> {
                Object bad = pick(random, BAD_CIDRS);
                somePrefix(prefixes, random).put("cidr", bad);
                return "cidr " + JsonText.shown((String) bad);
            }
            case BAD_PARENT -> {
                Object bad = pick(random, BAD_CIDRS);
                somePrefix(prefixes, random).put("parentCidr", bad);
                return "parentCidr " + JsonText.shown((String) bad);
            }
            case HUGE_STRING -> {
                int where = random.nextInt(4);
                switch (where) {
                    case 0 -> somePrefix(prefixes, random).put("cidr", HUGE);
                    case 1 -> somePrefix(prefixes, random).put("description", HUGE);
                    case 2 -> someIp(prefixes, random).put("address", HUGE);
                    default -> somePrefix(prefixes, random).put(HUGE, 1);
                }
                return "a 200 kB " + List.of("cidr", "description", "address", "field name").get(where);
            }
            case OVERLAPPING_ROOTS -> {
                List<String> pair = castPair(pick(random, List.of(List.of("10.200.0.0/16", "10.200.0.0/17"),
                        List.of("10.200.0.0/16", "10.200.5.7/32"), List.of("2001:db8:ff::/48", "2001:db8:ff:1::/64"),
                        List.of("0.0.0.0/0", "10.200.0.0/16"), List.of("::/0", "2001:db8:ff::/48"),
                        List.of("10.200.0.0/16", "10.200.0.1/16"), List.of("10.200.0.0/15", "10.201.0.0/16"))));
                prefixes.add(random.nextInt(prefixes.size() + 1), entry("cidr", pair.get(0)));
                prefixes.add(random.nextInt(prefixes.size() + 1), entry("cidr", pair.get(1), "parentCidr", null));
                return "roots " + pair;
            }
            case OVERLAPPING_CHILDREN -> {
                prefixes.add(entry("cidr", "10.201.0.0/16"));
                prefixes.add(entry("cidr", "10.201.0.0/24", "parentCidr", "10.201.0.0/16"));
                String second = (String) pick(random, List.of("10.201.0.128/25", "10.201.0.0/23", "10.201.0.7/32", "10.201.0.0/24"));
                prefixes.add(entry("cidr", second, "parentCidr", "10.201.0.0/16"));
                return "children 10.201.0.0/24 and " + second;
            }
            case DUPLICATE_PREFIX -> {
                Map<String, Object> original = somePrefix(prefixes, random);
                Map<String, Object> copy = new LinkedHashMap<>(original);
                copy.remove("ips");
                copy.put("cidr", respelled((String) original.get("cidr")));
                prefixes.add(random.nextInt(prefixes.size() + 1), copy);
                return "prefix " + original.get("cidr") + " twice, the second as " + copy.get("cidr");
            }
            case MISSING_PARENT -> {
                prefixes.add(entry("cidr", "172.16.1.0/24", "parentCidr", "172.16.0.0/16"));
                return "parentCidr 172.16.0.0/16 not in the document";
            }
            case CHILD_OUTSIDE_PARENT -> {
                String child = (String) pick(random, List.of("10.203.0.0/24", "10.202.0.0/15", "10.202.0.0/16", "0.0.0.0/0",
                        "2001:db8:ff::/64"));
                prefixes.add(entry("cidr", "10.202.0.0/16"));
                prefixes.add(entry("cidr", child, "parentCidr", "10.202.0.0/16"));
                return "child " + child + " of 10.202.0.0/16";
            }
            case IP_OUTSIDE -> {
                String address = (String) pick(random, List.of("10.205.0.1", "10.204.1.0", "2001:db8::1", "::ffff:10.204.0.1",
                        "0.0.0.0", "255.255.255.255"));
                prefixes.add(entry("cidr", "10.204.0.0/24", "ips", ipList(address)));
                return "IP " + address + " in 10.204.0.0/24";
            }
            case IP_RESERVED -> {
                List<String> pair = castPair(pick(random, List.of(List.of("10.204.0.0/24", "10.204.0.0"),
                        List.of("10.204.0.0/24", "10.204.0.255"), List.of("10.204.0.0/30", "10.204.0.3"),
                        List.of("2001:db8:fe::/64", "2001:db8:fe::"), List.of("2001:db8:fe::/126", "2001:db8:fe:0:0:0:0:0"))));
                prefixes.add(entry("cidr", pair.get(0), "ips", ipList(pair.get(1))));
                return "reserved IP " + pair.get(1) + " in " + pair.get(0);
            }
            case DUPLICATE_IP -> {
                List<String> pair = castPair(pick(random, List.of(List.of("10.204.0.5", "10.204.0.5"),
                        List.of("2001:db8:fe::5", "2001:DB8:FE:0:0:0:0:5"), List.of("::ffff:10.0.0.5", "::ffff:a00:5"))));
                String cidr = pair.get(0).startsWith("::ffff") ? "::ffff:10.0.0.0/120"
                        : pair.get(0).contains(":") ? "2001:db8:fe::/64" : "10.204.0.0/24";
                prefixes.add(entry("cidr", cidr, "ips", ipList(pair.get(0), pair.get(1))));
                return "IP " + pair.get(0) + " and " + pair.get(1) + " in " + cidr;
            }
            case IPS_AND_CHILDREN -> {
                prefixes.add(entry("cidr", "10.206.0.0/16", "ips", ipList("10.206.1.1")));
                prefixes.add(entry("cidr", "10.206.2.0/24", "parentCidr", "10.206.0.0/16"));
                return "10.206.0.0/16 with an IP and a child";
            }
            case BAD_DESCRIPTION -> {
                String bad = (String) pick(random, List.of("a\u0000b", "\u0000", "\ud800", "x\udfff", "\udc00\ud800",
                        "\uD83D\uDE00\ud800"));
                (random.nextBoolean() ? somePrefix(prefixes, random) : someIp(prefixes, random)).put("description", bad);
                return "description " + JsonText.shown(bad);
            }
            case LONG_DESCRIPTION -> {
                int length = (int) pick(random, List.of(1025, 1026, 2048, 10_240, 150_000));
                (random.nextBoolean() ? somePrefix(prefixes, random) : someIp(prefixes, random)).put("description",
                        "d".repeat(length));
                return "a description of " + length + " characters";
            }
            case UNKNOWN_FIELD -> {
                String name = (String) pick(random, List.of("extra", "Cidr", "IPs", "__proto__", "cidr ", "", "prefix",
                        "\u0000", "id", "namespace ", "x".repeat(10_240)));
                int where = random.nextInt(3);
                (where == 0 ? document : where == 1 ? somePrefix(prefixes, random) : someIp(prefixes, random)).put(name, "x");
                return "unknown field " + JsonText.shown(name, 40) + " in the " + List.of("document", "prefix", "IP").get(where);
            }
            case BAD_VERSION -> {
                Object version = pick(random, List.of(0, 2, -1, "1", 1.0, new JsonText.Raw("1e400"), JsonText.NULL, true,
                        List.of(1), Map.of(), new java.math.BigInteger("99999999999999999999"), 4294967297L, "missing"));
                if ("missing".equals(version)) {
                    document.remove("version");
                } else {
                    document.put("version", version);
                }
                return "version " + JsonText.json(version);
            }
            case BAD_FORMAT -> {
                Object format = pick(random, List.of("ipamql", "IPAMQL-EXPORT", "ipamql-export ", "", 5, JsonText.NULL,
                        List.of("ipamql-export"), "go-ipam", "missing"));
                if ("missing".equals(format)) {
                    document.remove("format");
                } else {
                    document.put("format", format);
                }
                return "format " + JsonText.json(format);
            }
            case WRONG_TYPE -> {
                return wrongType(document, prefixes, random);
            }
            case BAD_TIMESTAMP -> {
                String bad = (String) pick(random, BAD_TIMESTAMPS);
                int where = random.nextInt(3);
                (where == 0 ? document : where == 1 ? somePrefix(prefixes, random) : someIp(prefixes, random)).put("createdAt", bad);
                return "createdAt " + JsonText.shown(bad) + " in the " + List.of("document", "prefix", "IP").get(where);
            }
            case BAD_ADDRESS -> {
                String bad = (String) pick(random, BAD_ADDRESSES);
                someIp(prefixes, random).put("address", bad);
                return "address " + JsonText.shown(bad);
            }
            default -> throw new IllegalArgumentException(defect.toString());
        }
    }

    private static String wrongType(Map<String, Object> document, List<Object> prefixes, Random random) {
        int where = random.nextInt(10);
        Object value = pick(random, List.of(5, true, List.of(), Map.of(), 1.5));
        switch (where) {
            case 0 -> document.put("prefixes", pick(random, List.of(Map.of(), "x", 5, JsonText.NULL)));
            case 1 -> prefixes.add(random.nextInt(prefixes.size() + 1), pick(random, List.of("10.0.0.0/8", 5, List.of(),
                    JsonText.NULL)));
            case 2 -> somePrefix(prefixes, random).put("cidr", pick(random, List.of(5, JsonText.NULL, List.of("10.0.0.0/8"),
                    Map.of())));
            case 3 -> somePrefix(prefixes, random).remove("cidr");
            case 4 -> somePrefix(prefixes, random).put("parentCidr", value);
            case 5 -> somePrefix(prefixes, random).put("ips", pick(random, List.of(Map.of(), "10.0.0.1", 5, true)));
            case 6 -> {
                Map<String, Object> prefix = somePrefix(prefixes, random);
                List<Object> ips = prefix.get("ips") instanceof List<?> list ? castList(list) : new ArrayList<>();
                ips.add(pick(random, List.of("10.0.0.1", 5, JsonText.NULL, List.of())));
                prefix.put("ips", ips);
            }
            case 7 -> someIp(prefixes, random).put("address", pick(random, List.of(5, JsonText.NULL, List.of(), Map.of())));
            case 8 -> (random.nextBoolean() ? somePrefix(prefixes, random) : someIp(prefixes, random)).put("description", value);
            default -> (random.nextBoolean() ? somePrefix(prefixes, random) : document).put("createdAt", value);
        }
        return "a value of the wrong JSON type at " + List.of("prefixes", "a prefix", "cidr", "cidr (missing)",
                "parentCidr", "ips", "an IP", "address", "description", "createdAt").get(where);
    }

    private static String corruptDump(List<Object> dump, Defect defect, Random random) {
        if (dump.isEmpty() || random.nextInt(4) == 0) {
            dump.add(entry("Cidr", "10.212.0.0/24", "ParentCidr", "", "IPs", new LinkedHashMap<>(Map.of("10.212.0.0", true))));
        }
        Map<String, Object> prefix = castMap(dump.get(random.nextInt(dump.size())));
        switch (defect) {
            case BAD_CIDR, HUGE_STRING -> {
                String bad = defect == Defect.HUGE_STRING ? HUGE : (String) pick(random, BAD_CIDRS);
                prefix.put("Cidr", bad);
                return "Cidr " + JsonText.shown(bad, 40);
            }
            case BAD_PARENT, MISSING_PARENT -> {
                String bad = defect == Defect.MISSING_PARENT ? "172.16.0.0/16" : (String) pick(random, BAD_CIDRS.stream()
                        .filter(t -> !t.isEmpty()).toList());
                prefix.put("ParentCidr", bad);
                return "ParentCidr " + JsonText.shown(bad);
            }
            case OVERLAPPING_ROOTS, OVERLAPPING_CHILDREN, DUPLICATE_PREFIX -> {
                dump.add(entry("Cidr", "10.200.0.0/16", "ParentCidr", ""));
                dump.add(entry("Cidr", defect == Defect.DUPLICATE_PREFIX ? "10.200.0.0/16" : "10.200.128.0/17", "ParentCidr", ""));
                return "two overlapping roots";
            }
            case IP_OUTSIDE, IP_RESERVED, DUPLICATE_IP, BAD_ADDRESS -> {
                String address = defect == Defect.BAD_ADDRESS ? (String) pick(random, BAD_ADDRESSES)
                        : (String) pick(random, List.of("192.0.2.1", "2001:db8:ffff::1", "11.0.0.0"));
                Map<String, Object> ips = new LinkedHashMap<>();
                ips.put(address, true);
                prefix.put("IPs", ips);
                return "IPs {" + JsonText.shown(address) + ": true} in " + JsonText.shown(String.valueOf(prefix.get("Cidr")));
            }
            case CHILD_OUTSIDE_PARENT, IPS_AND_CHILDREN -> {
                dump.add(entry("Cidr", "10.202.0.0/16", "ParentCidr", ""));
                dump.add(entry("Cidr", "10.203.0.0/24", "ParentCidr", "10.202.0.0/16"));
                return "child 10.203.0.0/24 of 10.202.0.0/16";
            }
            case UNKNOWN_FIELD, BAD_VERSION, BAD_FORMAT, BAD_TIMESTAMP, BAD_DESCRIPTION, LONG_DESCRIPTION -> {
                // go-ipam's other fields are ignored: spoil the IPs map instead
                Object value = pick(random, List.of("yes", 1, JsonText.NULL, List.of(true), Map.of()));
                Map<String, Object> ips = new LinkedHashMap<>();
                ips.put("10.212.0.5", value);
                prefix.put("IPs", ips);
                return "IPs value " + JsonText.json(value);
            }
            case WRONG_TYPE -> {
                int where = random.nextInt(4);
                switch (where) {
                    case 0 -> dump.add(random.nextInt(dump.size() + 1), pick(random, List.of(5, "10.0.0.0/8", JsonText.NULL,
                            List.of())));
                    case 1 -> prefix.put("Cidr", pick(random, List.of(5, JsonText.NULL, List.of(), Map.of())));
                    case 2 -> prefix.put("IPs", pick(random, List.of(List.of("10.212.0.5"), "10.212.0.5", 5, true)));
                    default -> prefix.put("ParentCidr", pick(random, List.of(5, true, List.of(), Map.of())));
                }
                return "a value of the wrong JSON type at " + List.of("an element", "Cidr", "IPs", "ParentCidr").get(where);
            }
            default -> throw new IllegalArgumentException(defect.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castPair(Object value) {
        return (List<String>) value;
    }

    /** Another valid spelling of a CIDR (same block). */
    private static String respelled(String cidr) {
        int slash = cidr.indexOf('/');
        String address = cidr.substring(0, slash);
        if (address.contains(":")) {
            return address.toUpperCase(java.util.Locale.ROOT) + cidr.substring(slash);
        }
        return address.replaceAll("\\.0$", ".1") + cidr.substring(slash);
    }

    /** A decoded JSON object as plain Java maps and lists, so that defects can be put in. */
    private static Object toJava(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(item -> list.add(toJava(item)));
            return list;
        }
        return value == null ? JsonText.NULL : value;
    }
}

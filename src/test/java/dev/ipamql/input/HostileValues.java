package dev.ipamql.input;

import static dev.ipamql.support.Generators.anyStrings;
import static dev.ipamql.support.Generators.asciiStrings;
import static dev.ipamql.support.Generators.bigIntegers;
import static dev.ipamql.support.Generators.bytes;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.stringsOf;
import static dev.ipamql.support.Generators.weight;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Generators of hostile text for every scalar of the schema, each value judged by the contract's rules
 * (SEMANTICS.md, Values): a CIDR is {@code address/length} with an IPv4 dotted quad or an RFC 4291 IPv6
 * address and a length of at most 32 / 128; a namespace name is 1-63 of a-z, 0-9, '-' starting with a
 * letter or digit; a description is at most 1024 characters; a cursor is only what the service issued.
 */
final class HostileValues {

    static final Pattern NAMESPACE_RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CIDR_SHAPE = Pattern.compile("([0-9A-Fa-f:.]+)/([0-9]+)");
    private static final Pattern ADDRESS_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Characters that no CIDR or address contains: whitespace, controls, invisible and look-alike ones. */
    static final List<String> JUNK = List.of(" ", "\t", "\n", "\r\n", "\u000b", "\f", "\u0000", "\u0001", "\u0007",
            "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f", "\u00a0", "\u1680", "\u2003", "\u200b", "\u200e",
            "\u2028", "\u202e", "\u3000", "\ufeff", "\ufffd", "\ud800", "\udfff", "\uD83D\uDE00", "%", "%eth0",
            "%25eth0", "%1", "#", "?", "'", "\"", "\\", ",", ";", "[", "]", "+", "-", "_", "~", "*", "\u00e9", "\uff10",
            "\u0660", "\u2215", "\u3002", "0x", "/", "//");

    /** Names that are looked up but must never be resolved as hosts. */
    static final List<String> HOST_NAMES = List.of("localhost", "LOCALHOST", "localhost.", "example.com",
            "www.google.com", "ip6-localhost", "a.root-servers.net", "xn--nxasmq6b.com", "10.0.0.1.nip.io",
            "metadata.google.internal", "dead.beef", "cafe", "face", "beef::cafe.example", "127.1", "0", "1");

    static final List<String> VALID_CIDRS = List.of("10.0.0.0/8", "10.1.2.3/8", "192.0.2.0/24", "192.0.2.255/24",
            "0.0.0.0/0", "1.2.3.4/0", "255.255.255.255/32", "203.0.113.7/31", "2001:db8::/32", "2001:DB8::/32",
            "2001:0db8:0000:0000:0000:0000:0000:0000/32", "2001:db8:0:0:1:0:0:1/128", "2001:db8::1/64", "::/0",
            "::/128", "::1/128", "fe80::/10", "FE80::1/64", "::ffff:192.0.2.0/120", "::ffff:0:0/96",
            "::192.0.2.0/120", "0:0:0:0:0:ffff:c000:200/120", "64:ff9b::192.0.2.1/128", "2001:db8::ffff:192.0.2.1/128");

    static final List<String> INVALID_CIDRS = List.of("", " ", "/", "/24", "10.0.0.0/", "10.0.0.0", "2001:db8::",
            "10.0.0/24", "10.0.0.0.0/24", "256.0.0.0/8", "10.0.0.-1/8", "1:2:3:4:5:6:7:8:9/64", ":::/64", "1::2::3/64",
            "g::/64", "12345::/64", "10.0.0.0/8/8", "10.0.0.0/255.0.0.0", "10.0.0.0/0.255.255.255", "10.0.0.*/24",
            "*.*.*.*/0", "*", "10.0.0.0-10.0.0.5/24", "10.0.0.0/8-16", "0x0a000000/8", "0x0a.0.0.0/8", "10/8",
            "10.1/16", "167772160/8", "10.0.0.0\\8", "10.0.0.0 /8", "10.0.0.0/ 8", "10.0.0.0//8", "10,0,0,0/8",
            "10.0.0.0/8,11.0.0.0/8", "2001:db8::/32%eth0", "2001:db8::%eth0/32", "fe80::1%eth0/64", "fe80::%25eth0/64",
            "fe80::1%1/64", "[2001:db8::]/32", "[2001:db8::/32]", "2001:db8::/0x20", "10.0.0.0/8.0", "10.0.0.0/8e0",
            "10.0.0.0/1e1", "::ffff:256.0.0.0/120", "::ffff:10.0.0/120", "0:0:0:0:0:0:0:0:0/0", "null", "undefined",
            "NaN", "true", "[]", "{}", "\"10.0.0.0/8\"", "'10.0.0.0/8'", "10.0.0.0/8' OR '1'='1",
            "10.0.0.0/8; DROP TABLE prefix", "%00", "10.0.0.0%2F8", "\u0661\u0660.\u0660.\u0660.\u0660/\u0668",
            "\uff11\uff10.\uff10.\uff10.\uff10/\uff18", "10.0.0.0/\uff18", "10.0.0.0\u22158", "10\u30020\u30020\u30020/8",
            "2001:d\u0432b8::/32", "10.0.0.0/-0", "10.0.0.0/+8", "10.0.0.0/08.5");

    static final List<String> VALID_ADDRESSES = List.of("10.0.0.1", "192.0.2.1", "0.0.0.0", "255.255.255.255",
            "2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::", "::1", "fe80::1",
            "::ffff:192.0.2.1", "::ffff:c000:201", "0:0:0:0:0:ffff:192.0.2.1", "::192.0.2.1", "64:ff9b::192.0.2.1",
            "1:2:3:4:5:6:7:8", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    static final List<String> INVALID_ADDRESSES = List.of("", " ", "fe80::1%eth0", "fe80::1%25eth0", "fe80::1%1",
            "::ffff:192.0.2.1%eth0", "[::1]", "[::1]:80", "10.0.0.1:80", "10.0.0.1/32", "::1/128", "167772161",
            "0x0a000001", "0xa.0.0.1", "10.1", "10.0.1", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "1::2::3", ":::",
            "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "::ffff:256.0.0.1", "::ffff:1.2.3", "1.2.3.4:", "-1", "1e3",
            "null", "undefined", "NaN", "[]", "{}", "10.0.0.1 ", " 10.0.0.1", "\uff11\uff10.0.0.1",
            "\u0661\u0660.0.0.1", "10.0.0.1\u0000", "10.0.0.1\u0000x", "\u000010.0.0.1", "10.0.0.1/", "10.0.0.1-10.0.0.2",
            "10.0.0.*", "1.2.3.4.in-addr.arpa");

    static final List<String> FAMILIES_INVALID = List.of("v4", "v6", "V5", "", "IPV4", "IPv4", "V4 ", " V4",
            "V4\u0000", "ipv6", "V\uff16", "\uff364", "4", "6", "null", "true", "V4,V6", "V4|V6", "ALL", "*", "V4V6");

    private HostileValues() {
    }

    // ---- verdicts by the contract's rules

    /** address/length with a valid address and a length in range; leading zeros in the length undecided. */
    static Verdict cidrVerdict(String text) {
        Matcher shape = CIDR_SHAPE.matcher(text);
        if (!shape.matches()) {
            return Verdict.INVALID;
        }
        Verdict address = addressVerdict(shape.group(1));
        if (address == Verdict.INVALID) {
            return Verdict.INVALID;
        }
        String length = shape.group(2);
        int max = shape.group(1).contains(":") ? 128 : 32;
        if (new BigInteger(length).compareTo(BigInteger.valueOf(max)) > 0) {
            return Verdict.INVALID;
        }
        return length.length() > 1 && length.startsWith("0") ? Verdict.UNKNOWN : address;
    }

    /** An IPv4 dotted quad (leading zeros undecided: octal to some parsers) or an RFC 4291 IPv6 address. */
    static Verdict addressVerdict(String text) {
        if (!ADDRESS_CHARS.matcher(text).matches()) {
            return Verdict.INVALID;
        }
        if (!text.contains(":")) {
            return ipv4(text);
        }
        String hex = text;
        if (text.contains(".")) {
            int lastColon = text.lastIndexOf(':');
            Verdict embedded = ipv4(text.substring(lastColon + 1));
            if (embedded == Verdict.INVALID) {
                return Verdict.INVALID;
            }
            hex = text.substring(0, lastColon + 1) + "0:0";
            if (!ipv6Groups(hex)) {
                return Verdict.INVALID;
            }
            return embedded;
        }
        return Verdict.of(ipv6Groups(hex));
    }

    private static Verdict ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Verdict.INVALID;
        }
        boolean leadingZero = false;
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                return Verdict.INVALID;
            }
            leadingZero |= part.length() > 1 && part.startsWith("0");
        }
        return leadingZero ? Verdict.UNKNOWN : Verdict.VALID;
    }

    private static boolean ipv6Groups(String text) {
        int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::") || text.contains(":::")) {
            return false;
        }
        if (gap < 0) {
            return groups(text) == 8;
        }
        int left = text.substring(0, gap).isEmpty() ? 0 : groups(text.substring(0, gap));
        int right = text.substring(gap + 2).isEmpty() ? 0 : groups(text.substring(gap + 2));
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /** Number of colon-separated groups of 1-4 hex digits, or -1 when one is malformed. */
    private static int groups(String text) {
        String[] groups = text.split(":", -1);
        for (String group : groups) {
            if (!group.matches("[0-9A-Fa-f]{1,4}")) {
                return -1;
            }
        }
        return groups.length;
    }

    static Verdict nameVerdict(String name) {
        return Verdict.of(name != null && NAMESPACE_RULE.matcher(name).matches());
    }

    /** Longer than 1024 characters: invalid; at most 1024 UTF-16 units, well-formed and no NUL: valid. */
    static Verdict descriptionVerdict(String description) {
        if (description.codePointCount(0, description.length()) > 1024) {
            return Verdict.INVALID;
        }
        return description.length() <= 1024 && wellFormed(description) && description.indexOf('\u0000') < 0
                ? Verdict.VALID : Verdict.UNKNOWN;
    }

    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A cursor the service could have issued for this list (marker {@code prefix:} or {@code ip:}) or not. */
    static Verdict cursorVerdict(String cursor, String marker) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (!decoded.startsWith(marker)) {
            return Verdict.INVALID;
        }
        String position = decoded.substring(marker.length());
        Verdict verdict = marker.equals("prefix:") ? cidrVerdict(position) : addressVerdict(position);
        return verdict == Verdict.INVALID ? Verdict.INVALID : Verdict.UNKNOWN;
    }

    // ---- text

    static Gen<String> randomText() {
        return frequency(
                weight(3, anyStrings(0, 40)),
                weight(3, asciiStrings(0, 40)),
                weight(3, stringsOf("0123456789abcdefABCDEF:./", 1, 45)),
                weight(2, stringsOf("0123456789./:", 1, 20)),
                weight(1, tenKilobytes())
        ).assuming(Answer::echoSafe);
    }

    static Gen<String> tenKilobytes() {
        return oneOf(
                of("1", "a", ":", ".", "/", "0", " ", "\u0000", "\u00e9", "\uD83D\uDE00", "10.0.0.0/8", "::",
                        "\ud800").map(unit -> unit.repeat(10_240 / unit.length())),
                of("10.0.0.0/" + "0".repeat(10_000) + "8", "10.0.0.0/8" + " ".repeat(10_000),
                        " ".repeat(10_000) + "10.0.0.1", "2001:db8::" + ":0".repeat(5_000) + "/64"));
    }

    /** A base text with one junk character put before, after or inside it. */
    static Gen<String> decorated(Gen<String> bases) {
        return bases.zip(of(JUNK), integers(0, 200), integers(0, 3), (base, junk, at, where) -> switch (where) {
            case 0 -> junk + base;
            case 1 -> base + junk;
            default -> {
                int i = at % (base.length() + 1);
                yield base.substring(0, i) + junk + base.substring(i);
            }
        });
    }

    /** The address of each base CIDR with a length out of range, signed, beyond 32 bits or not a number. */
    static Gen<String> outOfRangeLengths(Gen<String> cidrBases) {
        Gen<String> lengths = frequency(
                weight(4, of("-1", "-0", "33", "64", "128", "129", "130", "255", "256", "999", "32768",
                        "65536", "2147483647", "2147483648", "2147483656", "2147483672", "4294967295", "4294967296",
                        "4294967304", "4294967320", "4294967424", "9223372036854775807", "9223372036854775808",
                        "18446744073709551624", "99999999999999999999999", "1" + "0".repeat(40), "", "+8", " 8", "8 ",
                        "0x8", "8.0", "1e1", "\u0668", "\uff18", "-2147483648", "-4294967288", "0000000000000000000004294967304")),
                weight(1, bigIntegers(BigInteger.valueOf(129), BigInteger.TWO.pow(70)).map(length -> length.toString())),
                weight(1, integers(Integer.MIN_VALUE, -1).map(length -> String.valueOf(length))));
        return cidrBases.map(base -> base.substring(0, base.indexOf('/'))).zip(lengths, (address, length) -> address + "/" + length);
    }

    // ---- CIDRs and addresses

    static Gen<Hostile> cidrs(Gen<Hostile> valid, Gen<String> bases) {
        Gen<String> hostNames = of(HOST_NAMES).zip(of("", "/8", "/24", "/32", "/64"), (host, length) -> host + length);
        return frequency(
                weight(3, valid),
                weight(2, of(INVALID_CIDRS).map(Hostile::invalid)),
                weight(1, hostNames.map(Hostile::invalid)),
                weight(3, decorated(bases).map(HostileValues::judgedCidr)),
                weight(2, outOfRangeLengths(bases).map(HostileValues::judgedCidr)),
                weight(2, randomText().map(HostileValues::judgedCidr)));
    }

    /** Any CIDR text: valid odd forms, malformed, decorated, out of range, random. */
    static Gen<Hostile> anyCidrs() {
        return cidrs(of(VALID_CIDRS).map(Hostile::valid), of(VALID_CIDRS));
    }

    /** CIDR text the contract certainly refuses. */
    static Gen<Hostile> invalidCidrs() {
        return anyCidrs().assuming(cidr -> cidr.verdict() == Verdict.INVALID);
    }

    /** Valid forms of the given CIDRs, and decorated or out-of-range variants of them (mostly invalid). */
    static Gen<Hostile> formsOf(List<String> validForms) {
        Gen<String> bases = of(validForms);
        return frequency(
                weight(2, bases.map(Hostile::valid)),
                weight(3, decorated(bases).map(HostileValues::judgedCidr)),
                weight(2, outOfRangeLengths(bases).map(HostileValues::judgedCidr)));
    }

    /** Valid forms of the given addresses, and decorated variants of them (invalid). */
    static Gen<Hostile> addressFormsOf(List<String> validForms) {
        Gen<String> bases = of(validForms);
        return frequency(
                weight(2, bases.map(Hostile::valid)),
                weight(3, decorated(bases).map(HostileValues::judgedAddress)),
                weight(1, bases.zip(of("/32", "/128", "/0", ":80", "%eth0", "/", ".", ":"),
                                (address, suffix) -> judgedAddress(address + suffix))
                        // a suffix can spell another valid address (2001:db8:cafe::1 + ":80" is 2001:db8:cafe::1:80,
                        // outside the prefix the base was inside): only the invalid variants are forms of the base
                        .assuming(address -> address.verdict() == Verdict.INVALID)));
    }

    static Gen<Hostile> anyAddresses() {
        Gen<String> bases = of(VALID_ADDRESSES);
        return frequency(
                weight(3, bases.map(Hostile::valid)),
                weight(2, of(INVALID_ADDRESSES).map(Hostile::invalid)),
                weight(1, of(HOST_NAMES).map(Hostile::invalid)),
                weight(3, decorated(bases).map(HostileValues::judgedAddress)),
                weight(2, randomText().map(HostileValues::judgedAddress)));
    }

    static Gen<Hostile> invalidAddresses() {
        return anyAddresses().assuming(address -> address.verdict() == Verdict.INVALID);
    }

    static Hostile judgedCidr(String text) {
        return new Hostile(text, cidrVerdict(text));
    }

    static Hostile judgedAddress(String text) {
        return new Hostile(text, addressVerdict(text));
    }

    // ---- namespace names

    static Gen<Hostile> invalidNames() {
        Gen<String> curated = of("", " ", "Default", "DEFAULT", "default ", " default", "default\u0000",
                "default\n", "-abc", "-", "_abc", "a_b", "a.b", "a b", "\u00e4", "HOSTILE-FIXTURE", "a".repeat(64),
                "a".repeat(10_000), "\u00f1", "\u212Aelvin", "\u0131", "default/..", "../default", "default;", "'", "\"",
                "\\", "%", "*", "default%00", "\uff44\uff45\uff46\uff41\uff55\uff4c\uff54", "\uD83D\uDE00", "\u0000",
                "NULL", "de\u200bfault", "default\ufeff", "lab\u0000x", "a\n", "\ud800");
        Gen<String> decoratedNames = decorated(of("default", Fixture.NAMESPACE, Fixture.SCRATCH, "lab"));
        return frequency(
                        weight(3, curated),
                        weight(3, decoratedNames),
                        weight(2, randomText()),
                        weight(1, stringsOf("abcXYZ019-_. \u0000\u00e9", 1, 70)))
                .assuming(name -> nameVerdict(name) == Verdict.INVALID && Answer.echoSafe(name))
                .map(Hostile::invalid);
    }

    /** Names that follow the rules but name no namespace of the fixture. */
    static Gen<Hostile> missingNames() {
        Set<String> existing = Set.of("default", Fixture.NAMESPACE, Fixture.SCRATCH);
        return oneOf(
                        stringsOf("abcdefghijklmnopqrstuvwxyz0123456789-", 1, 63),
                        of("a".repeat(63), "0", "x", "no-such-namespace", "default-", "defaults", "9-9",
                                Fixture.NAMESPACE + "-2", "hostile-fixtur"))
                .assuming(name -> nameVerdict(name) == Verdict.VALID && !existing.contains(name) && Answer.echoSafe(name))
                .map(Hostile::valid);
    }

    // ---- cursors, descriptions, numbers, enums

    static Gen<Hostile> cursors(String marker) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        Gen<String> positions = oneOf(anyCidrs().map(Hostile::text), anyAddresses().map(Hostile::text));
        Gen<String> forged = of("prefix:", "ip:", "", "Prefix:", "prefix", "ip:ip:", "prefix:prefix:", "ip: ", "PREFIX:")
                .zip(positions, (m, position) -> url.encodeToString((m + position).getBytes(StandardCharsets.UTF_8)));
        Gen<String> randomBytes = bytes(0, 60).map(url::encodeToString);
        Gen<String> padded = bytes(0, 60).map(bytes -> Base64.getEncoder().encodeToString(bytes));
        Gen<String> curated = of("", "=", "==", "====", "\u0000", "A", "AA", "AAA", "null", "-1", "0",
                "A".repeat(10_000), "%3D", "cHJlZml4OjEwLjAuMC4wLzg=\n", " cHJlZml4OjEwLjAuMC4wLzg",
                "cHJlZml4OjEwLjAuMC4wLzg\u0000", "cHJlZml4OjEwLjAuMC4wLzg", "aXA6MTAuMC4wLjE", "cHJlZml4Og", "aXA6");
        return frequency(
                        weight(3, forged), weight(2, randomBytes), weight(1, padded), weight(2, curated),
                        weight(2, randomText()))
                .assuming(Answer::echoSafe)
                .map(cursor -> new Hostile(cursor, cursorVerdict(cursor, marker)));
    }

    static Gen<Hostile> descriptions() {
        Gen<String> texts = frequency(
                weight(3, anyStrings(0, 200)),
                weight(2, asciiStrings(0, 200)),
                weight(2, stringsOf("\u0000\u0001\u001f\u007f\u0085\u2028\u202e\ufeff\ud800\udc00 a", 0, 50)),
                weight(2, of(1022, 1023, 1024, 1025, 1026, 2048, 10_240).map("d"::repeat)),
                weight(1, of(511, 512, 513, 1024, 1025).map("\uD83D\uDE00"::repeat)),
                weight(2, of("'); DROP TABLE prefixes; --", "\" OR 1=1 --", "<script>alert(1)</script>",
                        "${jndi:ldap://x/a}", "%s%s%n", "{{7*7}}", "\u202egnp.exe", "Z\u0351\u0352\u0353\u0354\u0355",
                        "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "\uD83D\uDE00", "", "\\", "\\u0000", "\r\n",
                        "\uffff", "\ufffe")));
        return texts.assuming(Answer::echoSafe).map(text -> new Hostile(text, descriptionVerdict(text)));
    }

    static Gen<Integer> ints() {
        return frequency(
                weight(3, integers(-300, 1300)),
                weight(2, of(-1, 0, 1, 24, 25, 31, 32, 33, 48, 49, 64, 127, 128, 129, 999, 1000, 1001, 1024,
                        65536, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1)),
                weight(2, integers()));
    }

    /** Integers that do not fit GraphQL's 32-bit Int. */
    static Gen<BigInteger> beyond32Bits() {
        BigInteger two31 = BigInteger.TWO.pow(31);
        BigInteger two32 = BigInteger.TWO.pow(32);
        return oneOf(
                of(two31, two31.negate().subtract(BigInteger.ONE), two32, two32.add(BigInteger.valueOf(24)),
                        two32.add(BigInteger.valueOf(100)), two32.negate(), two32.negate().add(BigInteger.valueOf(24)),
                        BigInteger.TWO.pow(63).subtract(BigInteger.ONE), BigInteger.TWO.pow(63),
                        BigInteger.TWO.pow(64).add(BigInteger.valueOf(25)), BigInteger.TEN.pow(30), BigInteger.TEN.pow(30).negate()),
                bigIntegers(two31, BigInteger.TWO.pow(100)),
                bigIntegers(BigInteger.TWO.pow(100).negate(), two31.negate().subtract(BigInteger.ONE)));
    }

    /** An Int argument: a 32-bit value, or (invalid, as literal or variable) one beyond 32 bits. */
    static Gen<Object> intArguments() {
        return frequency(weight(4, ints().map(i -> (Object) i)), weight(1, beyond32Bits().map(b -> (Object) b)));
    }

    static Gen<Hostile> families() {
        return frequency(
                weight(1, of("V4", "V6").map(Hostile::valid)),
                weight(2, of(FAMILIES_INVALID).map(Hostile::invalid)));
    }

    /** JSON values of the wrong type for a variable of the given GraphQL type. */
    static Gen<Object> wrongJsonFor(String type) {
        List<Object> values = new ArrayList<>();
        boolean nonNull = type.endsWith("!");
        String bare = type.replace("!", "");
        List<Object> numbers = List.of(42, -1, 0, 1_000_000_000_000L, new BigInteger("123456789012345678901234567890"),
                1.5, -0.0001, new JsonText.Raw("1e400"), new JsonText.Raw("-1E-400"));
        List<Object> objects = List.of(java.util.Map.of(), java.util.Map.of("a", "10.0.0.0/8"),
                java.util.Map.of("cidr", "10.0.0.0/8", "namespace", "default"), java.util.Map.of("V4", true));
        switch (bare) {
            case "Int" -> {
                values.addAll(List.of("24", "", "abc", "0x18", " 24", 24.5, 1e10, -1e10, new JsonText.Raw("1e400"),
                        2147483648L, -2147483649L, Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"),
                        true, false, List.of(24), List.of(), List.of(List.of(1))));
                values.addAll(objects);
            }
            case "IPFamily" -> {
                values.addAll(numbers);
                values.addAll(List.of(true, false, List.of("V4"), List.of()));
                values.addAll(objects);
                values.addAll(FAMILIES_INVALID);
            }
            case "[CIDR]" -> {
                values.addAll(numbers);
                values.addAll(List.of(true, objects.get(1), List.of(42), List.of(true), List.of(java.util.Map.of()),
                        List.of(List.of("10.0.0.0/8")), List.of("10.0.0.0/8", 7)));
                values.add(List.of("10.0.0.0/8", JsonText.NULL));
                values.add(List.of(JsonText.NULL));
            }
            default -> {
                values.addAll(numbers);
                values.addAll(List.of(true, false, List.of(), List.of("10.0.0.0/8"), List.of(List.of("x")),
                        List.of("default")));
                values.addAll(objects);
            }
        }
        if (nonNull) {
            values.add(JsonText.NULL);
        }
        return of(values);
    }
}

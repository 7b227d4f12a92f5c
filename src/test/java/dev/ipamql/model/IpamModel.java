package dev.ipamql.model;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SEMANTICS.md as a plain in-memory oracle for one namespace of small prefixes: every answer is found by
 * brute force (scanning addresses, splitting blocks in halves), so that it is obviously right.
 */
final class IpamModel {

    private static final Pattern LENGTH = Pattern.compile("\\d{1,3}");

    /** Most addresses one acquireIPs or releaseIPs call handles (the service's ipamql.max-bulk-count default). */
    static final int MAX_BULK = 1000;

    /** An address: its family and its value as a number. */
    record Address(boolean v6, BigInteger value) implements Comparable<Address> {

        static Optional<Address> parse(String text) {
            if (text == null || text.contains("/")) {
                return Optional.empty();
            }
            IPAddress parsed = new IPAddressString(text).getAddress();
            return parsed == null ? Optional.empty() : Optional.of(new Address(parsed.isIPv6(), parsed.getValue()));
        }

        String text() {
            return v6 ? v6Text(value) : v4Text(value);
        }

        @Override
        public int compareTo(Address other) {
            return Comparator.comparing(Address::v6).thenComparing(Address::value).compare(this, other);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A block of addresses: family, first address as a number, prefix length. */
    record Cidr(boolean v6, BigInteger base, int length) implements Comparable<Cidr> {

        /** The CIDR a client means by this text (host bits masked off), or empty when the text is not a CIDR. */
        static Optional<Cidr> parse(String text) {
            int slash = text.lastIndexOf('/');
            if (slash < 0 || !LENGTH.matcher(text.substring(slash + 1)).matches()) {
                return Optional.empty();
            }
            int length = Integer.parseInt(text.substring(slash + 1));
            return Address.parse(text.substring(0, slash))
                    .filter(address -> length <= bits(address.v6()))
                    .map(address -> masked(address.v6(), address.value(), length));
        }

        static Cidr masked(boolean v6, BigInteger value, int length) {
            int hostBits = bits(v6) - length;
            return new Cidr(v6, value.shiftRight(hostBits).shiftLeft(hostBits), length);
        }

        int bits() {
            return bits(v6);
        }

        BigInteger size() {
            return BigInteger.ONE.shiftLeft(bits() - length);
        }

        BigInteger last() {
            return base.add(size()).subtract(BigInteger.ONE);
        }

        boolean contains(Address address) {
            return address.v6() == v6 && address.value().compareTo(base) >= 0 && address.value().compareTo(last()) <= 0;
        }

        boolean contains(Cidr other) {
            return other.v6 == v6 && other.length >= length && contains(new Address(v6, other.base));
        }

        boolean overlaps(Cidr other) {
            return contains(other) || other.contains(this);
        }

        /** The first block of {@code length} inside this one. */
        Cidr firstOf(int length) {
            return new Cidr(v6, base, length);
        }

        /** The last block of {@code length} inside this one. */
        Cidr lastOf(int length) {
            return masked(v6, last(), length);
        }

        Cidr lowerHalf() {
            return new Cidr(v6, base, length + 1);
        }

        Cidr upperHalf() {
            return new Cidr(v6, base.add(size().shiftRight(1)), length + 1);
        }

        String family() {
            return v6 ? "V6" : "V4";
        }

        String text() {
            return new Address(v6, base).text() + "/" + length;
        }

        @Override
        public int compareTo(Cidr other) {
            return Comparator.comparing(Cidr::v6).thenComparing(Cidr::base).thenComparingInt(Cidr::length)
                    .compare(this, other);
        }

        @Override
        public String toString() {
            return text();
        }

        private static int bits(boolean v6) {
            return v6 ? 128 : 32;
        }
    }

    /** What an operation answers: an error code (with the message, when SEMANTICS.md fixes it) or the returned fields. */
    record Outcome(String code, String message, Map<String, String> values, List<Map<String, String>> items) {

        static Outcome error(String code) {
            return new Outcome(code, null, null, null);
        }

        static Outcome error(String code, String message) {
            return new Outcome(code, message, null, null);
        }

        static Outcome ok(Map<String, String> values) {
            return new Outcome(null, null, values, null);
        }

        /** A list answer (acquireIPs, releaseIPs): the fields of each element, in the order answered. */
        static Outcome okList(List<Map<String, String>> items) {
            return new Outcome(null, null, null, items);
        }

        boolean failed() {
            return code != null;
        }
    }

    /** A prefix of the model: where it came from, and what it holds. */
    static final class Prefix {
        final Cidr cidr;
        final Cidr parent;
        final Set<Cidr> children = new TreeSet<>();
        final Set<BigInteger> ips = new TreeSet<>();
        /** The value of its label {@code pool}, or null. */
        String poolLabel;
        /** Whether its network (and IPv4 broadcast) address is kept out of acquisition. */
        boolean reserveEdges = true;
        /** Its reserved ranges: first address to last. */
        final TreeMap<BigInteger, BigInteger> ranges = new TreeMap<>();

        Prefix(Cidr cidr, Cidr parent) {
            this.cidr = cidr;
            this.parent = parent;
        }
    }

    /** The usage figures of a prefix, as the {@code PrefixUsage} type describes them. */
    record Usage(BigInteger size, BigInteger acquiredIPs, BigInteger freeIPs, BigInteger reservedIPs, int acquiredPrefixes,
                 List<String> availablePrefixes, BigInteger availableSmallestPrefixes, double utilization) {
    }

    private final String namespace;
    private final Map<Cidr, Prefix> prefixes = new TreeMap<>();
    /** Pools by name: whether each hands out IPs, and the value of label {@code pool} it selects. */
    private final Map<String, Pool> pools = new TreeMap<>();

    record Pool(boolean ips, String label) {
    }

    IpamModel(String namespace) {
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** Every prefix of the namespace, roots and children, in address order. */
    List<Prefix> prefixes() {
        return List.copyOf(prefixes.values());
    }

    Optional<Prefix> prefix(Cidr cidr) {
        return Optional.ofNullable(prefixes.get(cidr));
    }

    // ---- operations: each checks in the order SEMANTICS.md gives, and changes the model only on success

    Outcome createPrefix(String cidrText) {
        return createPrefix(cidrText, true);
    }

    /** {@code createPrefix} with {@code reserveEdges}. */
    Outcome createPrefix(String cidrText, boolean reserveEdges) {
        Optional<Cidr> parsed = Cidr.parse(cidrText);
        if (parsed.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Cidr cidr = parsed.get();
        Optional<Cidr> overlap = prefixes.keySet().stream().filter(cidr::overlaps).findFirst();
        if (overlap.isPresent()) {
            return Outcome.error("OVERLAP", cidr.text() + " overlaps " + overlap.get().text());
        }
        Prefix created = new Prefix(cidr, null);
        created.reserveEdges = reserveEdges;
        prefixes.put(cidr, created);
        return prefixReturned(cidr, null, true);
    }

    Outcome deletePrefix(String cidrText) {
        Optional<Cidr> parsed = Cidr.parse(cidrText);
        if (parsed.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(parsed.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        return removeEmpty(prefix);
    }

    Outcome releaseChildPrefix(String cidrText) {
        Optional<Cidr> parsed = Cidr.parse(cidrText);
        if (parsed.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(parsed.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (prefix.parent == null) {
            return Outcome.error("INVALID_ARGUMENT", prefix.cidr.text() + " is not a child prefix");
        }
        return removeEmpty(prefix);
    }

    Outcome acquireChildPrefix(String parentText, int length) {
        return acquireChildPrefix(parentText, length, "BEST_FIT");
    }

    /** {@code acquireChildPrefix} with a strategy: BEST_FIT, LOWEST or HIGHEST. */
    Outcome acquireChildPrefix(String parentText, int length, String strategy) {
        Optional<Cidr> parsed = Cidr.parse(parentText);
        if (parsed.isEmpty() || length <= parsed.get().length() || length > parsed.get().bits()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix parent = prefixes.get(parsed.get());
        if (parent == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!parent.ips.isEmpty() || !parent.ranges.isEmpty()) {
            return Outcome.error("HAS_IPS");
        }
        List<Cidr> free = freeBlocks(parent);
        Optional<Cidr> child = childIn(free, length, strategy);
        if (child.isEmpty()) {
            String message = "no prefix found in " + parent.cidr.text() + " with length:" + length;
            if (!free.isEmpty()) {
                message += ", but " + free.stream().map(Cidr::text).collect(Collectors.joining(",")) + " are available";
            }
            return Outcome.error("NO_PREFIX_AVAILABLE", message);
        }
        return addChild(parent, child.get());
    }

    /**
     * Where a child of {@code length} goes among the free blocks: best fit (the longest block that holds it, the
     * lowest on ties, its first block), or the lowest or the highest block of the length that is free.
     */
    static Optional<Cidr> childIn(List<Cidr> free, int length, String strategy) {
        List<Cidr> holding = free.stream().filter(block -> block.length() <= length).toList();
        if (holding.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (strategy) {
            case "LOWEST" -> holding.get(0).firstOf(length);
            case "HIGHEST" -> holding.get(holding.size() - 1).lastOf(length);
            default -> holding.stream().min(Comparator.comparingInt((Cidr block) -> -block.length())
                    .thenComparing(Cidr::base)).orElseThrow().firstOf(length);
        });
    }

    /**
     * {@code acquireChildPrefixes}: {@code count} children one after the other, each where the strategy puts it
     * given the ones before, all or none.
     */
    Outcome acquireChildPrefixes(String parentText, int length, int count, String strategy) {
        Optional<Cidr> parsed = Cidr.parse(parentText);
        if (parsed.isEmpty() || length <= parsed.get().length() || length > parsed.get().bits()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        if (count < 1 || count > MAX_BULK) {
            return Outcome.error("INVALID_ARGUMENT", "count must hold 1 to " + MAX_BULK + " child prefixes, not " + count);
        }
        Prefix parent = prefixes.get(parsed.get());
        if (parent == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!parent.ips.isEmpty() || !parent.ranges.isEmpty()) {
            return Outcome.error("HAS_IPS");
        }
        List<Cidr> taken = new ArrayList<>();
        Set<Cidr> children = new TreeSet<>(parent.children);
        while (taken.size() < count) {
            List<Cidr> free = new ArrayList<>();
            collectFree(parent.cidr, children, free);
            Optional<Cidr> child = childIn(free, length, strategy);
            if (child.isEmpty()) {
                return Outcome.error("NO_PREFIX_AVAILABLE", "prefix " + parent.cidr.text() + " has room for "
                        + taken.size() + " prefixes of length " + length + ", fewer than the " + count
                        + " asked for; none were acquired");
            }
            children.add(child.get());
            taken.add(child.get());
        }
        return Outcome.okList(taken.stream().map(child -> addChild(parent, child).values()).toList());
    }

    /** {@code updatePrefix} setting label {@code pool} to {@code value}. */
    Outcome labelPrefix(String cidrText, String value) {
        Optional<Cidr> parsed = Cidr.parse(cidrText);
        if (parsed.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(parsed.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        prefix.poolLabel = value;
        return Outcome.ok(Map.of("cidr", prefix.cidr.text()));
    }

    /** {@code createPool} selecting {@code pool=label}. */
    Outcome createPool(String name, boolean ips, String label) {
        if (pools.containsKey(name)) {
            return Outcome.error("ALREADY_EXISTS", "pool " + name + " already exists in namespace " + namespace);
        }
        pools.put(name, new Pool(ips, label));
        return Outcome.ok(Map.of("name", name, "kind", ips ? "IP" : "CHILD_PREFIX", "selector", "pool=" + label));
    }

    /** The pool's members now, in address order. */
    List<Prefix> members(Pool pool) {
        return prefixes.values().stream().filter(prefix -> pool.label().equals(prefix.poolLabel))
                .filter(prefix -> pool.ips() ? prefix.children.isEmpty() : prefix.ips.isEmpty() && prefix.ranges.isEmpty())
                .toList();
    }

    /** {@code acquireIP} from a pool: the first member with a free address serves. */
    Outcome acquireIpFromPool(String name, String strategy) {
        Pool pool = pools.get(name);
        if (pool == null) {
            return Outcome.error("NOT_FOUND", "pool " + name + " not found in namespace " + namespace);
        }
        if (!pool.ips()) {
            return Outcome.error("INVALID_ARGUMENT", "pool " + name + " hands out child prefixes, not IPs");
        }
        for (Prefix member : members(pool)) {
            Optional<BigInteger> free = "HIGHEST".equals(strategy) ? highestFree(member) : lowestFree(member);
            if (free.isPresent()) {
                member.ips.add(free.get());
                return ipReturned(member, free.get(), true);
            }
        }
        return Outcome.error("NO_IP_AVAILABLE", "no more ips in pool: " + name + " left");
    }

    /** {@code acquireChildPrefix} from a pool: the first member with a free block that holds the length serves. */
    Outcome acquireChildFromPool(String name, int length, String strategy) {
        if (length < 1 || length > 128) {
            return Outcome.error("INVALID_ARGUMENT", "length " + length + " is out of range: it must be from 1 to 128");
        }
        Pool pool = pools.get(name);
        if (pool == null) {
            return Outcome.error("NOT_FOUND", "pool " + name + " not found in namespace " + namespace);
        }
        if (pool.ips()) {
            return Outcome.error("INVALID_ARGUMENT", "pool " + name + " hands out IPs, not child prefixes");
        }
        for (Prefix member : members(pool)) {
            if (length > member.cidr.length() && length <= member.cidr.bits()) {
                Optional<Cidr> child = childIn(freeBlocks(member), length, strategy);
                if (child.isPresent()) {
                    return addChild(member, child.get());
                }
            }
        }
        return Outcome.error("NO_PREFIX_AVAILABLE", "no prefix found in pool " + name + " with length:" + length);
    }

    Outcome acquireSpecificChildPrefix(String parentText, String cidrText) {
        Optional<Cidr> parentCidr = Cidr.parse(parentText);
        Optional<Cidr> childCidr = Cidr.parse(cidrText);
        if (parentCidr.isEmpty() || childCidr.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Cidr child = childCidr.get();
        if (!parentCidr.get().contains(child) || child.length() <= parentCidr.get().length()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix parent = prefixes.get(parentCidr.get());
        if (parent == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!parent.ips.isEmpty() || !parent.ranges.isEmpty()) {
            return Outcome.error("HAS_IPS");
        }
        if (parent.children.stream().anyMatch(child::overlaps)) {
            return Outcome.error("ALREADY_ALLOCATED");
        }
        return addChild(parent, child);
    }

    /** {@code acquireIP}; a null address asks for the lowest free one. */
    Outcome acquireIp(String prefixText, String addressText) {
        return acquireIp(prefixText, addressText, "LOWEST");
    }

    /** {@code acquireIP} with a strategy (LOWEST or HIGHEST) for the address it picks. */
    Outcome acquireIp(String prefixText, String addressText, String strategy) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        Optional<Address> address = addressText == null ? Optional.empty() : Address.parse(addressText);
        if (cidr.isEmpty() || addressText != null && (address.isEmpty() || !cidr.get().contains(address.get()))) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!prefix.children.isEmpty()) {
            return Outcome.error("HAS_CHILDREN");
        }
        BigInteger wanted;
        if (address.isEmpty()) {
            Optional<BigInteger> lowest = "HIGHEST".equals(strategy) ? highestFree(prefix) : lowestFree(prefix);
            if (lowest.isEmpty()) {
                return Outcome.error("NO_IP_AVAILABLE", "no more ips in prefix: " + prefix.cidr.text() + " left");
            }
            wanted = lowest.get();
        } else {
            wanted = address.get().value();
            if (unavailable(prefix).contains(wanted) || prefix.ips.contains(wanted)) {
                return Outcome.error("ALREADY_ALLOCATED", "given ip:" + address.get().text() + " is already allocated");
            }
        }
        prefix.ips.add(wanted);
        return ipReturned(prefix, wanted, true);
    }

    Outcome releaseIp(String prefixText, String addressText) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        Optional<Address> address = Address.parse(addressText);
        if (cidr.isEmpty() || address.isEmpty() || !cidr.get().contains(address.get())) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        BigInteger value = address.get().value();
        if (edges(prefix).contains(value)) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        if (!prefix.ips.remove(value)) {
            return Outcome.error("NOT_FOUND");
        }
        return ipReturned(prefix, value, false);
    }

    /**
     * {@code acquireIPs}: the {@code count} lowest free addresses in address order, all or none. Checks: the
     * arguments (prefix text, count in 1..MAX_BULK), then the prefix (NOT_FOUND, HAS_CHILDREN), then whether
     * enough addresses are free.
     */
    Outcome acquireIps(String prefixText, int count) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        if (cidr.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        if (count < 1 || count > MAX_BULK) {
            return Outcome.error("INVALID_ARGUMENT", "count must hold 1 to " + MAX_BULK + " addresses, not " + count);
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!prefix.children.isEmpty()) {
            return Outcome.error("HAS_CHILDREN");
        }
        BigInteger free = usage(prefix).freeIPs();
        if (free.compareTo(BigInteger.valueOf(count)) < 0) {
            return Outcome.error("NO_IP_AVAILABLE", "prefix " + prefix.cidr.text() + " has " + free
                    + " free addresses, fewer than the " + count + " asked for; none were acquired");
        }
        // walk up from the first address, taking every free one until there are enough
        Set<BigInteger> reserved = unavailable(prefix);
        List<BigInteger> lowest = new ArrayList<>();
        for (BigInteger a = prefix.cidr.base(); lowest.size() < count; a = a.add(BigInteger.ONE)) {
            if (!reserved.contains(a) && !prefix.ips.contains(a)) {
                lowest.add(a);
            }
        }
        prefix.ips.addAll(lowest);
        return Outcome.okList(lowest.stream().map(a -> ipReturned(prefix, a, true).values()).toList());
    }

    /**
     * {@code releaseIPs}: all the addresses or none, answered in the order given. Checks: the arguments (prefix
     * text; 1..MAX_BULK addresses; then each address in list order: a literal of the prefix's family inside it,
     * not listed before), then the prefix (NOT_FOUND), then reserved addresses (INVALID_ARGUMENT, as releaseIP),
     * then the first address in list order that is not acquired (NOT_FOUND).
     */
    Outcome releaseIps(String prefixText, List<String> addressTexts) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        if (cidr.isEmpty()) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        if (addressTexts.isEmpty() || addressTexts.size() > MAX_BULK) {
            return Outcome.error("INVALID_ARGUMENT",
                    "addresses must hold 1 to " + MAX_BULK + " addresses, not " + addressTexts.size());
        }
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < addressTexts.size(); i++) {
            Optional<Address> address = Address.parse(addressTexts.get(i));
            if (address.isEmpty() || !cidr.get().contains(address.get())) {
                return Outcome.error("INVALID_ARGUMENT");
            }
            if (addresses.contains(address.get())) {
                return Outcome.error("INVALID_ARGUMENT", "addresses[" + i + "]: " + address.get().text() + " is listed twice");
            }
            addresses.add(address.get());
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (addresses.stream().anyMatch(address -> edges(prefix).contains(address.value()))) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Optional<Address> missing = addresses.stream().filter(address -> !prefix.ips.contains(address.value())).findFirst();
        if (missing.isPresent()) {
            return Outcome.error("NOT_FOUND", "ip " + missing.get().text() + " is not acquired in prefix " + prefix.cidr.text());
        }
        List<Map<String, String>> released = new ArrayList<>();
        for (Address address : addresses) {
            prefix.ips.remove(address.value());
            released.add(ipReturned(prefix, address.value(), false).values());
        }
        return Outcome.okList(released);
    }

    // ---- what the queries show

    Usage usage(Prefix prefix) {
        Cidr cidr = prefix.cidr;
        Set<BigInteger> edges = edges(prefix);
        BigInteger acquired = BigInteger.valueOf(edges.size() + prefix.ips.size());
        BigInteger inRanges = BigInteger.valueOf(rangeAddresses(prefix).stream().filter(a -> !edges.contains(a)).count());
        BigInteger free = prefix.children.isEmpty() ? cidr.size().subtract(acquired).subtract(inRanges) : BigInteger.ZERO;
        int smallest = cidr.bits() - 2;
        List<Cidr> available = freeBlocks(prefix).stream().filter(block -> block.length() <= smallest).toList();
        BigInteger smallestBlocks = available.stream()
                .map(block -> BigInteger.ONE.shiftLeft(smallest - block.length()))
                .reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger used = prefix.children.isEmpty()
                ? acquired
                : prefix.children.stream().map(Cidr::size).reduce(BigInteger.ZERO, BigInteger::add);
        double utilization = new BigDecimal(used).divide(new BigDecimal(cidr.size()), MathContext.DECIMAL64).doubleValue();
        return new Usage(cidr.size(), acquired, free, inRanges, prefix.children.size(),
                available.stream().map(Cidr::text).toList(), smallestBlocks, utilization);
    }

    /** The parent minus its children, as the minimal list of aligned blocks in address order. */
    static List<Cidr> freeBlocks(Prefix prefix) {
        List<Cidr> free = new ArrayList<>();
        collectFree(prefix.cidr, prefix.children, free);
        return free;
    }

    /** The addresses that are never handed out. */
    static Set<BigInteger> reserved(Cidr cidr) {
        if (cidr.v6()) {
            return cidr.length() <= 126 ? Set.of(cidr.base()) : Set.of();
        }
        return cidr.length() <= 30 ? Set.of(cidr.base(), cidr.last()) : Set.of();
    }

    /** The addresses a prefix does not hand out: its reserved edges (unless reserveEdges is off) and its ranges. */
    static Set<BigInteger> unavailable(Prefix prefix) {
        Set<BigInteger> all = new TreeSet<>(edges(prefix));
        all.addAll(rangeAddresses(prefix));
        return all;
    }

    static Set<BigInteger> edges(Prefix prefix) {
        return prefix.reserveEdges ? reserved(prefix.cidr) : Set.of();
    }

    static Set<BigInteger> rangeAddresses(Prefix prefix) {
        Set<BigInteger> all = new TreeSet<>();
        prefix.ranges.forEach((first, last) -> {
            for (BigInteger a = first; a.compareTo(last) <= 0; a = a.add(BigInteger.ONE)) {
                all.add(a);
            }
        });
        return all;
    }

    /** The free address runs of a prefix without children: the gaps between the addresses it does not hand out. */
    List<List<BigInteger>> freeRuns(Prefix prefix) {
        List<List<BigInteger>> runs = new ArrayList<>();
        if (!prefix.children.isEmpty()) {
            return runs;
        }
        Set<BigInteger> taken = unavailable(prefix);
        taken.addAll(prefix.ips);
        BigInteger next = prefix.cidr.base();
        for (BigInteger a : taken) {
            if (a.compareTo(next) > 0) {
                runs.add(List.of(next, a.subtract(BigInteger.ONE)));
            }
            next = next.max(a.add(BigInteger.ONE));
        }
        if (next.compareTo(prefix.cidr.last()) <= 0) {
            runs.add(List.of(next, prefix.cidr.last()));
        }
        return runs;
    }

    /**
     * {@code reserveRange}: checks the arguments (CIDR; first and last addresses inside it; first <= last), then
     * the prefix (NOT_FOUND, HAS_CHILDREN), then other ranges (OVERLAP), then acquired addresses (ALREADY_ALLOCATED).
     */
    Outcome reserveRange(String prefixText, String firstText, String lastText) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        Optional<Address> first = Address.parse(firstText);
        Optional<Address> last = Address.parse(lastText);
        if (cidr.isEmpty() || first.isEmpty() || last.isEmpty() || !cidr.get().contains(first.get())
                || !cidr.get().contains(last.get()) || first.get().value().compareTo(last.get().value()) > 0) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        if (!prefix.children.isEmpty()) {
            return Outcome.error("HAS_CHILDREN");
        }
        BigInteger low = first.get().value();
        BigInteger high = last.get().value();
        String range = first.get().text() + ".." + last.get().text();
        Optional<Map.Entry<BigInteger, BigInteger>> overlap = prefix.ranges.entrySet().stream()
                .filter(r -> r.getKey().compareTo(high) <= 0 && r.getValue().compareTo(low) >= 0).findFirst();
        if (overlap.isPresent()) {
            return Outcome.error("OVERLAP", "range " + range + " overlaps reserved range "
                    + new Address(cidr.get().v6(), overlap.get().getKey()).text() + ".."
                    + new Address(cidr.get().v6(), overlap.get().getValue()).text() + " in prefix " + cidr.get().text());
        }
        Optional<BigInteger> acquired = prefix.ips.stream().filter(a -> a.compareTo(low) >= 0 && a.compareTo(high) <= 0)
                .findFirst();
        if (acquired.isPresent()) {
            return Outcome.error("ALREADY_ALLOCATED", "range " + range + " holds the acquired ip "
                    + new Address(cidr.get().v6(), acquired.get()).text() + " in prefix " + cidr.get().text());
        }
        prefix.ranges.put(low, high);
        return rangeReturned(prefix, low, high);
    }

    /** {@code unreserveRange}: the range that starts at {@code first}, or NOT_FOUND. */
    Outcome unreserveRange(String prefixText, String firstText) {
        Optional<Cidr> cidr = Cidr.parse(prefixText);
        Optional<Address> first = Address.parse(firstText);
        if (cidr.isEmpty() || first.isEmpty() || !cidr.get().contains(first.get())) {
            return Outcome.error("INVALID_ARGUMENT");
        }
        Prefix prefix = prefixes.get(cidr.get());
        if (prefix == null) {
            return Outcome.error("NOT_FOUND");
        }
        BigInteger last = prefix.ranges.remove(first.get().value());
        if (last == null) {
            return Outcome.error("NOT_FOUND", "no reserved range starts at " + first.get().text() + " in prefix "
                    + cidr.get().text());
        }
        return rangeReturned(prefix, first.get().value(), last);
    }

    private static Outcome rangeReturned(Prefix prefix, BigInteger first, BigInteger last) {
        Map<String, String> values = new TreeMap<>();
        values.put("first", new Address(prefix.cidr.v6(), first).text());
        values.put("last", new Address(prefix.cidr.v6(), last).text());
        values.put("size", last.subtract(first).add(BigInteger.ONE).toString());
        values.put("description", null);
        return Outcome.ok(values);
    }

    // ---- helpers

    private static void collectFree(Cidr block, Set<Cidr> taken, List<Cidr> free) {
        if (taken.stream().noneMatch(block::overlaps)) {
            free.add(block);
        } else if (taken.stream().noneMatch(child -> child.contains(block))) {
            collectFree(block.lowerHalf(), taken, free);
            collectFree(block.upperHalf(), taken, free);
        }
    }

    private static Optional<BigInteger> lowestFree(Prefix prefix) {
        Set<BigInteger> reserved = unavailable(prefix);
        for (BigInteger a = prefix.cidr.base(); a.compareTo(prefix.cidr.last()) <= 0; a = a.add(BigInteger.ONE)) {
            if (!reserved.contains(a) && !prefix.ips.contains(a)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static Optional<BigInteger> highestFree(Prefix prefix) {
        Set<BigInteger> reserved = unavailable(prefix);
        for (BigInteger a = prefix.cidr.last(); a.compareTo(prefix.cidr.base()) >= 0; a = a.subtract(BigInteger.ONE)) {
            if (!reserved.contains(a) && !prefix.ips.contains(a)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private Outcome removeEmpty(Prefix prefix) {
        if (!prefix.ips.isEmpty()) {
            return Outcome.error("HAS_IPS");
        }
        if (!prefix.children.isEmpty()) {
            return Outcome.error("HAS_CHILDREN");
        }
        prefixes.remove(prefix.cidr);
        if (prefix.parent != null) {
            prefixes.get(prefix.parent).children.remove(prefix.cidr);
        }
        return prefixReturned(prefix.cidr, prefix.parent, false);
    }

    private Outcome addChild(Prefix parent, Cidr child) {
        parent.children.add(child);
        prefixes.put(child, new Prefix(child, parent.cidr));
        return prefixReturned(child, parent.cidr, true);
    }

    /** The fields the example operations select; the acquiring ones also select family and description. */
    private Outcome prefixReturned(Cidr cidr, Cidr parent, boolean acquiring) {
        Map<String, String> values = new TreeMap<>();
        values.put("cidr", cidr.text());
        values.put("namespace", namespace);
        values.put("parentCidr", parent == null ? null : parent.text());
        if (acquiring) {
            values.put("family", cidr.family());
            values.put("description", null);
        }
        return Outcome.ok(values);
    }

    private Outcome ipReturned(Prefix prefix, BigInteger address, boolean acquiring) {
        Map<String, String> values = new TreeMap<>();
        values.put("address", new Address(prefix.cidr.v6(), address).text());
        values.put("namespace", namespace);
        values.put("prefixCidr", prefix.cidr.text());
        if (acquiring) {
            values.put("description", null);
        }
        return Outcome.ok(values);
    }

    static String v4Text(BigInteger value) {
        long v = value.longValueExact();
        return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
    }

    /**
     * RFC 5952: lowercase, no leading zeros, the longest run (first on ties) of two or more zero groups as "::";
     * IPv4-mapped addresses in mixed notation (section 5).
     */
    static String v6Text(BigInteger value) {
        if (value.shiftRight(32).equals(BigInteger.valueOf(0xffff))) {
            return "::ffff:" + v4Text(value.and(BigInteger.valueOf(0xffffffffL)));
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

package dev.ipamql.address;

import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A masked IPv4 or IPv6 prefix block such as {@code 10.0.0.0/24}. Family and length are always at hand; the
 * parsed block and the canonical text are each made on first use, so that rows read in bulk (a 10,000-prefix
 * tree) carry their stored text and are parsed only when their addresses are needed.
 */
public final class Cidr implements Comparable<Cidr> {

    private final IPFamily family;
    private final int length;
    /** The block as parsed from input or made by arithmetic (final: safely published), or null for stored text. */
    private final IPAddress made;
    /** Canonical stored text (final: safely published), or null for a made block. */
    private final String stored;
    private volatile IPAddress parsed;
    private volatile String text;

    private Cidr(IPAddress block) {
        this.family = block.isIPv4() ? IPFamily.V4 : IPFamily.V6;
        this.length = block.getNetworkPrefixLength();
        this.made = block;
        this.stored = null;
    }

    private Cidr(int length, String canonicalIpv4) {
        this.family = IPFamily.V4;
        this.length = length;
        this.made = null;
        this.stored = canonicalIpv4;
    }

    /** Parses {@code address/length}; host bits are masked off, so 10.0.0.7/24 is 10.0.0.0/24. */
    public static Cidr parse(String text) {
        return new Cidr(AddressSyntax.prefixBlock(text));
    }

    /**
     * A value of a PostgreSQL {@code cidr} column as {@code cidr::text} gives it. An IPv4 value there is
     * already this class's canonical text (four decimal octets without leading zeros, host bits zero, the
     * length always written), so it is kept as it is and parsed only when its addresses are needed. Any other
     * text, IPv6 (which PostgreSQL spells its own way) included, is parsed and so canonicalised at once: the
     * result is always the same as {@link #parse(String)}'s.
     */
    public static Cidr ofStored(String text) {
        int length = AddressSyntax.canonicalIpv4Length(text);
        return length < 0 ? parse(text) : new Cidr(length, text);
    }

    static Cidr of(IPAddress block) {
        return new Cidr(block.toPrefixBlock());
    }

    /** The block of {@code length} that begins at {@code first}. */
    public static Cidr of(Address first, int length) {
        return new Cidr(first.value().setPrefixLength(length, false).toPrefixBlock());
    }

    /** The block; for stored IPv4 text, parsed on first use (the text is canonical, so the block is masked). */
    private IPAddress block() {
        if (made != null) {
            return made;
        }
        IPAddress block = parsed;
        if (block == null) {
            block = AddressSyntax.prefixBlock(stored);
            parsed = block;
        }
        return block;
    }

    /** Whether the block has been parsed (for tests: stored IPv4 text is parsed only on demand). */
    boolean isParsed() {
        return made != null || parsed != null;
    }

    public IPFamily family() {
        return family;
    }

    public int length() {
        return length;
    }

    /** Number of addresses: 2^(bits-length). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(family().bits() - length());
    }

    public Address first() {
        return Address.of(block().getLower());
    }

    public Address last() {
        return Address.of(block().getUpper());
    }

    public boolean contains(Address address) {
        return address.family() == family() && block().contains(address.value());
    }

    public boolean contains(Cidr other) {
        return other.family() == family() && block().contains(other.block());
    }

    public boolean overlaps(Cidr other) {
        return other.family() == family() && (block().contains(other.block()) || other.block().contains(block()));
    }

    /** Addresses never handed out: network and broadcast for IPv4 up to /30, the first for IPv6 up to /126. */
    public List<Address> reservedAddresses() {
        return switch (reservedCount()) {
            case 2 -> List.of(first(), last());
            case 1 -> List.of(first());
            default -> List.of();
        };
    }

    /** How many {@link #reservedAddresses()} there are, known from family and length alone. */
    public int reservedCount() {
        if (family() == IPFamily.V4) {
            return length <= 30 ? 2 : 0;
        }
        return length <= 126 ? 1 : 0;
    }

    public boolean isReserved(Address address) {
        return reservedAddresses().contains(address);
    }

    /** The lowest address that acquireIP may hand out. */
    public Address firstUsable() {
        return isReserved(first()) ? first().plus(1) : first();
    }

    /** The highest address that acquireIP may hand out. */
    public Address lastUsable() {
        return family() == IPFamily.V4 && isReserved(last()) ? last().plus(-1) : last();
    }

    /** The lowest address acquireIP may hand out, with or without the reserved edges. */
    public Address firstUsable(boolean edgesReserved) {
        return edgesReserved ? firstUsable() : first();
    }

    /** The highest address acquireIP may hand out, with or without the reserved edges. */
    public Address lastUsable(boolean edgesReserved) {
        return edgesReserved ? lastUsable() : last();
    }

    /** How many addresses of {@code first..last} (inside this block) are not reserved edges, when edges are reserved. */
    public BigInteger countOutsideEdges(Address first, Address last, boolean edgesReserved) {
        long edges = edgesReserved ? reservedAddresses().stream()
                .filter(edge -> edge.compareTo(first) >= 0 && edge.compareTo(last) <= 0).count() : 0;
        return last.toBigInteger().subtract(first.toBigInteger()).add(BigInteger.ONE).subtract(BigInteger.valueOf(edges));
    }

    /** firstUsable..lastUsable counted: size minus reserved addresses. */
    public BigInteger usableCount() {
        return size().subtract(BigInteger.valueOf(reservedCount()));
    }

    /** The enclosing block of a shorter length. */
    public Cidr supernet(int shorterLength) {
        return new Cidr(block().setPrefixLength(shorterLength, false).toPrefixBlock());
    }

    /** The other half of the block one bit shorter that holds this one. */
    public Cidr buddy() {
        BigInteger flipped = first().toBigInteger().flipBit(family().bits() - length());
        return of(Address.of(fromBigInteger(flipped)), length());
    }

    private IPAddress fromBigInteger(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[family().bits() / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        return block().getNetwork().getAddressCreator().createAddress(bytes);
    }

    /** This block minus {@code inner} (which it must contain), as a minimal ascending list of blocks. */
    public List<Cidr> minus(Cidr inner) {
        List<Cidr> rest = new ArrayList<>();
        IPAddress[] pieces = block().subtract(inner.block());
        if (pieces != null) {
            for (IPAddress piece : pieces) {
                for (IPAddress prefixBlock : piece.spanWithPrefixBlocks()) {
                    rest.add(new Cidr(prefixBlock));
                }
            }
        }
        rest.sort(null);
        return rest;
    }

    /** Merges blocks into the minimal ascending list of blocks covering the same addresses. */
    public static List<Cidr> merge(List<Cidr> blocks) {
        if (blocks.isEmpty()) {
            return List.of();
        }
        IPAddress[] all = blocks.stream().map(Cidr::block).toArray(IPAddress[]::new);
        IPAddress[] merged = all[0].mergeToPrefixBlocks(Arrays.copyOfRange(all, 1, all.length));
        List<Cidr> out = new ArrayList<>();
        for (IPAddress m : merged) {
            out.add(new Cidr(m));
        }
        out.sort(null);
        return out;
    }

    /** The first block of {@code length} inside this block. */
    public Cidr firstSubnet(int length) {
        return of(first(), length);
    }

    /** The last block of {@code length} inside this block. */
    public Cidr lastSubnet(int length) {
        return of(last(), length);
    }

    /** How many blocks of {@code length} fit, 0 when the length is shorter than this block's. */
    public BigInteger countOf(int subLength) {
        return subLength < length() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(subLength - length());
    }

    /** Canonical masked text, e.g. 10.0.0.0/24 or 2001:db8::/48. */
    public String text() {
        if (stored != null) {
            return stored;
        }
        String canonical = text;
        if (canonical == null) {
            IPAddress parsed = block();
            canonical = parsed.isIPv6() && parsed.toIPv6().getLower().withoutPrefixLength().isIPv4Mapped()
                    ? first().text() + "/" + length()
                    : parsed.toCanonicalString();
            text = canonical;
        }
        return canonical;
    }

    /** Address order, shorter block first on the same address; IPv4 before IPv6. */
    @Override
    public int compareTo(Cidr other) {
        if (family() != other.family()) {
            return family().compareTo(other.family());
        }
        int byAddress = first().compareTo(other.first());
        return byAddress != 0 ? byAddress : Integer.compare(length(), other.length());
    }

    @Override
    public boolean equals(Object o) {
        // the canonical text names exactly one block
        return o instanceof Cidr c && family == c.family && length == c.length && text().equals(c.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}

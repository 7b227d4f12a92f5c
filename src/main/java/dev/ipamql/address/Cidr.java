package dev.ipamql.address;

import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A masked IPv4 or IPv6 prefix block such as {@code 10.0.0.0/24}. */
public final class Cidr implements Comparable<Cidr> {

    private final IPAddress block;

    private Cidr(IPAddress block) {
        this.block = block;
    }

    /** Parses {@code address/length}; host bits are masked off, so 10.0.0.7/24 is 10.0.0.0/24. */
    public static Cidr parse(String text) {
        return new Cidr(AddressSyntax.prefixBlock(text));
    }

    static Cidr of(IPAddress block) {
        return new Cidr(block.toPrefixBlock());
    }

    /** The block of {@code length} that begins at {@code first}. */
    public static Cidr of(Address first, int length) {
        return new Cidr(first.value().setPrefixLength(length, false).toPrefixBlock());
    }

    public IPFamily family() {
        return block.isIPv4() ? IPFamily.V4 : IPFamily.V6;
    }

    public int length() {
        return block.getNetworkPrefixLength();
    }

    /** Number of addresses: 2^(bits-length). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(family().bits() - length());
    }

    public Address first() {
        return Address.of(block.getLower());
    }

    public Address last() {
        return Address.of(block.getUpper());
    }

    public boolean contains(Address address) {
        return address.family() == family() && block.contains(address.value());
    }

    public boolean contains(Cidr other) {
        return other.family() == family() && block.contains(other.block);
    }

    public boolean overlaps(Cidr other) {
        return other.family() == family() && (block.contains(other.block) || other.block.contains(block));
    }

    /** Addresses never handed out: network and broadcast for IPv4 up to /30, the first for IPv6 up to /126. */
    public List<Address> reservedAddresses() {
        int length = length();
        if (family() == IPFamily.V4) {
            return length <= 30 ? List.of(first(), last()) : List.of();
        }
        return length <= 126 ? List.of(first()) : List.of();
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

    /** firstUsable..lastUsable counted: size minus reserved addresses. */
    public BigInteger usableCount() {
        return size().subtract(BigInteger.valueOf(reservedAddresses().size()));
    }

    /** The enclosing block of a shorter length. */
    public Cidr supernet(int shorterLength) {
        return new Cidr(block.setPrefixLength(shorterLength, false).toPrefixBlock());
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
        return block.getNetwork().getAddressCreator().createAddress(bytes);
    }

    /** This block minus {@code inner} (which it must contain), as a minimal ascending list of blocks. */
    public List<Cidr> minus(Cidr inner) {
        List<Cidr> rest = new ArrayList<>();
        IPAddress[] pieces = block.subtract(inner.block);
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
        IPAddress[] all = blocks.stream().map(c -> c.block).toArray(IPAddress[]::new);
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

    /** How many blocks of {@code length} fit, 0 when the length is shorter than this block's. */
    public BigInteger countOf(int subLength) {
        return subLength < length() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(subLength - length());
    }

    /** Canonical masked text, e.g. 10.0.0.0/24 or 2001:db8::/48. */
    public String text() {
        if (block.isIPv6() && block.toIPv6().getLower().withoutPrefixLength().isIPv4Mapped()) {
            return first().text() + "/" + length();
        }
        return block.toCanonicalString();
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
        return o instanceof Cidr c && block.equals(c.block) && length() == c.length();
    }

    @Override
    public int hashCode() {
        return Objects.hash(block, length());
    }

    @Override
    public String toString() {
        return text();
    }
}

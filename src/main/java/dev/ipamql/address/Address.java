package dev.ipamql.address;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.util.Objects;

/** A single IPv4 or IPv6 address, printed canonically (RFC 5952 for IPv6). */
public final class Address implements Comparable<Address> {

    private final IPAddress value;

    private Address(IPAddress value) {
        this.value = value.withoutPrefixLength();
    }

    /** Parses any valid literal form; never resolves host names. */
    public static Address parse(String text) {
        return new Address(AddressSyntax.address(text));
    }

    static Address of(IPAddress value) {
        return new Address(value);
    }

    public IPFamily family() {
        return value.isIPv4() ? IPFamily.V4 : IPFamily.V6;
    }

    IPAddress value() {
        return value;
    }

    public BigInteger toBigInteger() {
        return value.getValue();
    }

    /** The address {@code delta} places further (negative goes back); no wrap-around checks. */
    public Address plus(long delta) {
        return new Address(value.increment(delta));
    }

    /** Canonical text: dotted quad, RFC 5952 for IPv6, mixed notation for IPv4-mapped IPv6. */
    public String text() {
        if (value.isIPv6()) {
            IPv6Address v6 = value.toIPv6();
            // built by hand: the library's mixed string compresses a zero IPv4 part away (::ffff:0.0.0.0)
            return v6.isIPv4Mapped() ? "::ffff:" + v6.getEmbeddedIPv4Address().toCanonicalString() : v6.toCanonicalString();
        }
        return value.toCanonicalString();
    }

    @Override
    public int compareTo(Address other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && value.equals(a.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public String toString() {
        return text();
    }
}

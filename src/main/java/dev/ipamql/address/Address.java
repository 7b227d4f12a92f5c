package dev.ipamql.address;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;

/**
 * A single IPv4 or IPv6 address, printed canonically (RFC 5952 for IPv6). The parsed value and the canonical
 * text are each made on first use, so that addresses read in bulk (the IPs of a large tree) keep their stored
 * text and are parsed only for address arithmetic.
 */
public final class Address implements Comparable<Address> {

    private final IPFamily family;
    private volatile IPAddress value;
    private volatile String text;

    private Address(IPAddress value) {
        IPAddress address = value.withoutPrefixLength();
        this.family = address.isIPv4() ? IPFamily.V4 : IPFamily.V6;
        this.value = address;
    }

    private Address(String canonicalIpv4) {
        this.family = IPFamily.V4;
        this.text = canonicalIpv4;
    }

    /** Parses any valid literal form; never resolves host names. */
    public static Address parse(String text) {
        return new Address(AddressSyntax.address(text));
    }

    /**
     * A value of a PostgreSQL {@code inet} host column as its text gives it. An IPv4 address there is already
     * canonical (four decimal octets without leading zeros, no length), so it is kept as it is and parsed only
     * when needed; any other text is parsed at once. The result is always the same as {@link #parse(String)}'s.
     */
    public static Address ofStored(String text) {
        return AddressSyntax.canonicalIpv4(text, text.length()) < 0 ? parse(text) : new Address(text);
    }

    static Address of(IPAddress value) {
        return new Address(value);
    }

    /** Whether the value has been parsed (for tests: stored IPv4 text is parsed only on demand). */
    boolean isParsed() {
        return value != null;
    }

    public IPFamily family() {
        return family;
    }

    IPAddress value() {
        IPAddress parsed = value;
        if (parsed == null) {
            parsed = AddressSyntax.address(text);
            value = parsed;
        }
        return parsed;
    }

    public BigInteger toBigInteger() {
        return value().getValue();
    }

    /** The address {@code delta} places further (negative goes back); no wrap-around checks. */
    public Address plus(long delta) {
        return new Address(value().increment(delta));
    }

    /** Canonical text: dotted quad, RFC 5952 for IPv6, mixed notation for IPv4-mapped IPv6. */
    public String text() {
        String canonical = text;
        if (canonical == null) {
            IPAddress parsed = value();
            if (parsed.isIPv6()) {
                IPv6Address v6 = parsed.toIPv6();
                // built by hand: the library's mixed string compresses a zero IPv4 part away (::ffff:0.0.0.0)
                canonical = v6.isIPv4Mapped() ? "::ffff:" + v6.getEmbeddedIPv4Address().toCanonicalString() : v6.toCanonicalString();
            } else {
                canonical = parsed.toCanonicalString();
            }
            text = canonical;
        }
        return canonical;
    }

    @Override
    public int compareTo(Address other) {
        return value().compareTo(other.value());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Address a) || family != a.family) {
            return false;
        }
        // both parsed: compare values; otherwise the canonical text, which names exactly one address
        IPAddress mine = value;
        IPAddress theirs = a.value;
        return mine != null && theirs != null ? mine.equals(theirs) : text().equals(a.text());
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

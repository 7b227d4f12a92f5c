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
    /** The value as parsed from input or made by arithmetic (final: safely published), or null for stored text. */
    private final IPAddress made;
    /** Canonical stored text (final: safely published), or null for a made value. */
    private final String stored;
    private volatile IPAddress parsed;
    private volatile String text;

    private Address(IPAddress value) {
        IPAddress address = value.withoutPrefixLength();
        this.family = address.isIPv4() ? IPFamily.V4 : IPFamily.V6;
        this.made = address;
        this.stored = null;
    }

    private Address(String canonicalIpv4) {
        this.family = IPFamily.V4;
        this.made = null;
        this.stored = canonicalIpv4;
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
        return text == null || AddressSyntax.canonicalIpv4(text, text.length()) < 0 ? parse(text) : new Address(text);
    }

    static Address of(IPAddress value) {
        return new Address(value);
    }

    /** Whether the value has been parsed (for tests: stored IPv4 text is parsed only on demand). */
    boolean isParsed() {
        return made != null || parsed != null;
    }

    public IPFamily family() {
        return family;
    }

    IPAddress value() {
        if (made != null) {
            return made;
        }
        IPAddress value = parsed;
        if (value == null) {
            value = AddressSyntax.address(stored);
            parsed = value;
        }
        return value;
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
        if (stored != null) {
            return stored;
        }
        String canonical = text;
        if (canonical == null) {
            IPAddress value = value();
            if (value.isIPv6()) {
                IPv6Address v6 = value.toIPv6();
                // built by hand: the library's mixed string compresses a zero IPv4 part away (::ffff:0.0.0.0)
                canonical = v6.isIPv4Mapped() ? "::ffff:" + v6.getEmbeddedIPv4Address().toCanonicalString() : v6.toCanonicalString();
            } else {
                canonical = value.toCanonicalString();
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
        // both made: compare values; otherwise the canonical text, which names exactly one address
        return made != null && a.made != null ? made.equals(a.made) : text().equals(a.text());
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

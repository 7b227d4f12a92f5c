package dev.ipamql.address;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges a request to an outside party must never reach unless allowed (loopback, private,
 * link-local, unspecified, multicast, reserved), IPv4 and IPv6, with IPv4 embedded in IPv6 (mapped, compatible,
 * NAT64, 6to4) judged as the IPv4 address it carries.
 */
public final class NonPublicRanges {

    private record Range(Cidr cidr, String kind) {
    }

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared (carrier-grade NAT)"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "reserved"),
            range("192.0.2.0/24", "documentation"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "reserved"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("64:ff9b:1::/48", "reserved"),
            range("100::/64", "reserved"),
            range("2001::/32", "reserved (Teredo)"),
            range("2001:db8::/32", "documentation"),
            range("fc00::/7", "private"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "private"),
            range("ff00::/8", "multicast"));

    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private NonPublicRanges() {
    }

    private static Range range(String cidr, String kind) {
        return new Range(Cidr.parse(cidr), kind);
    }

    /** What kind of non-public address {@code address} (4 or 16 bytes) is, or empty for a public one. */
    public static Optional<String> kindOf(byte[] address) {
        Address parsed = of(address);
        for (Range range : RANGES) {
            if (range.cidr().contains(parsed)) {
                return Optional.of(range.kind());
            }
        }
        if (address.length == 16) {
            byte[] embedded = null;
            if (MAPPED.contains(parsed) || COMPATIBLE.contains(parsed) || NAT64.contains(parsed)) {
                embedded = Arrays.copyOfRange(address, 12, 16);
            } else if (SIX_TO_FOUR.contains(parsed)) {
                embedded = Arrays.copyOfRange(address, 2, 6);
            }
            if (embedded != null) {
                Address v4 = of(embedded);
                return kindOf(embedded).map(kind -> kind + " (it embeds the IPv4 address " + v4.text() + ")");
            }
        }
        return Optional.empty();
    }

    /** The address of 4 or 16 bytes. */
    public static Address of(byte[] address) {
        if (address.length == 4) {
            return Address.parse((address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff));
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString((address[i] & 0xff) << 8 | address[i + 1] & 0xff));
        }
        return Address.parse(text.toString());
    }
}

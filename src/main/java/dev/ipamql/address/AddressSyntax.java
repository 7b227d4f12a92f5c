package dev.ipamql.address;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

/** Strict parsing of address and CIDR literals: no host names, ranges, wildcards, masks or zones. */
final class AddressSyntax {

    /** Longest literal worth parsing; anything longer is rejected without looking at it. */
    static final int MAX_LITERAL_LENGTH = 100;

    /** A plain decimal prefix length at the end: no sign, no leading zeros, no overflow tricks. */
    private static final java.util.regex.Pattern PREFIX_LENGTH = java.util.regex.Pattern.compile("/(0|[1-9][0-9]{0,2})$");

    private static final IPAddressStringParameters ADDRESS = base(false);
    private static final IPAddressStringParameters CIDR = base(true);

    private AddressSyntax() {
    }

    private static IPAddressStringParameters base(boolean prefix) {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder()
                .allowEmpty(false)
                .allowAll(false)
                .allowSingleSegment(false)
                .allowPrefix(prefix)
                .allowMask(false)
                .allowPrefixOnly(false)
                .setRangeOptions(RangeParameters.NO_RANGE);
        builder.getIPv4AddressParametersBuilder()
                .allow_inet_aton(false)
                .allowLeadingZeros(false)
                .allowPrefixLengthLeadingZeros(true)
                .allowBinary(false)
                .allowWildcardedSeparator(false);
        builder.getIPv6AddressParametersBuilder().getEmbeddedIPv4AddressParametersBuilder()
                .allow_inet_aton(false)
                .allowLeadingZeros(false)
                .allowBinary(false)
                .allowWildcardedSeparator(false);
        builder.getIPv6AddressParametersBuilder()
                .allow_mixed_inet_aton(false)
                .allowZone(false)
                .allowMixed(true)
                .allowBinary(false)
                .allowBase85(false)
                .allowWildcardedSeparator(false)
                .allowPrefixLengthLeadingZeros(true);
        return builder.toParams();
    }

    /**
     * The value of {@code text[0, end)} when it is an IPv4 address in canonical form (four decimal octets 0-255
     * without leading zeros, as PostgreSQL and this service write them), else -1.
     */
    static long canonicalIpv4(String text, int end) {
        int i = 0;
        long address = 0;
        for (int octet = 0; octet < 4; octet++) {
            int start = i;
            int value = 0;
            while (i < end && i - start < 3 && isDigit(text.charAt(i))) {
                value = value * 10 + text.charAt(i++) - '0';
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || digits > 1 && text.charAt(start) == '0') {
                return -1;
            }
            if (octet < 3) {
                if (i == end || text.charAt(i++) != '.') {
                    return -1;
                }
            }
            address = address << 8 | value;
        }
        return i == end ? address : -1;
    }

    /** The length of canonical masked IPv4 CIDR text such as 10.0.0.0/24 (as PostgreSQL writes it), else -1. */
    static int canonicalIpv4Length(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        int end = text.length();
        int digits = end - slash - 1;
        if (slash < 0 || digits < 1 || digits > 2 || !isDigit(text.charAt(slash + 1)) || !isDigit(text.charAt(end - 1))
                || digits == 2 && text.charAt(slash + 1) == '0') {
            return -1;
        }
        long address = canonicalIpv4(text, slash);
        int length = Integer.parseInt(text, slash + 1, end, 10);
        long hostBits = length == 32 ? 0 : (1L << (32 - length)) - 1;
        return address >= 0 && length <= 32 && (address & hostBits) == 0 ? length : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A single address; fails for anything else. */
    static IPAddress address(String text) {
        String literal = literal(text, "address");
        IPAddress address = new IPAddressString(literal, ADDRESS).getAddress();
        if (address == null || address.isMultiple() || address.isPrefixed()) {
            throw new InvalidAddressException("invalid IP address: " + quoted(text));
        }
        return address;
    }

    /** A prefix literal with explicit length; returns the masked prefix block. */
    static IPAddress prefixBlock(String text) {
        String literal = literal(text, "CIDR");
        if (!PREFIX_LENGTH.matcher(literal).find()) {
            throw new InvalidAddressException("invalid CIDR: " + quoted(text)
                    + " (expected address/length, the length 0-32 for IPv4 or 0-128 for IPv6)");
        }
        IPAddressString parsed = new IPAddressString(literal, CIDR);
        IPAddress address = parsed.getAddress();
        if (address == null || !address.isPrefixed() || address.isMultiple() && !address.isPrefixBlock()) {
            if (parsed.isPrefixed() || literal.contains("/")) {
                throw new InvalidAddressException("invalid CIDR: " + quoted(text)
                        + " (a prefix length must be 0-32 for IPv4 or 0-128 for IPv6)");
            }
            throw new InvalidAddressException("invalid CIDR: " + quoted(text) + " (expected address/length)");
        }
        return address.toPrefixBlock();
    }

    private static String literal(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new InvalidAddressException("invalid " + what + ": empty value");
        }
        if (text.length() > MAX_LITERAL_LENGTH
                || text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidAddressException("invalid " + what + ": " + quoted(text));
        }
        return text;
    }

    /** The offending text, shortened so that a message stays readable. */
    static String quoted(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return "'" + shown + "'";
    }
}

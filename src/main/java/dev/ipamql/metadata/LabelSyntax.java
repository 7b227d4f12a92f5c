package dev.ipamql.metadata;

import java.util.regex.Pattern;

/**
 * Kubernetes label syntax: a key is an optional DNS-subdomain prefix (at most 253 characters) and '/',
 * then a name; a value is empty or a name. Names are 1-63 characters, alphanumeric at both ends.
 */
final class LabelSyntax {

    static final int MAX_NAME = 63;
    static final int MAX_PREFIX = 253;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private LabelSyntax() {
    }

    static void requireKey(String what, String key) {
        if (key == null) {
            throw new InvalidMetadataException(what + " is missing");
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !isDnsSubdomain(key.substring(0, slash))) {
            throw new InvalidMetadataException(what + " " + shown(key) + " has an invalid prefix: use a DNS subdomain "
                    + "of at most " + MAX_PREFIX + " characters (lower-case a-z, 0-9, '-' and '.') before the '/'");
        }
        if (!isName(name)) {
            throw new InvalidMetadataException(what + " " + shown(key) + " is not a valid label key: the name"
                    + (slash >= 0 ? " after the '/'" : "") + " must be 1-" + MAX_NAME
                    + " characters of A-Z, a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit");
        }
    }

    static void requireValue(String what, String value) {
        if (value == null) {
            throw new InvalidMetadataException(what + ": the value is missing (use \"\" for an empty value)");
        }
        if (!value.isEmpty() && !isName(value)) {
            throw new InvalidMetadataException(what + ": value " + shown(value) + " is not a valid label value: use "
                    + "nothing, or 1-" + MAX_NAME + " characters of A-Z, a-z, 0-9, '-', '_' and '.', starting and "
                    + "ending with a letter or digit");
        }
    }

    static boolean isName(String text) {
        return !text.isEmpty() && text.length() <= MAX_NAME && NAME.matcher(text).matches();
    }

    private static boolean isDnsSubdomain(String text) {
        if (text.isEmpty() || text.length() > MAX_PREFIX) {
            return false;
        }
        for (String part : text.split("\\.", -1)) {
            if (part.length() > MAX_NAME || !DNS_LABEL.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Text for a message: quoted, control characters escaped, cut after 70 characters. */
    static String shown(String text) {
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(text.length(), 70);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > limit ? "...'" : "'").toString();
    }
}

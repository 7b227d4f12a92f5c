package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.service.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque cursors: the position (a CIDR or an address) behind a marker, base64url-encoded. */
public final class Cursors {

    private static final String PREFIX = "prefix:";
    private static final String ADDRESS = "ip:";

    private Cursors() {
    }

    public static String of(Cidr cidr) {
        return encode(PREFIX + cidr.text());
    }

    public static String of(Address address) {
        return encode(ADDRESS + address.text());
    }

    public static Cidr cidrAfter(String cursor) {
        return cursor == null ? null : Cidr.parse(decode(cursor, PREFIX));
    }

    public static Address addressAfter(String cursor) {
        return cursor == null ? null : Address.parse(decode(cursor, ADDRESS));
    }

    /** An opaque cursor for any position text. */
    public static String opaque(String text) {
        return encode(text);
    }

    /** The position text behind an opaque cursor, or null when it is not one. */
    public static String reveal(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The number an opaque cursor names after {@code marker}; INVALID_ARGUMENT when it names none. */
    public static long number(String cursor, String marker) {
        String text = reveal(cursor);
        if (text != null && text.startsWith(marker)) {
            try {
                return Long.parseLong(text.substring(marker.length()));
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new InvalidArgumentException("after: " + Arguments.shown(cursor) + " is not a cursor issued for this list");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String marker) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(marker)) {
                String position = text.substring(marker.length());
                if (marker.equals(PREFIX)) {
                    Cidr.parse(position);
                } else {
                    Address.parse(position);
                }
                return position;
            }
        } catch (IllegalArgumentException | InvalidAddressException e) {
            // falls through to the error below
        }
        throw new InvalidArgumentException("after: " + Arguments.shown(cursor) + " is not a cursor issued for this list");
    }
}

package dev.ipamql.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims: 1-253 printable characters, nothing else. */
class ClaimTest {

    @ParameterizedTest
    @ValueSource(strings = {"vm-42/eth0", "module.net[\"a\"].netbox_ip.this", "ünïcödé ✓", "x"})
    void printableTextIsAClaim(String text) {
        assertEquals(text, new Claim(text).text());
    }

    @Test
    void lengthIsCountedInCharactersUpTo253() {
        new Claim("a".repeat(253));
        new Claim("\uD83D\uDE00".repeat(253));
        assertEquals("claim is 254 characters long; at most 253 are allowed",
                assertThrows(InvalidMetadataException.class, () -> new Claim("a".repeat(254))).getMessage());
        assertEquals("claim is 10240 characters long; at most 253 are allowed",
                assertThrows(InvalidMetadataException.class, () -> new Claim("a".repeat(10240))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "tab\there", "new\nline", "\u007f", "lone\uD800", "\u2028", "\u0085"})
    void controlCharactersAndLoneSurrogatesAreRefused(String text) {
        assertThrows(InvalidMetadataException.class, () -> new Claim(text));
    }

    @Test
    void anEmptyClaimIsRefusedAndAMissingOneIsNone() {
        assertEquals("claim must not be empty", assertThrows(InvalidMetadataException.class, () -> new Claim("")).getMessage());
        assertNull(Claim.ofNullable(null));
    }
}

package dev.ipamql.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Address math without Quarkus: parsing, masking, reserved addresses, block arithmetic. */
class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "10.10.10.1/24, 10.10.10.0/24",
            "10.0.0.0/8, 10.0.0.0/8",
            "0.0.0.0/0, 0.0.0.0/0",
            "192.168.1.77/32, 192.168.1.77/32",
            "2001:0db8:85a3::2/120, 2001:db8:85a3::/120",
            "2001:DB8::1/48, 2001:db8::/48",
            "::/0, ::/0",
            "::ffff:192.0.2.7/120, ::ffff:192.0.2.0/120",
            "::ffff:0:0/120, ::ffff:0.0.0.0/120",
            "0:0:0:0:0:ffff::/96, ::ffff:0.0.0.0/96"
    })
    void cidrsAreMaskedAndCanonical(String input, String canonical) {
        assertEquals(canonical, Cidr.parse(input).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "10.0.0.0", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "localhost/24",
            "example.com", "10.0.0.0/24/1", "10.0.0.*/24", "10.0.0.0-10.0.0.5", "fe80::1%eth0/64", "10.1/16",
            "10.0.0.0/255.255.255.0", "0x0a000000/8", "1.2.3.4.5/24", "１０.0.0.0/8", "10.0.0.0/2147483656",
            "2001:db8::1/0000000000000000000004294967304", "10.0.0.0/024", "::ffff:10.0.0/120", "\u0000198.51.0.0/16"})
    void malformedCidrsAreRejectedNamingTheValue(String input) {
        InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Cidr.parse(input));
        assertTrue(e.getMessage().contains(input.isBlank() ? "empty" : input), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "192.168.0.1, 192.168.0.1",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "::ffff:192.0.2.1, ::ffff:192.0.2.1",
            "::ffff:c000:0201, ::ffff:192.0.2.1",
            "::ffff:0:0, ::ffff:0.0.0.0",
            "::, ::"
    })
    void addressesPrintCanonically(String input, String canonical) {
        assertEquals(canonical, Address.parse(input).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "10.0.0.1/32", "fe80::1%eth0", "10.0.0", "256.0.0.1",
            "1.2.3.4 ", "::g", "010.0.0.1", "*", "198.51.102.6\u0008", "2001:db8:cafe::0.5", "\u00002001:db8::5"})
    void malformedAddressesAndHostNamesAreRejected(String input) {
        assertThrows(InvalidAddressException.class, () -> Address.parse(input));
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/24, 10.0.0.0 10.0.0.255, 10.0.0.1, 10.0.0.254",
            "10.0.0.0/30, 10.0.0.0 10.0.0.3, 10.0.0.1, 10.0.0.2",
            "10.0.0.0/31, '', 10.0.0.0, 10.0.0.1",
            "10.0.0.7/32, '', 10.0.0.7, 10.0.0.7",
            "2001:db8::/64, 2001:db8::, 2001:db8::1, 2001:db8::ffff:ffff:ffff:ffff",
            "2001:db8::/126, 2001:db8::, 2001:db8::1, 2001:db8::3",
            "2001:db8::/127, '', 2001:db8::, 2001:db8::1",
            "2001:db8::5/128, '', 2001:db8::5, 2001:db8::5"
    })
    void reservedAddressesFollowTheFamilyAndLength(String cidr, String reserved, String firstUsable, String lastUsable) {
        Cidr prefix = Cidr.parse(cidr);
        assertEquals(reserved, String.join(" ", prefix.reservedAddresses().stream().map(Address::text).toList()));
        assertEquals(firstUsable, prefix.firstUsable().text());
        assertEquals(lastUsable, prefix.lastUsable().text());
    }

    @Test
    void sizesAreExactBeyondLongRange() {
        assertEquals(new BigInteger("18446744073709551616"), Cidr.parse("2001:db8::/64").size());
        assertEquals(BigInteger.valueOf(256), Cidr.parse("10.0.0.0/24").size());
        assertEquals(new BigInteger("4294967296"), Cidr.parse("0.0.0.0/0").size());
        assertEquals(BigInteger.valueOf(254), Cidr.parse("10.0.0.0/24").usableCount());
    }

    @Test
    void carvingABlockLeavesTheMinimalAscendingRest() {
        Cidr block = Cidr.parse("192.168.0.0/20");
        assertEquals(List.of("192.168.0.0/22", "192.168.6.0/23", "192.168.8.0/21"),
                block.minus(Cidr.parse("192.168.4.0/23")).stream().map(Cidr::text).toList());
        assertEquals(List.of("2001:aabb:0:1::/64", "2001:aabb:0:2::/63", "2001:aabb:0:4::/62"),
                Cidr.parse("2001:aabb::/61").minus(Cidr.parse("2001:aabb::/64")).stream().map(Cidr::text).toList());
        assertEquals(List.of(), block.minus(block));
    }

    @Test
    void buddiesAreTheOtherHalfOfTheEnclosingBlock() {
        assertEquals("10.0.1.0/24", Cidr.parse("10.0.0.0/24").buddy().text());
        assertEquals("10.0.0.0/24", Cidr.parse("10.0.1.0/24").buddy().text());
        assertEquals("10.0.0.0/23", Cidr.parse("10.0.1.0/24").supernet(23).text());
        assertEquals("2001:aabb::/72", Cidr.parse("2001:aabb:0:0:100::/72").buddy().text());
        assertEquals("128.0.0.0/1", Cidr.parse("0.0.0.0/1").buddy().text());
    }

    @Test
    void mergingGivesTheMinimalList() {
        List<Cidr> parts = List.of(Cidr.parse("10.0.1.0/24"), Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.3.0/24"));
        assertEquals(List.of("10.0.0.0/23", "10.0.3.0/24"), Cidr.merge(parts).stream().map(Cidr::text).toList());
    }

    @Test
    void overlapAndContainmentNeverCrossFamilies() {
        assertTrue(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.1.0.0/16")));
        assertTrue(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.0.0.0/8")));
        assertFalse(Cidr.parse("10.0.0.0/16").overlaps(Cidr.parse("10.1.0.0/16")));
        assertFalse(Cidr.parse("::/0").overlaps(Cidr.parse("0.0.0.0/0")));
        assertFalse(Cidr.parse("::/0").contains(Address.parse("10.0.0.1")));
        assertTrue(Cidr.parse("::/0").contains(Address.parse("::ffff:10.0.0.1")));
    }

    @Test
    void orderIsByAddressThenShorterFirstAndIpv4BeforeIpv6() {
        List<String> sorted = List.of("2001:db8::/32", "10.0.0.0/24", "10.0.0.0/8", "9.0.0.0/8", "10.0.1.0/24").stream()
                .map(Cidr::parse).sorted().map(Cidr::text).toList();
        assertEquals(List.of("9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/24", "10.0.1.0/24", "2001:db8::/32"), sorted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/24", "0.0.0.0/0", "255.255.255.255/32", "192.168.1.77/32", "128.0.0.0/1",
            "10.0.0.0/8", "1.2.3.0/24"})
    void storedIpv4TextIsKeptAsItIsAndParsedOnlyWhenItsAddressesAreNeeded(String text) {
        Cidr stored = Cidr.ofStored(text);
        assertSame(text, stored.text());
        assertEquals(Integer.parseInt(text.substring(text.indexOf("/") + 1)), stored.length());
        assertEquals(Cidr.parse(text).size(), stored.size());
        assertEquals(Cidr.parse(text).reservedAddresses().size(), stored.reservedCount());
        assertFalse(stored.isParsed(), "family, length, size, text and the reserved count need no parsing");
        assertEquals(Cidr.parse(text).first(), stored.first());
        assertTrue(stored.isParsed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.7/24", "010.0.0.0/8", "10.00.0.0/16", "10.0.0.0/024", "10.0.0.0/33", "10.0.0.0/",
            "10.0.0/24", "10.0.0.0.0/24", "256.0.0.0/8", "10.0.0.0/+8", "10.0.0.0/ 8", "1000.0.0.0/8", "a.b.c.d/8",
            "2001:db8::/48", "::ffff:10.0.0.0/120", "10.0.0.0", "/24", "", "10.0.0.0//24", "10.0.0.1/31", "0.0.0.1/0"})
    void anyOtherStoredTextIsParsedAsInput(String text) {
        assertEquals(-1, AddressSyntax.canonicalIpv4Length(text));
        assertSameAsParsed(text);
    }

    @Test
    void storedTextGivesWhatParsingGivesForRandomIpv4AndIpv6Blocks() {
        java.util.Random random = new java.util.Random(20261127);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(33);
            long address = random.nextInt() & 0xffffffffL;
            long masked = length == 0 ? 0 : address & (0xffffffffL << (32 - length)) & 0xffffffffL;
            assertSameAsParsed(ipv4(masked) + "/" + length);
            assertSameAsParsed(ipv4(address) + "/" + length);
            assertSameAsParsed(Long.toHexString(address >>> 16) + ":db8::" + Long.toHexString(address & 0xffff) + "/" + (length * 4));
        }
    }

    private static String ipv4(long address) {
        return (address >>> 24) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }

    /** ofStored and parse agree on the text (or both refuse it) and give equal, interchangeable values. */
    private static void assertSameAsParsed(String text) {
        assertStoredAsParsed(text, Cidr::parse, Cidr::ofStored, (parsed, stored) -> {
            assertEquals(parsed.family(), stored.family(), text);
            assertEquals(parsed.length(), stored.length(), text);
            assertEquals(parsed.reservedCount(), stored.reservedCount(), text);
            assertEquals(parsed.reservedAddresses(), stored.reservedAddresses(), text);
            assertEquals(parsed.usableCount(), stored.usableCount(), text);
            assertEquals(parsed.first(), stored.first(), text);
            assertEquals(parsed.last(), stored.last(), text);
        });
    }

    /** Both factories refuse the text, or both give equal values with the same text and family, then {@code same}. */
    private static <T extends Comparable<T>> void assertStoredAsParsed(String text, Function<String, T> parse,
                                                                      Function<String, T> ofStored, BiConsumer<T, T> same) {
        T parsed;
        try {
            parsed = parse.apply(text);
        } catch (InvalidAddressException refused) {
            assertThrows(InvalidAddressException.class, () -> ofStored.apply(text), text);
            return;
        }
        T stored = ofStored.apply(text);
        assertEquals(parsed.toString(), stored.toString(), text);
        assertEquals(parsed, stored, text);
        assertEquals(stored, parsed, text);
        assertEquals(parsed.hashCode(), stored.hashCode(), text);
        assertEquals(0, parsed.compareTo(stored), text);
        assertEquals(0, stored.compareTo(parsed), text);
        same.accept(parsed, stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.77", "1.2.3.4"})
    void storedIpv4AddressesAreKeptAsTheyAreAndParsedOnlyWhenNeeded(String text) {
        Address stored = Address.ofStored(text);
        assertSame(text, stored.text());
        assertEquals(IPFamily.V4, stored.family());
        assertEquals(Address.parse(text), stored);
        assertEquals(Address.parse(text).hashCode(), stored.hashCode());
        assertFalse(stored.isParsed(), "text, family, equality and hash need no parsing");
        assertEquals(Address.parse(text).toBigInteger(), stored.toBigInteger());
        assertTrue(stored.isParsed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "10.0.0.1/32", "10.0.0", "10.0.0.1.", "10.0.0.1.2", "256.0.0.1",
            "1000.0.0.1", "10.0.0.1 ", "", ".", "10..0.1", "::1", "::ffff:10.0.0.1", "2001:db8::1", "10.0.0.1%eth0"})
    void anyOtherStoredAddressTextIsParsedAsInput(String text) {
        assertEquals(-1, AddressSyntax.canonicalIpv4(text, text.length()));
        assertSameAddressAsParsed(text);
    }

    @Test
    void storedAddressesGiveWhatParsingGivesForRandomIpv4AndIpv6Addresses() {
        java.util.Random random = new java.util.Random(20261127);
        for (int i = 0; i < 20_000; i++) {
            long address = random.nextInt() & 0xffffffffL;
            assertSameAddressAsParsed(ipv4(address));
            assertSameAddressAsParsed("::ffff:" + ipv4(address));
            assertSameAddressAsParsed("2001:db8::" + Long.toHexString(address >>> 16) + ":" + Long.toHexString(address & 0xffff));
        }
    }

    /** ofStored and parse agree on the address (or both refuse it) and give equal, interchangeable values. */
    private static void assertSameAddressAsParsed(String text) {
        assertStoredAsParsed(text, Address::parse, Address::ofStored, (parsed, stored) -> {
            assertEquals(parsed.text(), stored.text(), text);
            assertEquals(parsed.family(), stored.family(), text);
            assertEquals(parsed.plus(1), stored.plus(1), text);
            assertEquals(parsed.toBigInteger(), stored.toBigInteger(), text);
        });
    }
}

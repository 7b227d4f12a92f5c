package dev.ipamql.address;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may not reach: every kind, at its edges, and IPv4 carried inside IPv6. */
class NonPublicRangesTest {

    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, unspecified",
            "10.0.0.0, private",
            "10.255.255.255, private",
            "100.64.0.1, shared (carrier-grade NAT)",
            "127.0.0.1, loopback",
            "127.255.255.254, loopback",
            "169.254.169.254, link-local",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.0.1, private",
            "192.0.0.8, reserved",
            "198.18.0.1, reserved",
            "224.0.0.1, multicast",
            "239.255.255.250, multicast",
            "240.0.0.1, reserved",
            "255.255.255.255, reserved",
            "::, unspecified",
            "::1, loopback",
            "fe80::1, link-local",
            "febf::1, link-local",
            "fc00::1, private",
            "fd12:3456::1, private",
            "fec0::1, private",
            "ff02::1, multicast",
            "2001:db8::1, documentation",
            "2001:0:4136:e378::1, reserved (Teredo)",
            "'0:0:0:0:0:ffff:a00:1', 'private (it embeds the IPv4 address 10.0.0.1)'",
            "'::7f00:1', 'loopback (it embeds the IPv4 address 127.0.0.1)'",
            "'64:ff9b::a9fe:a9fe', 'link-local (it embeds the IPv4 address 169.254.169.254)'",
            "'2002:c0a8:101::1', 'private (it embeds the IPv4 address 192.168.1.1)'",
    })
    void nonPublicAddressesAreNamedByKind(String address, String kind) throws UnknownHostException {
        assertEquals(Optional.of(kind), NonPublicRanges.kindOf(bytes(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "169.253.255.255", "172.15.255.255", "172.32.0.0", "192.167.255.255",
            "192.169.0.0", "223.255.255.255", "2606:4700::1111", "2a00:1450::1", "fbff::1",
            "2001:db9::1", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesPass(String address) throws UnknownHostException {
        assertEquals(Optional.empty(), NonPublicRanges.kindOf(bytes(address)));
    }

    /** The 4 or 16 bytes of an IPv6 address as given, not turned into IPv4 as InetAddress does for mapped ones. */
    private static byte[] bytes(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 4 && literal.contains(":")) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        return bytes;
    }
}

package dev.ipamql.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ipamql.address.FreeSpace.Run;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Free blocks and free runs computed at once, as the allocators would have left them one step at a time. */
class FreeSpaceTest {

    @Test
    void aBlockWithNothingTakenIsFreeAsAWhole() {
        assertEquals(cidrs("10.0.0.0/16"), FreeSpace.blocksOutside(Cidr.parse("10.0.0.0/16"), List.of()));
    }

    @Test
    void takenBlocksLeaveTheMinimalListOfAlignedBlocks() {
        Cidr outer = Cidr.parse("192.168.0.0/20");

        List<Cidr> free = FreeSpace.blocksOutside(outer, cidrs("192.168.8.0/23", "192.168.4.0/22"));

        assertEquals(cidrs("192.168.0.0/22", "192.168.10.0/23", "192.168.12.0/22"), free);
        assertEquals(free, Cidr.merge(free));
    }

    @Test
    void freeBlocksDoNotDependOnTheOrderBlocksWereTakenIn() {
        Cidr outer = Cidr.parse("2001:db8::/48");
        List<Cidr> taken = cidrs("2001:db8::/64", "2001:db8:0:1::/72", "2001:db8:0:ff::/64", "2001:db8:0:8000::/49");

        List<Cidr> forward = FreeSpace.blocksOutside(outer, taken);
        List<Cidr> reversed = new ArrayList<>(taken);
        Collections.reverse(reversed);
        List<Cidr> backward = FreeSpace.blocksOutside(outer, reversed);

        assertEquals(forward, backward);
        assertEquals(forward, Cidr.merge(forward));
    }

    @Test
    void takingTheWholeBlockLeavesNothing() {
        assertEquals(List.of(), FreeSpace.blocksOutside(Cidr.parse("10.0.0.0/24"), cidrs("10.0.0.0/24")));
    }

    @Test
    void aBlockThatIsNotFreeIsRefused() {
        Cidr outer = Cidr.parse("10.0.0.0/16");
        assertThrows(IllegalArgumentException.class, () -> FreeSpace.blocksOutside(outer, cidrs("10.1.0.0/24")));
        assertThrows(IllegalArgumentException.class,
                () -> FreeSpace.blocksOutside(outer, cidrs("10.0.0.0/24", "10.0.0.0/25")));
    }

    @Test
    void takenAddressesLeaveMaximalRuns() {
        List<Run> runs = FreeSpace.runsOutside(address("10.0.0.1"), address("10.0.0.254"),
                addresses("10.0.0.1", "10.0.0.5", "10.0.0.6", "10.0.0.200"));

        assertEquals(List.of(run("10.0.0.2", "10.0.0.4"), run("10.0.0.7", "10.0.0.199"), run("10.0.0.201", "10.0.0.254")),
                runs);
    }

    @Test
    void theLastAddressOfTheWholeSpaceCanBeTaken() {
        List<Run> runs = FreeSpace.runsOutside(address("255.255.255.254"), address("255.255.255.255"),
                addresses("255.255.255.255"));

        assertEquals(List.of(run("255.255.255.254", "255.255.255.254")), runs);
        assertEquals(List.of(), FreeSpace.runsOutside(address("ffff::"), address("ffff::"), addresses("ffff::")));
    }

    @Test
    void nothingTakenIsOneRun() {
        assertEquals(List.of(run("2001:db8::1", "2001:db8::ffff")),
                FreeSpace.runsOutside(address("2001:db8::1"), address("2001:db8::ffff"), List.of()));
    }

    @Test
    void unorderedOrOutsideAddressesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FreeSpace.runsOutside(address("10.0.0.1"),
                address("10.0.0.10"), addresses("10.0.0.5", "10.0.0.3")));
        assertThrows(IllegalArgumentException.class, () -> FreeSpace.runsOutside(address("10.0.0.1"),
                address("10.0.0.10"), addresses("10.0.0.11")));
    }

    @Test
    void runsOutsideRunsSkipWhatIsTakenAndIgnoreWhatLiesBeyond() {
        assertEquals(List.of(run("10.0.0.4", "10.0.0.4"), run("10.0.0.21", "10.0.0.254")),
                FreeSpace.runsOutsideRuns(address("10.0.0.1"), address("10.0.0.254"), List.of(run("10.0.0.0", "10.0.0.3"),
                        run("10.0.0.5", "10.0.0.9"), run("10.0.0.10", "10.0.0.20"))));
        assertEquals(List.of(), FreeSpace.runsOutsideRuns(address("255.255.255.0"), address("255.255.255.255"),
                List.of(run("255.255.255.0", "255.255.255.255"))));
        assertEquals(List.of(run("10.0.0.0", "10.0.0.0")), FreeSpace.runsOutsideRuns(address("10.0.0.0"),
                address("10.0.0.255"), List.of(run("10.0.0.1", "10.0.1.0"))));
    }

    private static List<Cidr> cidrs(String... texts) {
        return Stream.of(texts).map(Cidr::parse).toList();
    }

    private static List<Address> addresses(String... texts) {
        return Stream.of(texts).map(Address::parse).toList();
    }

    private static Address address(String text) {
        return Address.parse(text);
    }

    private static Run run(String first, String last) {
        return new Run(address(first), address(last));
    }
}

package dev.ipamql.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.address.Address;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Free-range edits checked against a bit set of the free addresses of a small prefix. */
class FreeRangeEditTest {

    private static final Address BASE = Address.parse("10.0.0.0");

    @Test
    void takingTheLowestSplitsOnlyTheLastRangeTouched() {
        FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(List.of(range(1, 2), range(4, 4), range(6, 254)), 5);

        assertEquals(List.of(at(1), at(2), at(4), at(6), at(7)), taken.addresses());
        assertEquals(List.of(at(1), at(4), at(6)), taken.edit().removed());
        assertEquals(List.of(range(8, 254)), taken.edit().added());
    }

    @Test
    void takingTheHighestShortensRangesFromTheirEndAndKeepsTheirFirstAddress() {
        FreeRangeEdit.Taken taken = FreeRangeEdit.takeHighest(List.of(range(250, 254), range(248, 248), range(1, 200)), 7);

        assertEquals(List.of(at(254), at(253), at(252), at(251), at(250), at(248), at(200)), taken.addresses());
        assertEquals(List.of(at(250), at(248), at(1)), taken.edit().removed());
        assertEquals(List.of(range(1, 199)), taken.edit().added());
    }

    @Test
    void takingMoreThanIsFreeTakesAllThereIs() {
        FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(List.of(range(1, 2)), 5);

        assertEquals(List.of(at(1), at(2)), taken.addresses());
        assertEquals(List.of(), taken.edit().added());
    }

    @Test
    void carvingARangeKeepsWhatLiesOnEitherSide() {
        FreeRangeEdit middle = FreeRangeEdit.carve(List.of(range(1, 254)), at(10), at(19));
        assertEquals(List.of(at(1)), middle.removed());
        assertEquals(List.of(range(1, 9), range(20, 254)), middle.added());

        FreeRangeEdit whole = FreeRangeEdit.carve(List.of(range(10, 19)), at(0), at(255));
        assertEquals(List.of(at(10)), whole.removed());
        assertEquals(List.of(), whole.added());

        FreeRangeEdit atStart = FreeRangeEdit.carve(List.of(range(1, 254)), at(0), at(5));
        assertEquals(List.of(range(6, 254)), atStart.added());
    }

    @Test
    void givingBackARunMergesItWithTheRangesTouchingIt() {
        FreeRangeEdit edit = FreeRangeEdit.giveBackRuns(List.of(range(10, 19)), List.of(range(1, 9), range(20, 30)));
        assertEquals(List.of(range(1, 30)), edit.added());
        assertEquals(List.of(at(1), at(20)), edit.removed().stream().sorted().toList());
        assertEquals(List.of(range(10, 19)), FreeRangeEdit.giveBackRuns(List.of(range(10, 19)), List.of()).added());
    }

    @Test
    void givingBackJoinsRunsAndTheirNeighbours() {
        FreeRangeEdit edit = FreeRangeEdit.giveBack(List.of(at(5), at(3), at(7)), List.of(range(1, 2), range(4, 4), range(6, 6)));

        assertEquals(List.of(range(1, 7)), edit.added());
        assertEquals(List.of(at(1), at(4), at(6)), edit.removed().stream().sorted().toList());
    }

    /** Random free sets of a /26, random addresses taken and given back: the ranges always equal the free set. */
    @Test
    void randomEditsKeepTheRangesExactlyTheFreeAddresses() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            BitSet free = new BitSet(64);
            for (int i = 0; i < 64; i++) {
                free.set(i, random.nextBoolean());
            }
            TreeMap<Address, FreeRange> ranges = ranges(free);
            if (random.nextBoolean()) {
                int count = 1 + random.nextInt(40);
                FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(new ArrayList<>(ranges.values()).subList(0,
                        Math.min(count, ranges.size())), count);
                for (Address address : taken.addresses()) {
                    int offset = offset(address);
                    assertEquals(free.nextSetBit(0), offset, "the lowest free address is taken first");
                    free.clear(offset);
                }
                apply(ranges, taken.edit());
            } else {
                List<Address> back = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    if (!free.get(i) && random.nextInt(3) == 0) {
                        back.add(at(i));
                    }
                }
                List<FreeRange> neighbours = ranges.values().stream().filter(r -> back.stream().anyMatch(a ->
                        r.last().plus(1).equals(a) || a.plus(1).equals(r.first()))).toList();
                FreeRangeEdit edit = FreeRangeEdit.giveBack(back, neighbours);
                back.forEach(a -> free.set(offset(a)));
                apply(ranges, edit);
            }
            assertEquals(ranges(free), ranges, "round " + round);
        }
    }

    private static void apply(TreeMap<Address, FreeRange> ranges, FreeRangeEdit edit) {
        edit.removed().forEach(first -> assertEquals(true, ranges.remove(first) != null, "removes an existing range"));
        edit.added().forEach(range -> assertEquals(null, ranges.put(range.first(), range), "adds no duplicate start"));
    }

    private static TreeMap<Address, FreeRange> ranges(BitSet free) {
        TreeMap<Address, FreeRange> out = new TreeMap<>();
        for (int start = free.nextSetBit(0); start >= 0; start = free.nextSetBit(free.nextClearBit(start))) {
            out.put(at(start), range(start, free.nextClearBit(start) - 1));
        }
        return out;
    }

    private static Address at(int offset) {
        return BASE.plus(offset);
    }

    private static int offset(Address address) {
        return address.toBigInteger().subtract(BASE.toBigInteger()).intValue();
    }

    private static FreeRange range(int first, int last) {
        return new FreeRange(at(first), at(last));
    }
}

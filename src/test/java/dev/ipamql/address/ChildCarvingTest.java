package dev.ipamql.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ipamql.address.ChildCarving.Carved;
import dev.ipamql.address.ChildCarving.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Children carved by best fit from free blocks in memory, request after request, as the database would carve them. */
class ChildCarvingTest {

    @Test
    void theSmallestFreeBlockThatHoldsTheChildIsCarved() {
        Carved carved = ChildCarving.carve(cidrs("10.0.0.0/23", "10.0.2.0/24", "10.0.3.128/25", "10.0.4.0/22"),
                List.of(26));

        assertEquals(cidrs("10.0.3.128/26"), carved.children());
        assertEquals(cidrs("10.0.3.128/25"), carved.taken());
        assertEquals(cidrs("10.0.3.192/26"), carved.added());
    }

    @Test
    void amongEquallySmallBlocksTheLowestIsCarved() {
        Carved carved = ChildCarving.carve(cidrs("10.0.3.0/24", "10.0.1.0/24", "10.0.8.0/22"), List.of(25));

        assertEquals(cidrs("10.0.1.0/25"), carved.children());
        assertEquals(cidrs("10.0.1.0/24"), carved.taken());
        assertEquals(cidrs("10.0.1.128/25"), carved.added());
    }

    @Test
    void eachRequestCarvesFromWhatTheOnesBeforeItLeft() {
        Carved carved = ChildCarving.carve(cidrs("10.0.0.0/24"), List.of(26, 26, 25));

        assertEquals(cidrs("10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/25"), carved.children());
        assertEquals(cidrs("10.0.0.0/24"), carved.taken());
        assertEquals(List.of(), carved.added());
    }

    @Test
    void aRequestNoBlockHoldsIsRefusedWithTheFreeBlocksOfItsTurnAndTheNextStillFit() {
        Carved carved = ChildCarving.carve(cidrs("10.0.0.0/25"), List.of(24, 26, 24));

        List<Choice> choices = carved.choices();
        assertNull(choices.get(0).child());
        assertEquals(cidrs("10.0.0.0/25"), choices.get(0).freeBlocks());
        assertEquals(Cidr.parse("10.0.0.0/26"), choices.get(1).child());
        assertFalse(choices.get(2).fits());
        assertEquals(cidrs("10.0.0.64/26"), choices.get(2).freeBlocks());
        assertEquals(cidrs("10.0.0.0/25"), carved.taken());
        assertEquals(cidrs("10.0.0.64/26"), carved.added());
    }

    @Test
    void lowestTakesTheLowestBlockThatHoldsTheChildAndHighestTheTopOfTheHighest() {
        List<Cidr> free = cidrs("10.0.0.0/26", "10.0.0.128/25", "10.0.1.0/24", "10.0.2.128/25");

        assertEquals(cidrs("10.0.0.128/25", "10.0.1.0/25"), ChildCarving.carve(free, List.of(25, 25), ChildStrategy.LOWEST)
                .children());
        assertEquals(cidrs("10.0.2.128/25", "10.0.1.128/25"), ChildCarving.carve(free, List.of(25, 25), ChildStrategy.HIGHEST)
                .children());
        Carved highest = ChildCarving.carve(free, List.of(27), ChildStrategy.HIGHEST);
        assertEquals(cidrs("10.0.2.224/27"), highest.children());
        assertEquals(cidrs("10.0.2.128/25"), highest.taken());
        assertEquals(cidrs("10.0.2.128/26", "10.0.2.192/27"), highest.added());
    }

    @Test
    void childrenAndTheBlocksLeftFreeTileTheWholeSpaceAsCarvingOneByOneWould() {
        Random random = new Random(17);
        for (String outerText : List.of("10.0.0.0/16", "2001:db8::/48")) {
            Cidr outer = Cidr.parse(outerText);
            List<Integer> lengths = Stream.generate(() -> outer.length() + 1 + random.nextInt(10)).limit(200).toList();

            Carved carved = ChildCarving.carve(List.of(outer), lengths);

            TreeSet<Cidr> free = new TreeSet<>(List.of(outer));
            carved.taken().forEach(free::remove);
            free.addAll(carved.added());
            assertEquals(FreeSpace.blocksOutside(outer, carved.children()), new ArrayList<>(free));
            // one at a time, each from the blocks the one before left, gives the same children
            List<Cidr> oneByOne = new ArrayList<>();
            List<Cidr> left = List.of(outer);
            for (int length : lengths) {
                Carved one = ChildCarving.carve(left, List.of(length));
                oneByOne.addAll(one.children());
                TreeSet<Cidr> next = new TreeSet<>(left);
                one.taken().forEach(next::remove);
                next.addAll(one.added());
                left = new ArrayList<>(next);
            }
            assertEquals(oneByOne, carved.children());
        }
    }

    private static List<Cidr> cidrs(String... texts) {
        return Stream.of(texts).map(Cidr::parse).toList();
    }
}

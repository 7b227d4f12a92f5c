package dev.ipamql.address;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What is left of a prefix once parts of it are taken, in the shapes the allocators keep: free child
 * blocks (maximal aligned blocks, the buddy system) and free address runs (maximal ranges).
 */
public final class FreeSpace {

    /** A run {@code first..last} of consecutive addresses, both ends included. */
    public record Run(Address first, Address last) {
    }

    private FreeSpace() {
    }

    /**
     * {@code outer} minus the {@code taken} blocks as the minimal ascending list of aligned blocks: the
     * free blocks that carving each taken block out of its free block, as acquiring it would, leaves.
     *
     * @throws IllegalArgumentException when a taken block is not wholly free (outside, or overlapping another)
     */
    public static List<Cidr> blocksOutside(Cidr outer, List<Cidr> taken) {
        TreeSet<Cidr> free = new TreeSet<>();
        free.add(outer);
        for (Cidr block : taken) {
            // free blocks are disjoint, so the one holding block is the greatest not after it
            Cidr holder = free.floor(block);
            if (holder == null || !holder.contains(block)) {
                throw new IllegalArgumentException(block.text() + " is not a free block of " + outer.text());
            }
            free.remove(holder);
            free.addAll(holder.minus(block));
        }
        return new ArrayList<>(free);
    }

    /**
     * The addresses {@code first..last} less {@code taken} (ascending, distinct, each inside the
     * range) as maximal runs, ascending.
     */
    public static List<Run> runsOutside(Address first, Address last, List<Address> taken) {
        List<Run> runs = new ArrayList<>();
        Address next = first;
        for (Address address : taken) {
            if (next == null || address.compareTo(next) < 0 || address.compareTo(last) > 0) {
                throw new IllegalArgumentException(address.text() + " is not an ascending address in "
                        + first.text() + ".." + last.text());
            }
            if (address.compareTo(next) > 0) {
                runs.add(new Run(next, address.plus(-1)));
            }
            // never step past the last address: there may be no address after it
            next = address.equals(last) ? null : address.plus(1);
        }
        if (next != null) {
            runs.add(new Run(next, last));
        }
        return runs;
    }

    /**
     * The addresses {@code first..last} less the {@code taken} runs (ascending, disjoint; what lies outside
     * first..last is ignored) as maximal runs, ascending.
     */
    public static List<Run> runsOutsideRuns(Address first, Address last, List<Run> taken) {
        List<Run> runs = new ArrayList<>();
        Address next = first;
        for (Run run : taken) {
            if (next == null || run.first().compareTo(last) > 0) {
                break;
            }
            if (run.last().compareTo(next) < 0) {
                continue;
            }
            if (run.first().compareTo(next) > 0) {
                runs.add(new Run(next, run.first().plus(-1)));
            }
            // never step past the last address: there may be no address after it
            next = run.last().compareTo(last) >= 0 ? null : run.last().plus(1);
        }
        if (next != null) {
            runs.add(new Run(next, last));
        }
        return runs;
    }
}

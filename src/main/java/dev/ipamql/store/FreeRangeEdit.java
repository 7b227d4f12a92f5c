package dev.ipamql.store;

import dev.ipamql.address.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A change to a prefix's free address ranges: the ranges to remove (by first address) and the ranges
 * to add in their place. Computed from the few ranges concerned, never from all of them.
 */
public record FreeRangeEdit(List<Address> removed, List<FreeRange> added) {

    /** Addresses taken from the lowest free ranges, and the edit that takes them out. */
    public record Taken(List<Address> addresses, FreeRangeEdit edit) {
    }

    /**
     * Takes up to {@code count} lowest addresses from {@code lowest}, the prefix's lowest free ranges
     * in address order (at most {@code count} of them are ever needed).
     */
    public static Taken takeLowest(List<FreeRange> lowest, int count) {
        return take(lowest, count, true);
    }

    /**
     * Takes up to {@code count} highest addresses from {@code highest}, the prefix's highest free ranges in
     * descending address order (at most {@code count} of them are ever needed); the addresses come highest first.
     */
    public static Taken takeHighest(List<FreeRange> highest, int count) {
        return take(highest, count, false);
    }

    /** Takes addresses from the start ({@code fromStart}) or the end of each range in turn. */
    private static Taken take(List<FreeRange> ranges, int count, boolean fromStart) {
        List<Address> addresses = new ArrayList<>(count);
        List<Address> removed = new ArrayList<>();
        List<FreeRange> added = new ArrayList<>();
        for (FreeRange range : ranges) {
            if (addresses.size() == count) {
                break;
            }
            int wanted = count - addresses.size();
            BigInteger size = range.size();
            int taking = size.compareTo(BigInteger.valueOf(wanted)) < 0 ? size.intValue() : wanted;
            for (int i = 0; i < taking; i++) {
                addresses.add(fromStart ? range.first().plus(i) : range.last().plus(-i));
            }
            removed.add(range.first());
            if (size.compareTo(BigInteger.valueOf(taking)) > 0) {
                added.add(fromStart ? new FreeRange(range.first().plus(taking), range.last())
                        : new FreeRange(range.first(), range.last().plus(-taking)));
            }
        }
        return new Taken(addresses, new FreeRangeEdit(removed, added));
    }

    /**
     * Gives {@code addresses} (none of them free now) back: they join into runs, and each run merges
     * with its {@code neighbours}, the free ranges ending just before or starting just after a given address.
     */
    public static FreeRangeEdit giveBack(Collection<Address> addresses, Collection<FreeRange> neighbours) {
        Set<Address> sorted = new TreeSet<>(addresses);
        List<FreeRange> runs = new ArrayList<>();
        for (Address address : sorted) {
            FreeRange last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last.last().plus(1).equals(address)) {
                runs.set(runs.size() - 1, new FreeRange(last.first(), address));
            } else {
                runs.add(new FreeRange(address, address));
            }
        }
        return giveBackRuns(runs, neighbours);
    }

    /**
     * Takes {@code first..last} out of {@code overlapping}, the free ranges sharing an address with it (ascending):
     * they go, and what they hold below {@code first} and above {@code last} stays free.
     */
    public static FreeRangeEdit carve(List<FreeRange> overlapping, Address first, Address last) {
        List<Address> removed = new ArrayList<>();
        List<FreeRange> added = new ArrayList<>();
        for (FreeRange range : overlapping) {
            removed.add(range.first());
            if (range.first().compareTo(first) < 0) {
                added.add(new FreeRange(range.first(), first.plus(-1)));
            }
            if (range.last().compareTo(last) > 0) {
                added.add(new FreeRange(last.plus(1), range.last()));
            }
        }
        return new FreeRangeEdit(removed, added);
    }

    /**
     * Gives {@code runs} (ascending, disjoint, none of their addresses free now) back: each merges with its
     * {@code neighbours}, the free ranges ending just before or starting just after a run.
     */
    public static FreeRangeEdit giveBackRuns(List<FreeRange> runs, Collection<FreeRange> neighbours) {
        List<Address> removed = new ArrayList<>();
        List<FreeRange> merged = new ArrayList<>();
        List<FreeRange> around = neighbours.stream().sorted((a, b) -> a.first().compareTo(b.first())).toList();
        int next = 0;
        for (FreeRange run : runs) {
            Address first = run.first();
            Address last = run.last();
            while (next < around.size() && around.get(next).last().compareTo(first) < 0) {
                FreeRange neighbour = around.get(next++);
                if (neighbour.last().plus(1).equals(first)) {
                    removed.add(neighbour.first());
                    first = neighbour.first();
                }
            }
            if (next < around.size() && last.plus(1).equals(around.get(next).first())) {
                FreeRange neighbour = around.get(next++);
                removed.add(neighbour.first());
                last = neighbour.last();
            }
            // a neighbour between two runs one address apart joins both into one range
            FreeRange previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && previous.last().plus(1).equals(first)) {
                merged.set(merged.size() - 1, new FreeRange(previous.first(), last));
            } else {
                merged.add(new FreeRange(first, last));
            }
        }
        return new FreeRangeEdit(removed, merged);
    }
}

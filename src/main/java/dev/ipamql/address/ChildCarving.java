package dev.ipamql.address;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Child prefixes carved from a parent's free blocks in memory, each where a {@link ChildStrategy} puts it (best
 * fit: the smallest free block that holds it, lowest address on ties, its first subnet of the child's length).
 */
public final class ChildCarving {

    /** One request's answer: its child, or (child null) the free blocks, ascending, none of which holds it. */
    public record Choice(Cidr child, List<Cidr> freeBlocks) {
        public boolean fits() {
            return child != null;
        }
    }

    /**
     * A batch's answers, request for request, and what they change in the free blocks: the blocks no longer
     * free ({@code taken}, ascending) and the new ones ({@code added}, ascending).
     */
    public record Carved(List<Choice> choices, List<Cidr> taken, List<Cidr> added) {
        /** The children carved, in request order. */
        public List<Cidr> children() {
            return choices.stream().filter(Choice::fits).map(Choice::child).toList();
        }
    }

    private ChildCarving() {
    }

    /** Carves a child of each of {@code lengths} by best fit, in order, each from the free blocks the ones before it left. */
    public static Carved carve(List<Cidr> freeBlocks, List<Integer> lengths) {
        return carve(freeBlocks, lengths, ChildStrategy.BEST_FIT);
    }

    /** Carves a child of each of {@code lengths} by {@code strategy}, in order, each from what the ones before it left. */
    public static Carved carve(List<Cidr> freeBlocks, List<Integer> lengths, ChildStrategy strategy) {
        TreeSet<Cidr> free = new TreeSet<>(freeBlocks);
        List<Choice> choices = new ArrayList<>(lengths.size());
        for (int length : lengths) {
            Cidr best = null;
            for (Cidr block : free) {
                if (block.length() <= length && strategy.prefers(block, best)) {
                    best = block;
                }
            }
            if (best == null) {
                choices.add(new Choice(null, List.copyOf(free)));
                continue;
            }
            Cidr child = strategy.childIn(best, length);
            free.remove(best);
            free.addAll(best.minus(child));
            choices.add(new Choice(child, null));
        }
        Set<Cidr> was = new HashSet<>(freeBlocks);
        List<Cidr> taken = new TreeSet<>(freeBlocks).stream().filter(block -> !free.contains(block)).toList();
        List<Cidr> added = free.stream().filter(block -> !was.contains(block)).toList();
        return new Carved(choices, taken, added);
    }
}

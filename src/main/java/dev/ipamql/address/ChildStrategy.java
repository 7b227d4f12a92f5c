package dev.ipamql.address;

/** Which free space a child prefix is carved from: the contract's {@code ChildStrategy}. */
public enum ChildStrategy {
    /** The smallest free block that holds the length, lowest address on ties; its first block of the length. */
    BEST_FIT,
    /** The lowest-addressed free block of the length. */
    LOWEST,
    /** The highest-addressed free block of the length. */
    HIGHEST;

    /**
     * Whether free block {@code candidate} is a better place than {@code best} (null: none found yet); both hold
     * the length, and free blocks never overlap, so address order is the order of their first addresses.
     */
    boolean prefers(Cidr candidate, Cidr best) {
        if (best == null) {
            return true;
        }
        return switch (this) {
            case BEST_FIT -> candidate.length() > best.length()
                    || candidate.length() == best.length() && candidate.compareTo(best) < 0;
            case LOWEST -> candidate.compareTo(best) < 0;
            case HIGHEST -> candidate.compareTo(best) > 0;
        };
    }

    /** The child of {@code length} this strategy takes from the free block it chose. */
    public Cidr childIn(Cidr block, int length) {
        return this == HIGHEST ? block.lastSubnet(length) : block.firstSubnet(length);
    }
}

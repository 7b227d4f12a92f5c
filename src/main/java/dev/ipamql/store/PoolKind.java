package dev.ipamql.store;

/** What a pool hands out, and so which prefixes it draws from: the contract's {@code PoolKind}. */
public enum PoolKind {
    /** Addresses, from matching prefixes without child prefixes. */
    IP,
    /** Child prefixes, from matching prefixes without acquired addresses or reserved ranges (either refuses children). */
    CHILD_PREFIX;

    /** The SQL condition on a prefix {@code p} that may serve this kind. */
    String memberCondition() {
        return this == IP ? "p.child_count = 0" : "p.ip_count = 0 AND p.range_count = 0";
    }

    /** Whether the prefix may serve this kind now. */
    public boolean admits(PrefixRow prefix) {
        return this == IP ? !prefix.hasChildren() : !prefix.hasIps() && !prefix.hasReservedRanges();
    }
}

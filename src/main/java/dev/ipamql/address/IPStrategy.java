package dev.ipamql.address;

/** Which free address acquireIP hands out: the contract's {@code IPStrategy}. */
public enum IPStrategy {
    /** The lowest free address. */
    LOWEST,
    /** The highest free address. */
    HIGHEST
}

package dev.ipamql.address;

/** The address family of a prefix or address. */
public enum IPFamily {
    V4,
    V6;

    /** Bits in an address of this family. */
    public int bits() {
        return this == V4 ? 32 : 128;
    }

    /** Length of the smallest block that still has usable host addresses: /30 or /126. */
    public int smallestPrefixLength() {
        return bits() - 2;
    }
}

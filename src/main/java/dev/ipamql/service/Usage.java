package dev.ipamql.service;

import java.math.BigInteger;

/** Exact usage figures of one prefix; {@code prefixId} lets the free blocks be loaded on demand. */
public record Usage(
        long prefixId,
        BigInteger size,
        BigInteger acquiredIPs,
        BigInteger freeIPs,
        BigInteger reservedIPs,
        int acquiredPrefixes,
        BigInteger availableSmallestPrefixes,
        double utilization) {
}

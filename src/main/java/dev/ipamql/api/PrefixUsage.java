package dev.ipamql.api;

import dev.ipamql.service.Usage;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code PrefixUsage}; {@code availablePrefixes} is a batch resolver in {@link PrefixFields}. */
public class PrefixUsage {

    private final Usage usage;
    /** The prefixes whose free blocks {@code availablePrefixes} lists: the prefix itself, or a pool's members. */
    private final List<Long> prefixIds;

    public PrefixUsage(Usage usage) {
        this(usage, List.of(usage.prefixId()));
    }

    public PrefixUsage(Usage usage, List<Long> prefixIds) {
        this.usage = usage;
        this.prefixIds = prefixIds;
    }

    @Ignore
    public List<Long> getPrefixIds() {
        return prefixIds;
    }

    @Description("Number of addresses in the prefix: 2^(32-len) or 2^(128-len). Exact, never capped.")
    public @NonNull BigInteger getSize() {
        return usage.size();
    }

    @Description("Acquired addresses, reserved addresses included.")
    public @NonNull BigInteger getAcquiredIPs() {
        return usage.acquiredIPs();
    }

    @Description("Addresses that acquireIP can still hand out (0 while the prefix holds child prefixes).")
    public @NonNull BigInteger getFreeIPs() {
        return usage.freeIPs();
    }

    @Description("Addresses in reserved ranges (edges excluded).")
    public @NonNull BigInteger getReservedIPs() {
        return usage.reservedIPs();
    }

    @Description("Number of child prefixes currently acquired.")
    public int getAcquiredPrefixes() {
        return usage.acquiredPrefixes();
    }

    @Description("How many /30 (IPv4) or /126 (IPv6) blocks fit in the space not taken by child prefixes. Exact, never capped.")
    public @NonNull BigInteger getAvailableSmallestPrefixes() {
        return usage.availableSmallestPrefixes();
    }

    @Description("Fraction in [0,1]: taken child-prefix space over size for a prefix with children, else acquiredIPs over size.")
    public double getUtilization() {
        return usage.utilization();
    }
}

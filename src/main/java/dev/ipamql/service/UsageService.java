package dev.ipamql.service;

import dev.ipamql.address.Cidr;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.store.PrefixStore.FreeBlockCount;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Usage of many prefixes at once, from their counters and free-block histograms (never from their IPs). */
@ApplicationScoped
public class UsageService {

    private final Transactions transactions;
    private final PrefixStore prefixes;

    public UsageService(Transactions transactions, PrefixStore prefixes) {
        this.transactions = transactions;
        this.prefixes = prefixes;
    }

    public Uni<List<Usage>> usages(List<PrefixRow> rows) {
        List<Long> ids = rows.stream().map(PrefixRow::id).toList();
        return transactions.read(db -> prefixes.freeBlockHistogram(db, ids)).map(histogram -> {
            Map<Long, List<FreeBlockCount>> byPrefix = histogram.stream().collect(Collectors.groupingBy(FreeBlockCount::prefixId));
            return rows.stream().map(row -> usage(row, byPrefix.getOrDefault(row.id(), List.of()))).toList();
        });
    }

    /** Free blocks of length up to /30 or /126 per prefix, ascending. */
    public Uni<List<List<Cidr>>> availablePrefixes(List<Long> prefixIds) {
        return transactions.read(db -> prefixes.availableBlocks(db, prefixIds))
                .map(byPrefix -> prefixIds.stream().map(id -> byPrefix.getOrDefault(id, List.of())).toList());
    }

    static Usage usage(PrefixRow prefix, List<FreeBlockCount> freeBlocksByLength) {
        Cidr cidr = prefix.cidr();
        int bits = cidr.family().bits();
        int smallest = cidr.family().smallestPrefixLength();
        BigInteger free = BigInteger.ZERO;
        BigInteger smallestBlocks = BigInteger.ZERO;
        for (FreeBlockCount blocks : freeBlocksByLength) {
            int length = blocks.length();
            BigInteger count = BigInteger.valueOf(blocks.count());
            free = free.add(count.shiftLeft(bits - length));
            if (length <= smallest) {
                smallestBlocks = smallestBlocks.add(count.shiftLeft(smallest - length));
            }
        }
        return usage(prefix, free, smallestBlocks);
    }

    /**
     * Usage of a prefix without child prefixes, from its row alone: its free space for children is the whole
     * block (the one free block it was created with, merged back whole whenever its last child is released).
     */
    public static Usage ofChildless(PrefixRow prefix) {
        if (prefix.hasChildren()) {
            throw new IllegalArgumentException("prefix " + prefix.cidr() + " has child prefixes");
        }
        Cidr cidr = prefix.cidr();
        return usage(prefix, cidr.size(), cidr.countOf(cidr.family().smallestPrefixLength()));
    }

    private static Usage usage(PrefixRow prefix, BigInteger free, BigInteger smallestBlocks) {
        Cidr cidr = prefix.cidr();
        BigInteger size = cidr.size();
        BigInteger edges = BigInteger.valueOf(prefix.reservedEdges().size());
        BigInteger acquired = BigInteger.valueOf(prefix.ipCount()).add(edges);
        // a prefix with children holds no reserved range (the database checks it), so these count only without children
        BigInteger freeIps = prefix.hasChildren() ? BigInteger.ZERO
                : size.subtract(acquired).subtract(prefix.reservedIps());
        BigInteger taken = prefix.hasChildren() ? size.subtract(free) : acquired;
        double utilization = new BigDecimal(taken).divide(new BigDecimal(size), MathContext.DECIMAL64).doubleValue();
        return new Usage(prefix.id(), size, acquired, freeIps, prefix.reservedIps(), prefix.childCount(), smallestBlocks,
                utilization);
    }
}

package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.FreeSpace;
import dev.ipamql.service.NamespaceDocument.Format;
import dev.ipamql.service.NamespaceDocument.Ip;
import dev.ipamql.service.NamespaceDocument.Prefix;
import dev.ipamql.service.NamespaceDocument.Range;
import dev.ipamql.service.error.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document checked as a whole and turned into the rows an import writes: its prefixes level by
 * level (roots first, so every parent exists before its children), each with the free blocks, free
 * address runs and counters that building it with the operations would have left.
 */
record ImportPlan(List<List<Planned>> levels) {

    /** A prefix to write; its IPs are ascending. */
    record Planned(Prefix prefix, List<Ip> ips, int childCount, List<Cidr> freeBlocks, List<FreeSpace.Run> freeRuns) {
    }

    private static final Comparator<Prefix> BY_CIDR = Comparator.comparing(Prefix::cidr);

    /**
     * Checks that the prefixes form a tree as the operations would have built it and that every IP
     * may be acquired where it is; {@code INVALID_ARGUMENT} naming the first element that does not.
     */
    static ImportPlan of(NamespaceDocument document) {
        Format format = document.format();
        Map<Cidr, Prefix> byCidr = new LinkedHashMap<>();
        for (Prefix prefix : document.prefixes()) {
            Prefix earlier = byCidr.putIfAbsent(prefix.cidr(), prefix);
            if (earlier != null) {
                throw invalid(prefix.path() + "." + format.cidrField() + ": " + prefix.cidr().text()
                        + " appears twice (also at " + earlier.path() + ")");
            }
        }

        List<Prefix> roots = new ArrayList<>();
        Map<Cidr, List<Prefix>> children = new LinkedHashMap<>();
        for (Prefix prefix : document.prefixes()) {
            if (prefix.parentCidr() == null) {
                roots.add(prefix);
                continue;
            }
            Prefix parent = byCidr.get(prefix.parentCidr());
            if (parent == null) {
                throw invalid(prefix.path() + "." + format.parentField() + ": " + prefix.parentCidr().text()
                        + " is not one of the document's prefixes");
            }
            Cidr cidr = prefix.cidr();
            if (!parent.cidr().contains(cidr) || cidr.length() <= parent.cidr().length()) {
                throw invalid(prefix.path() + "." + format.cidrField() + ": " + cidr.text()
                        + " is not a prefix inside its parent " + parent.cidr().text()
                        + " longer than /" + parent.cidr().length());
            }
            children.computeIfAbsent(parent.cidr(), k -> new ArrayList<>()).add(prefix);
        }

        disjoint(roots, format, "root prefix ", "");
        for (Map.Entry<Cidr, List<Prefix>> family : children.entrySet()) {
            disjoint(family.getValue(), format, "its sibling ", " in parent " + family.getKey().text());
        }

        Map<Cidr, Integer> depths = new HashMap<>();
        List<List<Planned>> levels = new ArrayList<>();
        List<Prefix> ordered = new ArrayList<>(document.prefixes());
        ordered.sort(BY_CIDR);
        for (Prefix prefix : ordered) {
            List<Prefix> own = children.getOrDefault(prefix.cidr(), List.of());
            List<Ip> ips = checkedIps(prefix);
            if (!own.isEmpty() && !ips.isEmpty()) {
                throw invalid(prefix.path() + ": " + prefix.cidr().text() + " has both acquired IPs and child prefixes ("
                        + own.get(0).cidr().text() + "); a prefix holds one or the other");
            }
            List<FreeSpace.Run> reserved = checkedRanges(prefix);
            if (!own.isEmpty() && !reserved.isEmpty()) {
                throw invalid(prefix.path() + ": " + prefix.cidr().text() + " has both reserved ranges and child prefixes ("
                        + own.get(0).cidr().text() + "); a prefix holds one or the other");
            }
            // address order puts every parent before its children, so its depth is known already
            int depth = prefix.parentCidr() == null ? 0 : depths.get(prefix.parentCidr()) + 1;
            depths.put(prefix.cidr(), depth);
            if (levels.size() == depth) {
                levels.add(new ArrayList<>());
            }
            Cidr cidr = prefix.cidr();
            List<FreeSpace.Run> taken = new ArrayList<>(reserved);
            ips.forEach(ip -> taken.add(new FreeSpace.Run(ip.address(), ip.address())));
            taken.sort(Comparator.comparing(FreeSpace.Run::first));
            for (int i = 1; i < taken.size(); i++) {
                // ranges are apart and addresses distinct, so two runs that meet are an address inside a range
                if (taken.get(i - 1).last().compareTo(taken.get(i).first()) >= 0) {
                    FreeSpace.Run later = taken.get(i);
                    boolean laterIsIp = later.first().equals(later.last())
                            && ips.stream().anyMatch(ip -> ip.address().equals(later.first()));
                    throw invalid(prefix.path() + ".reservedRanges: a range of " + prefix.cidr().text()
                            + " holds the acquired ip " + (laterIsIp ? later : taken.get(i - 1)).first().text());
                }
            }
            levels.get(depth).add(new Planned(prefix, ips, own.size(),
                    FreeSpace.blocksOutside(cidr, own.stream().map(Prefix::cidr).toList()),
                    FreeSpace.runsOutsideRuns(cidr.firstUsable(prefix.reserveEdges()), cidr.lastUsable(prefix.reserveEdges()),
                            taken)));
        }
        return new ImportPlan(levels);
    }

    int prefixCount() {
        return levels.stream().mapToInt(List::size).sum();
    }

    /** Every prefix written, in address order. */
    List<Cidr> cidrs() {
        return levels.stream().flatMap(List::stream).map(planned -> planned.prefix().cidr()).sorted().toList();
    }

    /** Prefixes that must not overlap, sorted; with CIDR blocks an overlap always shows between neighbours. */
    private static void disjoint(List<Prefix> prefixes, Format format, String what, String where) {
        prefixes.sort(BY_CIDR);
        for (int i = 1; i < prefixes.size(); i++) {
            Prefix before = prefixes.get(i - 1);
            Prefix prefix = prefixes.get(i);
            if (before.cidr().overlaps(prefix.cidr())) {
                throw invalid(prefix.path() + "." + format.cidrField() + ": " + prefix.cidr().text() + " overlaps "
                        + what + before.cidr().text() + " (" + before.path() + ")" + where);
            }
        }
    }

    /** The prefix's IPs, ascending, once each is known to be an acquirable address of it, and only once. */
    private static List<Ip> checkedIps(Prefix prefix) {
        Cidr cidr = prefix.cidr();
        Map<Address, Ip> seen = new HashMap<>();
        for (Ip ip : prefix.ips()) {
            Address address = ip.address();
            if (!cidr.contains(address)) {
                throw invalid(ip.path() + ": " + address.text() + " is not in prefix " + cidr.text());
            }
            if (prefix.reserveEdges() && cidr.isReserved(address)) {
                throw invalid(ip.path() + ": " + address.text() + " is reserved in prefix " + cidr.text()
                        + " and is never acquired");
            }
            Ip earlier = seen.putIfAbsent(address, ip);
            if (earlier != null) {
                throw invalid(ip.path() + ": " + address.text() + " appears twice in prefix " + cidr.text()
                        + " (also at " + earlier.path() + ")");
            }
        }
        List<Ip> ips = new ArrayList<>(prefix.ips());
        ips.sort(Comparator.comparing(Ip::address));
        return ips;
    }

    /**
     * The prefix's reserved ranges as runs, ascending, once each is known to lie in the prefix, upside up and apart
     * from the others.
     */
    private static List<FreeSpace.Run> checkedRanges(Prefix prefix) {
        Cidr cidr = prefix.cidr();
        List<Range> ranges = new ArrayList<>(prefix.reservedRanges());
        for (Range range : ranges) {
            if (!cidr.contains(range.first()) || !cidr.contains(range.last())) {
                throw invalid(range.path() + ": " + range.first().text() + ".." + range.last().text()
                        + " is not in prefix " + cidr.text());
            }
            if (range.first().compareTo(range.last()) > 0) {
                throw invalid(range.path() + ": first " + range.first().text() + " is above last " + range.last().text());
            }
        }
        ranges.sort(Comparator.comparing(Range::first));
        List<FreeSpace.Run> runs = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            Range range = ranges.get(i);
            if (i > 0 && ranges.get(i - 1).last().compareTo(range.first()) >= 0) {
                throw invalid(range.path() + ": " + range.first().text() + ".." + range.last().text()
                        + " overlaps the reserved range at " + ranges.get(i - 1).path());
            }
            runs.add(new FreeSpace.Run(range.first(), range.last()));
        }
        return runs;
    }

    private static InvalidArgumentException invalid(String message) {
        return new InvalidArgumentException(message);
    }
}

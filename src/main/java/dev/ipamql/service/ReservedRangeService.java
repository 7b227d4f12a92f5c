package dev.ipamql.service;

import static dev.ipamql.service.Operation.RESERVE_RANGE;
import static dev.ipamql.service.Operation.UNRESERVE_RANGE;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.service.error.OverlapException;
import dev.ipamql.store.FreeRange;
import dev.ipamql.store.FreeRangeEdit;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.store.RangeStore;
import dev.ipamql.store.RangeStore.OwnedFreeRange;
import dev.ipamql.store.ReservedRangeRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reserved ranges, each change one transaction under the prefix's row lock: a range is carved out of the prefix's
 * free ranges, so acquisitions, which take only from those, never meet it. Also the free ranges as a client reads them.
 */
@ApplicationScoped
public class ReservedRangeService {

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final RangeStore ranges;
    private final Arguments arguments;
    private final PrefixLookup lookup;

    public ReservedRangeService(Transactions transactions, PrefixStore prefixes, RangeStore ranges, Arguments arguments,
                                PrefixLookup lookup) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.ranges = ranges;
        this.arguments = arguments;
        this.lookup = lookup;
    }

    /** Reserves {@code first..last} of the prefix: OVERLAP, ALREADY_ALLOCATED or HAS_CHILDREN when it cannot. */
    public Uni<ReservedRangeRow> reserve(Caller caller, String prefixText, String firstText, String lastText,
                                         String namespaceName, String description) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address first = arguments.addressIn("first", firstText, cidr);
            Address last = arguments.addressIn("last", lastText, cidr);
            if (first.compareTo(last) > 0) {
                throw new InvalidArgumentException("first " + first.text() + " is above last " + last.text()
                        + "; a range runs from its lowest address to its highest");
            }
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String range = first.text() + ".." + last.text();
            return transactions.write(RESERVE_RANGE.call(caller, namespace, cidr.text(), first.text(), last.text(), text),
                    tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> {
                        if (prefix.hasChildren()) {
                            return Uni.createFrom().failure(new HasChildrenException("prefix " + cidr.text() + " has "
                                    + prefix.childCount() + " child prefixes and holds no reserved range while it has any"));
                        }
                        return ranges.firstOverlapping(tx, prefix.id(), first, last).chain(overlap -> overlap.isPresent()
                                ? Uni.createFrom().failure(new OverlapException("range " + range + " overlaps reserved range "
                                        + overlap.get().first().text() + ".." + overlap.get().last().text() + " in prefix "
                                        + cidr.text()))
                                : ranges.lowestAcquired(tx, prefix.id(), first, last).chain(acquired -> acquired.isPresent()
                                        ? Uni.createFrom().failure(new AlreadyAllocatedException("range " + range
                                                + " holds the acquired ip " + acquired.get().text() + " in prefix " + cidr.text()))
                                        : carve(tx, prefix, first, last, text)));
                    }));
        });
    }

    /** Takes the range out of the free ranges (it holds only free addresses and reserved edges) and stores it. */
    private Uni<ReservedRangeRow> carve(SqlConnection tx, PrefixRow prefix, Address first, Address last, String description) {
        return ranges.freeOverlapping(tx, prefix.id(), first, last)
                .chain(free -> prefixes.apply(tx, prefix.id(), FreeRangeEdit.carve(free, first, last)))
                .chain(() -> ranges.insert(tx, prefix.id(), first, last, description, reservedCount(prefix, first, last)));
    }

    /** Releases the range that starts at {@code first}; NOT_FOUND when there is none. */
    public Uni<ReservedRangeRow> unreserve(Caller caller, String prefixText, String firstText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address first = arguments.addressIn("first", firstText, cidr);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(UNRESERVE_RANGE.call(caller, namespace, cidr.text(), first.text()),
                    tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> ranges.find(tx, prefix.id(), first)
                            .chain(found -> found.isEmpty()
                                    ? Uni.createFrom().<ReservedRangeRow>failure(new NotFoundException("no reserved range "
                                            + "starts at " + first.text() + " in prefix " + cidr.text()))
                                    : giveBack(tx, prefix, found.get()))));
        });
    }

    /** Deletes the range and frees its addresses (reserved edges aside), merged with the free ranges around them. */
    private Uni<ReservedRangeRow> giveBack(SqlConnection tx, PrefixRow prefix, ReservedRangeRow range) {
        Uni<Void> deleted = ranges.delete(tx, range, reservedCount(prefix, range.first(), range.last()));
        Address first = max(range.first(), prefix.firstUsable());
        Address last = min(range.last(), prefix.lastUsable());
        if (first.compareTo(last) > 0) {
            return deleted.replaceWith(range);
        }
        List<Address> ends = first.equals(last) ? List.of(first) : List.of(first, last);
        return deleted.chain(() -> prefixes.rangesAround(tx, prefix.id(), prefix.cidr(), ends))
                .chain(neighbours -> prefixes.apply(tx, prefix.id(),
                        FreeRangeEdit.giveBackRuns(List.of(new FreeRange(first, last)), neighbours)))
                .replaceWith(range);
    }

    /** The addresses of {@code first..last} that count as reserved: all but the prefix's reserved edges. */
    static BigInteger reservedCount(PrefixRow prefix, Address first, Address last) {
        return prefix.cidr().countOutsideEdges(first, last, prefix.reserveEdges());
    }

    private static Address max(Address a, Address b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Address min(Address a, Address b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The reserved ranges of each prefix, in address order, in one statement. */
    public Uni<List<List<ReservedRangeRow>>> reservedRanges(List<PrefixRow> owners) {
        List<Long> ids = owners.stream().filter(PrefixRow::hasReservedRanges).map(PrefixRow::id).toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(owners.stream().map(owner -> List.<ReservedRangeRow>of()).toList());
        }
        return transactions.read(db -> ranges.ofPrefixes(db, ids)).map(rows -> {
            Map<Long, List<ReservedRangeRow>> byPrefix = rows.stream().collect(Collectors.groupingBy(ReservedRangeRow::prefixId));
            return owners.stream().map(owner -> byPrefix.getOrDefault(owner.id(), List.of())).toList();
        });
    }

    /**
     * One page of free address runs of each prefix, in address order, in one statement: read from the free-range
     * index, never from the acquired addresses. A prefix with child prefixes hands out no address and has none.
     */
    public Uni<List<Page<FreeRange>>> freeRanges(List<PrefixRow> owners, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            Address afterAddress = Cursors.addressAfter(after);
            List<Long> ids = owners.stream().filter(owner -> !owner.hasChildren()).map(PrefixRow::id).toList();
            Uni<List<OwnedFreeRange>> rows = ids.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : transactions.read(db -> ranges.freePages(db, ids, afterAddress, limit + 1));
            return rows.map(all -> {
                Map<Long, List<FreeRange>> byPrefix = all.stream().collect(Collectors.groupingBy(OwnedFreeRange::prefixId,
                        Collectors.mapping(OwnedFreeRange::range, Collectors.toList())));
                return owners.stream().map(owner -> Page.of(byPrefix.getOrDefault(owner.id(), List.of()), limit, 0)).toList();
            });
        });
    }
}

package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NoIpAvailableException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.FreeRange;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.IpStore;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.service.Transactions.Audit;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Address operations of the contract: each a single transaction holding the prefix's row lock. */
@ApplicationScoped
public class IpService {

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final IpStore ips;
    private final Arguments arguments;
    private final RequestIds requestIds;

    public IpService(Transactions transactions, PrefixStore prefixes, IpStore ips, Arguments arguments,
                     RequestIds requestIds) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.ips = ips;
        this.arguments = arguments;
        this.requestIds = requestIds;
    }

    /**
     * Acquires {@code addressText}, or the lowest free address when it is null; with a requestId,
     * a repeated request returns the first result.
     */
    public Uni<IpRow> acquire(Caller caller, String prefixText, String addressText, String namespaceName,
                              String description, String requestId) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address wanted = addressText == null ? null : arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            String fingerprint = cidr.text() + " " + (wanted == null ? "lowest" : wanted.text()) + " " + text;
            JsonObject args = new JsonObject().put("prefix", cidr.text()).put("address", wanted == null ? null : wanted.text())
                    .put("description", text).put("requestId", key);
            return transactions.write(new Audit<>(caller, namespace, "acquireIP", args, StoredResults::ip),
                    tx -> locked(tx, namespace, cidr).chain(prefix -> requestIds.once(tx, namespace,
                    key, "acquireIP", fingerprint, StoredResults::ip, StoredResults::ip,
                    () -> withoutChildren(prefix).chain(() -> wanted == null
                            ? lowest(tx, prefix, text)
                            : specific(tx, prefix, wanted, text)))));
        });
    }

    public Uni<IpRow> release(Caller caller, String prefixText, String addressText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address address = arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            JsonObject args = new JsonObject().put("prefix", cidr.text()).put("address", address.text());
            return transactions.write(new Audit<>(caller, namespace, "releaseIP", args, StoredResults::ip),
                    tx -> locked(tx, namespace, cidr).chain(prefix -> {
                if (cidr.isReserved(address)) {
                    return Uni.createFrom().failure(new InvalidArgumentException("address " + address.text()
                            + " is reserved in prefix " + cidr.text() + " and is never acquired or released"));
                }
                return ips.delete(tx, prefix, address)
                        .onItem().ifNull().failWith(() -> new NotFoundException("ip " + address.text()
                                + " is not acquired in prefix " + cidr.text()))
                        .call(() -> prefixes.returnToRanges(tx, prefix.id(), address,
                                address.equals(cidr.first()) ? null : address.plus(-1),
                                address.equals(cidr.last()) ? null : address.plus(1)))
                        .call(() -> prefixes.addToCounts(tx, prefix.id(), -1, 0));
            }));
        });
    }

    /** The acquired address, or null; NOT_FOUND when the prefix does not exist. */
    public Uni<IpRow> find(String prefixText, String addressText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address address = arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> prefixes.find(db, namespace, cidr)
                    .chain(prefix -> prefix == null
                            ? PrefixService.<IpRow>notFound(db, namespace, cidr)
                            : ips.find(db, prefix, address)));
        });
    }

    /** One page of acquired addresses for each prefix, in one statement. */
    public Uni<List<Page<IpRow>>> pages(List<PrefixRow> owners, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            Address afterAddress = Cursors.addressAfter(after);
            List<Long> ids = owners.stream().map(PrefixRow::id).toList();
            return transactions.read(db -> ips.pages(db, ids, afterAddress, limit + 1)).map(rows -> {
                Map<Long, List<IpRow>> byPrefix = rows.stream().collect(Collectors.groupingBy(IpRow::prefixId));
                return owners.stream().map(owner -> PrefixService.page(byPrefix.getOrDefault(owner.id(), List.of()),
                        limit, (int) owner.ipCount())).toList();
            });
        });
    }

    private Uni<IpRow> lowest(SqlConnection tx, PrefixRow prefix, String description) {
        return prefixes.lowestFreeRange(tx, prefix.id()).chain(range -> range.isEmpty()
                ? Uni.createFrom().failure(new NoIpAvailableException("no more ips in prefix: " + prefix.cidr().text() + " left"))
                : take(tx, prefix, range.get(), range.get().first(), description));
    }

    private Uni<IpRow> specific(SqlConnection tx, PrefixRow prefix, Address address, String description) {
        AlreadyAllocatedException taken = new AlreadyAllocatedException("given ip:" + address.text() + " is already allocated");
        if (prefix.cidr().isReserved(address)) {
            return Uni.createFrom().failure(taken);
        }
        return prefixes.freeRangeHolding(tx, prefix.id(), address).chain(range -> range.isEmpty()
                ? Uni.createFrom().failure(taken)
                : take(tx, prefix, range.get(), address, description));
    }

    private Uni<IpRow> take(SqlConnection tx, PrefixRow prefix, FreeRange range, Address address, String description) {
        return prefixes.takeFromRange(tx, prefix.id(), range, address)
                .chain(() -> ips.insert(tx, prefix, address, description))
                .call(() -> prefixes.addToCounts(tx, prefix.id(), 1, 0));
    }

    private static Uni<Void> withoutChildren(PrefixRow prefix) {
        return prefix.hasChildren()
                ? Uni.createFrom().failure(new HasChildrenException("prefix " + prefix.cidr().text() + " has "
                        + prefix.childCount() + " child prefixes and hands out no IPs while it has any"))
                : Uni.createFrom().voidItem();
    }

    private Uni<PrefixRow> locked(SqlConnection tx, String namespace, Cidr cidr) {
        return prefixes.lock(tx, namespace, cidr)
                .chain(prefix -> prefix == null ? PrefixService.notFound(tx, namespace, cidr) : Uni.createFrom().item(prefix));
    }
}

package dev.ipamql.service;

import static dev.ipamql.service.Operation.ACQUIRE_IP;
import static dev.ipamql.service.Operation.ACQUIRE_IPS;
import static dev.ipamql.service.Operation.RELEASE_IP;
import static dev.ipamql.service.Operation.RELEASE_IPS;
import static dev.ipamql.service.Operation.RELEASE_IP_BY_CLAIM;
import static dev.ipamql.service.Operation.UPDATE_IP;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPStrategy;
import dev.ipamql.metadata.Claim;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NoIpAvailableException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.FreeRange;
import dev.ipamql.store.FreeRangeEdit;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.IpStore;
import dev.ipamql.store.PoolKind;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Address operations of the contract: each a single transaction holding the prefix's row lock. */
@ApplicationScoped
public class IpService {

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final IpStore ips;
    private final Arguments arguments;
    private final RequestIds requestIds;
    private final PrefixLookup lookup;
    private final LowestIpBatches lowestBatches;
    private final PoolMembers members;

    public IpService(Transactions transactions, PrefixStore prefixes, IpStore ips, Arguments arguments,
                     RequestIds requestIds, PrefixLookup lookup, LowestIpBatches lowestBatches,
                     PoolMembers members) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.ips = ips;
        this.arguments = arguments;
        this.requestIds = requestIds;
        this.lookup = lookup;
        this.lowestBatches = lowestBatches;
        this.members = members;
    }

    /**
     * Acquires {@code addressText}, or the free address {@code strategy} picks when it is null; with a requestId,
     * a repeated request returns the first result.
     */
    public Uni<IpRow> acquire(Caller caller, String prefixText, String poolText, String addressText, String namespaceName,
                              String description, String requestId, List<? extends Map.Entry<String, String>> labels,
                              String claimText, IPStrategy strategyGiven) {
        return Uni.createFrom().deferred(() -> {
            Arguments.Source source = arguments.source("prefix", prefixText, poolText);
            Cidr cidr = source.cidr();
            if (source.pool() != null && addressText != null) {
                throw new InvalidArgumentException("address: a pool hands out the address its strategy picks; acquire "
                        + "a given address from its prefix");
            }
            Address wanted = addressText == null ? null : arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            Labels given = arguments.labels("labels", labels);
            Claim claim = arguments.claim(claimText);
            IPStrategy strategy = strategyGiven == null ? IPStrategy.LOWEST : strategyGiven;
            String fingerprint = RequestIds.fingerprint(source.fingerprint() + " " + (wanted == null
                    ? strategy.name().toLowerCase(Locale.ROOT) : wanted.text()) + " " + text, given, claim);
            Operation.Call<IpRow> call = ACQUIRE_IP.call(caller, namespace, cidr == null ? null : cidr.text(),
                    wanted == null ? null : wanted.text(), text, key, MetadataEdit.Recorded.labels(given),
                    claim == null ? null : claim.text(), recorded(strategy), source.pool());
            Labels stored = PrefixService.orNone(given);
            if (source.pool() != null) {
                return fromPool(call, source.pool(), namespace, key, fingerprint, strategy, text, stored, claim);
            }
            if (wanted == null && key == null && strategy == IPStrategy.LOWEST) {
                // concurrent requests for the lowest address of one prefix share one transaction
                return lowestBatches.acquire(new PrefixKey(namespace, cidr), call, text, stored,
                        claim == null ? null : claim.text());
            }
            Function<SqlConnection, Function<PrefixRow, Uni<IpRow>>> allocate = tx -> prefix -> requestIds.once(tx, call,
                    key, fingerprint, () -> withoutChildren(prefix).chain(() -> wanted == null
                            ? free(tx, prefix, strategy, text, stored)
                            : specific(tx, prefix, wanted, text, stored)));
            if (claim == null) {
                return transactions.write(call, tx -> lookup.locked(tx, namespace, cidr)
                        .chain(prefix -> allocate.apply(tx).apply(prefix)));
            }
            // under the prefix's row lock, so requests on one prefix see each other's claims; on different
            // prefixes the claim's unique index refuses the second and its retry finds the first
            return transactions.writeIfChanged(call, tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> ips
                    .findByClaim(tx, namespace, claim.text()).chain(held -> {
                        if (held == null) {
                            return allocate.apply(tx).apply(prefix).chain(row -> ips.claim(tx, row, claim.text()))
                                    .map(row -> new Transactions.Outcome<>(row, true));
                        }
                        if (held.prefixId() != prefix.id() || wanted != null && !wanted.equals(held.address())) {
                            return Uni.createFrom().failure(claimHeldElsewhere(held));
                        }
                        return requestIds.refuseReuse(tx, call, key, fingerprint)
                                .replaceWith(new Transactions.Outcome<>(held, false));
                    })));
        });
    }

    /**
     * acquireIP from a pool: the first member, in address order, with a free address serves it. A claim that holds
     * an address in a member of the pool answers that address; one that holds an address elsewhere is ALREADY_EXISTS.
     */
    private Uni<IpRow> fromPool(Operation.Call<IpRow> call, String pool, String namespace, String key, String fingerprint,
                                IPStrategy strategy, String description, Labels labels, Claim claim) {
        Function<SqlConnection, Function<PoolRow, Uni<IpRow>>> allocate = tx -> row -> requestIds.once(tx, call, key,
                fingerprint, () -> members.first(tx, row, 0, prefix -> takeFree(tx, prefix, strategy,
                                Collections.singletonList(description), labels, true)
                                .map(taken -> taken == null ? null : taken.get(0)),
                        () -> new NoIpAvailableException("no more ips in pool: " + pool + " left")));
        if (claim == null) {
            return transactions.write(call, tx -> members.ofKind(tx, namespace, pool, PoolKind.IP)
                    .chain(row -> allocate.apply(tx).apply(row)));
        }
        // two requests with one claim: the claim's unique index refuses the second, and its retry finds the first
        return transactions.writeIfChanged(call, tx -> members.ofKind(tx, namespace, pool, PoolKind.IP).chain(row -> ips
                .findByClaim(tx, namespace, claim.text()).chain(held -> held == null
                        ? allocate.apply(tx).apply(row).chain(ip -> ips.claim(tx, ip, claim.text()))
                                .map(ip -> new Transactions.Outcome<>(ip, true))
                        : prefixes.byIds(tx, List.of(held.prefixId())).map(owner -> {
                            if (owner.isEmpty() || !PoolMembers.admits(row, owner.get(0))) {
                                throw new AlreadyExistsException("claim " + claim.text() + " already holds "
                                        + held.address().text() + " in prefix " + held.prefixCidr().text()
                                        + ", which is not a member of pool " + pool);
                            }
                            return new Transactions.Outcome<>(held, false);
                        }))));
    }

    /** Changes the address's description and labels under its row lock, as one more version. */
    public Uni<IpRow> update(Caller caller, String addressText, String prefixText, String namespaceName,
                             MetadataEdit.Given given) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = prefixText == null ? null : arguments.cidr("prefix", prefixText);
            Address address = cidr == null ? arguments.address("address", addressText)
                    : arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            MetadataEdit edit = given.validated(arguments);
            return transactions.write(UPDATE_IP.call(caller, namespace, edit.recorded(cidr == null ? null : cidr.text(),
                            address.text())),
                    tx -> existing(tx, cidr, address, namespace).chain(found -> ips.lock(tx, found))
                            .onItem().ifNull().failWith(() -> notAcquired(address, cidr))
                            .chain(current -> {
                                MetadataEdit.Result result = edit.applyTo("ip " + address.text(), current.description(),
                                        current.labels(), current.version());
                                return result.changed()
                                        ? ips.update(tx, current, result.description(), result.labels())
                                        : Uni.createFrom().item(current);
                            }));
        });
    }

    /** The acquired address; NOT_FOUND when it (or its prefix, or namespace) does not exist. */
    private Uni<IpRow> existing(SqlClient db, Cidr cidr, Address address, String namespace) {
        return find(db, cidr, address, namespace).onItem().ifNull().failWith(() -> notAcquired(address, cidr));
    }

    private static NotFoundException notAcquired(Address address, Cidr cidr) {
        return new NotFoundException("ip " + address.text() + " is not acquired"
                + (cidr == null ? "" : " in prefix " + cidr.text()));
    }

    /** The address in {@code cidr} or, without one, anywhere in the namespace; null when not acquired. */
    private Uni<IpRow> find(SqlClient db, Cidr cidr, Address address, String namespace) {
        if (cidr == null) {
            return ips.findInNamespace(db, namespace, address)
                    .call(found -> found == null ? lookup.requireNamespace(db, namespace) : Uni.createFrom().voidItem());
        }
        return prefixes.find(db, namespace, cidr).chain(prefix -> prefix == null
                ? lookup.<IpRow>notFound(db, namespace, cidr)
                : ips.find(db, prefix, address));
    }

    /** Releases the address held by the claim; NOT_FOUND when the claim holds none. */
    public Uni<IpRow> releaseByClaim(Caller caller, String claimText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Claim claim = arguments.requiredClaim(claimText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(RELEASE_IP_BY_CLAIM.call(caller, namespace, claim.text()),
                    tx -> lookup.claimed(tx, namespace, claim.text(), "ip", ips.findByClaim(tx, namespace, claim.text()),
                            held -> lookup.locked(tx, namespace, held.prefixCidr())
                                    .chain(prefix -> giveBack(tx, prefix, List.of(held.address())))
                                    .map(released -> released.get(0))));
        });
    }

    /** The address held by the claim, or null. */
    public Uni<IpRow> findByClaim(String claimText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Claim claim = arguments.claim(claimText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> ips.findByClaim(db, namespace, claim == null ? null : claim.text())
                    .call(found -> found == null ? lookup.requireNamespace(db, namespace) : Uni.createFrom().voidItem()));
        });
    }

    /** Acquired addresses of the namespace matching the selector and inside {@code within}, one page. */
    public Uni<Page<IpRow>> search(String namespaceName, String selectorText, String within, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(namespaceName);
            Selector selector = arguments.selector(selectorText);
            Cidr withinCidr = within == null ? null : arguments.cidr("within", within);
            int limit = arguments.first(first);
            Address afterAddress = Cursors.addressAfter(after);
            return transactions.read(db -> lookup.requireNamespace(db, namespace)
                    .chain(() -> ips.search(db, namespace, selector, withinCidr, afterAddress, limit + 1))
                    .chain(rows -> ips.count(db, namespace, selector, withinCidr).map(total -> Page.of(rows, limit, total))));
        });
    }

    public Uni<IpRow> release(Caller caller, String prefixText, String addressText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            Address address = arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(RELEASE_IP.call(caller, namespace, cidr.text(), address.text()),
                    tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> giveBack(tx, prefix, List.of(address)))
                            .map(released -> released.get(0)));
        });
    }

    /**
     * Acquires the {@code count} free addresses {@code strategy} picks (lowest or highest), all or none; with a
     * requestId, a repeat returns the first result.
     */
    public Uni<List<IpRow>> acquireMany(Caller caller, String prefixText, String poolText, Integer count,
                                        String namespaceName, String description, String requestId,
                                        List<? extends Map.Entry<String, String>> labels, IPStrategy strategyGiven) {
        return Uni.createFrom().deferred(() -> {
            Arguments.Source source = arguments.source("prefix", prefixText, poolText);
            Cidr cidr = source.cidr();
            int wanted = arguments.bulkCount("count", count == null ? 0 : count, "addresses");
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            IPStrategy strategy = strategyGiven == null ? IPStrategy.LOWEST : strategyGiven;
            Labels given = arguments.labels("labels", labels);
            String fingerprint = RequestIds.fingerprint(source.fingerprint() + " " + wanted + " " + text
                    + (strategy == IPStrategy.LOWEST ? "" : " " + strategy.name()), given, null);
            Operation.Call<List<IpRow>> call = ACQUIRE_IPS.call(caller, namespace, cidr == null ? null : cidr.text(), wanted,
                    text, key, MetadataEdit.Recorded.labels(given), recorded(strategy), source.pool());
            if (source.pool() != null) {
                String pool = source.pool();
                return transactions.write(call, tx -> members.ofKind(tx, namespace, pool, PoolKind.IP).chain(row -> requestIds
                        .once(tx, call, key, fingerprint, () -> members.first(tx, row, 0, prefix -> takeFree(tx, prefix,
                                        strategy, Collections.nCopies(wanted, text), PrefixService.orNone(given), true),
                                () -> new NoIpAvailableException("no member of pool " + pool + " has " + wanted
                                        + " free addresses; none were acquired")))));
            }
            return transactions.write(call, tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> requestIds.once(tx, call,
                    key, fingerprint, () -> withoutChildren(prefix)
                            .chain(() -> takeFree(tx, prefix, strategy, Collections.nCopies(wanted, text),
                                    PrefixService.orNone(given)))
                            .invoke(taken -> {
                                if (taken.size() < wanted) {
                                    throw new NoIpAvailableException("prefix " + cidr.text() + " has " + taken.size()
                                            + " free addresses, fewer than the " + wanted + " asked for; none were acquired");
                                }
                            }))));
        });
    }

    /** Releases all the given addresses or none; answers them in the order given. */
    public Uni<List<IpRow>> releaseMany(Caller caller, String prefixText, List<String> addressTexts, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            List<String> texts = addressTexts == null ? List.of() : addressTexts;
            arguments.bulkCount("addresses", texts.size(), "addresses");
            List<Address> addresses = new ArrayList<>(texts.size());
            Set<Address> seen = new HashSet<>();
            for (int i = 0; i < texts.size(); i++) {
                Address address = arguments.addressIn("addresses[" + i + "]", texts.get(i), cidr);
                if (!seen.add(address)) {
                    throw new InvalidArgumentException("addresses[" + i + "]: " + address.text() + " is listed twice");
                }
                addresses.add(address);
            }
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(RELEASE_IPS.call(caller, namespace, cidr.text(),
                            new JsonArray(addresses.stream().map(Address::text).toList())),
                    tx -> lookup.locked(tx, namespace, cidr).chain(prefix -> giveBack(tx, prefix, addresses)));
        });
    }

    /** The strategy as an audit record keeps it: left out when it is the default. */
    static String recorded(IPStrategy strategy) {
        return strategy == IPStrategy.LOWEST ? null : strategy.name();
    }

    /**
     * Takes the lowest or highest free addresses, one per description (fewer when they run out); answers them in
     * address order.
     */
    private Uni<List<IpRow>> takeFree(SqlConnection tx, PrefixRow prefix, IPStrategy strategy, List<String> descriptions,
                                      Labels labels) {
        return takeFree(tx, prefix, strategy, descriptions, labels, false);
    }

    /** As the method above; with {@code allOrNone}, null and nothing written when fewer are free than asked for. */
    private Uni<List<IpRow>> takeFree(SqlConnection tx, PrefixRow prefix, IPStrategy strategy, List<String> descriptions,
                                      Labels labels, boolean allOrNone) {
        int wanted = descriptions.size();
        boolean highest = strategy == IPStrategy.HIGHEST;
        return (highest ? prefixes.highestFreeRanges(tx, prefix.id(), wanted)
                : prefixes.lowestFreeRanges(tx, prefix.id(), wanted)).chain(ranges -> {
            FreeRangeEdit.Taken taken = highest ? FreeRangeEdit.takeHighest(ranges, wanted)
                    : FreeRangeEdit.takeLowest(ranges, wanted);
            int count = taken.addresses().size();
            if (allOrNone && count < wanted) {
                return Uni.createFrom().nullItem();
            }
            if (count == 0) {
                return Uni.createFrom().item(List.<IpRow>of());
            }
            // independent statements, pipelined on the transaction's connection
            return Uni.combine().all().unis(prefixes.apply(tx, prefix.id(), taken.edit()),
                            ips.insertAll(tx, prefix, taken.addresses(), descriptions.subList(0, count), labels),
                            prefixes.addToCounts(tx, prefix.id(), count, 0))
                    .with((edited, rows, counted) -> rows);
        });
    }

    /** Releases the addresses (all acquired, or NOT_FOUND and nothing changes), answered in the order given. */
    private Uni<List<IpRow>> giveBack(SqlConnection tx, PrefixRow prefix, List<Address> addresses) {
        Cidr cidr = prefix.cidr();
        for (Address address : addresses) {
            if (prefix.isReservedEdge(address)) {
                return Uni.createFrom().failure(new InvalidArgumentException("address " + address.text()
                        + " is reserved in prefix " + cidr.text() + " and is never acquired or released"));
            }
        }
        return ips.deleteAll(tx, prefix, addresses).chain(deleted -> {
            if (deleted.size() < addresses.size()) {
                Set<Address> found = deleted.stream().map(IpRow::address).collect(Collectors.toSet());
                Address missing = addresses.stream().filter(a -> !found.contains(a)).findFirst().orElseThrow();
                return Uni.createFrom().failure(new NotFoundException("ip " + missing.text()
                        + " is not acquired in prefix " + cidr.text()));
            }
            Map<Address, IpRow> byAddress = deleted.stream().collect(Collectors.toMap(IpRow::address, row -> row));
            return prefixes.rangesAround(tx, prefix.id(), cidr, addresses)
                    .chain(neighbours -> Uni.combine().all().unis(
                                    prefixes.apply(tx, prefix.id(), FreeRangeEdit.giveBack(addresses, neighbours)),
                                    prefixes.addToCounts(tx, prefix.id(), -addresses.size(), 0))
                            .discardItems())
                    .map(ignored -> addresses.stream().map(byAddress::get).toList());
        });
    }

    /** The acquired address, or null; NOT_FOUND when the prefix does not exist. */
    public Uni<IpRow> find(String prefixText, String addressText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = prefixText == null ? null : arguments.cidr("prefix", prefixText);
            Address address = cidr == null ? arguments.address("address", addressText)
                    : arguments.addressIn("address", addressText, cidr);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> find(db, cidr, address, namespace));
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
                return owners.stream().map(owner -> Page.of(byPrefix.getOrDefault(owner.id(), List.of()),
                        limit, (int) owner.ipCount())).toList();
            });
        });
    }

    private Uni<IpRow> free(SqlConnection tx, PrefixRow prefix, IPStrategy strategy, String description, Labels labels) {
        return takeFree(tx, prefix, strategy, Collections.singletonList(description), labels).chain(rows -> rows.isEmpty()
                ? Uni.createFrom().failure(new NoIpAvailableException("no more ips in prefix: " + prefix.cidr().text() + " left"))
                : Uni.createFrom().item(rows.get(0)));
    }

    private Uni<IpRow> specific(SqlConnection tx, PrefixRow prefix, Address address, String description, Labels labels) {
        AlreadyAllocatedException taken = new AlreadyAllocatedException("given ip:" + address.text() + " is already allocated");
        if (prefix.isReservedEdge(address)) {
            return Uni.createFrom().failure(taken);
        }
        return prefixes.freeRangeHolding(tx, prefix.id(), address).chain(range -> range.isEmpty()
                ? Uni.createFrom().failure(taken)
                : take(tx, prefix, range.get(), address, description, labels));
    }

    private Uni<IpRow> take(SqlConnection tx, PrefixRow prefix, FreeRange range, Address address, String description,
                            Labels labels) {
        return prefixes.takeFromRange(tx, prefix.id(), range, address)
                .chain(() -> ips.insert(tx, prefix, address, description, labels))
                .call(() -> prefixes.addToCounts(tx, prefix.id(), 1, 0));
    }

    /** A claim asked for in another prefix, or for another address, than the one it holds. */
    static AlreadyExistsException claimHeldElsewhere(IpRow held) {
        return new AlreadyExistsException("claim " + held.claim() + " already holds " + held.address().text()
                + " in prefix " + held.prefixCidr().text());
    }

    static Uni<Void> withoutChildren(PrefixRow prefix) {
        return prefix.hasChildren()
                ? Uni.createFrom().failure(new HasChildrenException("prefix " + prefix.cidr().text() + " has "
                        + prefix.childCount() + " child prefixes and hands out no IPs while it has any"))
                : Uni.createFrom().voidItem();
    }
}

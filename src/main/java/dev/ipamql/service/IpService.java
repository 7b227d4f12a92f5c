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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.FreeRangeEdit;
import io.vertx.core.json.JsonArray;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Address operations of the contract: each a single transaction holding the prefix's row lock. */
@ApplicationScoped
public class IpService {

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final IpStore ips;
    private final Arguments arguments;
    private final RequestIds requestIds;
    private final AuditStore audit;
    private final IpamConfig config;
    private final Coalescer<PrefixKey, Pending, IpRow> lowestAcquisitions;
    private final Coalescer<String, HintedBatch, Acquired> hintedBatches;
    private final Map<PrefixKey, Hint> hints = new ConcurrentHashMap<>();
    private final Counter hintHits;
    private final Counter hintMisses;

    /** A prefix as requests name it. */
    record PrefixKey(String namespace, Cidr cidr) {
    }

    /** A request for the lowest free address that waits to join a batch. */
    record Pending(Caller caller, String description, JsonObject arguments) {
    }

    /** One prefix's batch that tries its hinted range, waiting to share a statement with other prefixes' batches. */
    record HintedBatch(PrefixKey key, List<Pending> batch, Hint hint) {
    }

    /** The one key of {@link #hintedBatches}: every hinted batch may join every other. */
    private static final String ALL_PREFIXES = "all";

    /** Most prefixes whose hinted batches share one statement. */
    private static final int HINTED_BATCHES_PER_STATEMENT = 64;

    public IpService(Transactions transactions, PrefixStore prefixes, IpStore ips, Arguments arguments,
                     RequestIds requestIds, AuditStore audit, IpamConfig config, MeterRegistry registry) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.ips = ips;
        this.arguments = arguments;
        this.requestIds = requestIds;
        this.audit = audit;
        this.config = config;
        this.hintHits = hintCounter(registry, "hit");
        this.hintMisses = hintCounter(registry, "miss");
        this.lowestAcquisitions = new Coalescer<>(registry, "ipamql.acquire.ip",
                "acquireIP requests for the lowest address of one prefix", config.maxBulkCount(), this::acquireLowest);
        this.hintedBatches = new Coalescer<>(registry, "ipamql.acquire.ip.hinted",
                "batches of acquireIP of different prefixes, each from its hinted range", HINTED_BATCHES_PER_STATEMENT,
                (all, group) -> fromHints(group));
    }

    private static Counter hintCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("ipamql.acquire.ip.hint").tag("outcome", outcome)
                .description("Batches of acquireIP tried in one round trip from the lowest free range this instance "
                        + "last saw: hit (taken so) or miss (the range had changed; taken the usual way)")
                .register(registry);
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
            if (wanted == null && key == null) {
                // concurrent requests for the lowest address of one prefix share one transaction
                return lowestAcquisitions.submit(new PrefixKey(namespace, cidr), new Pending(caller, text, args));
            }
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
                    tx -> locked(tx, namespace, cidr).chain(prefix -> giveBack(tx, prefix, List.of(address)))
                            .map(released -> released.get(0)));
        });
    }

    /** Acquires the {@code count} lowest free addresses, all or none; with a requestId, a repeat returns the first result. */
    public Uni<List<IpRow>> acquireMany(Caller caller, String prefixText, Integer count, String namespaceName,
                                        String description, String requestId) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            int wanted = bulkCount("count", count == null ? 0 : count);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            String fingerprint = cidr.text() + " " + wanted + " " + text;
            JsonObject args = new JsonObject().put("prefix", cidr.text()).put("count", wanted).put("description", text)
                    .put("requestId", key);
            return transactions.write(new Audit<>(caller, namespace, "acquireIPs", args, StoredResults::ips),
                    tx -> locked(tx, namespace, cidr).chain(prefix -> requestIds.once(tx, namespace, key, "acquireIPs",
                            fingerprint, StoredResults::ips, StoredResults::ips, () -> withoutChildren(prefix)
                                    .chain(() -> takeLowest(tx, prefix, Collections.nCopies(wanted, text)))
                                    .invoke(taken -> {
                                        if (taken.size() < wanted) {
                                            throw new NoIpAvailableException("prefix " + cidr.text() + " has "
                                                    + taken.size() + " free addresses, fewer than the " + wanted
                                                    + " asked for; none were acquired");
                                        }
                                    }))));
        });
    }

    /** Releases all the given addresses or none; answers them in the order given. */
    public Uni<List<IpRow>> releaseMany(Caller caller, String prefixText, List<String> addressTexts, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("prefix", prefixText);
            List<String> texts = addressTexts == null ? List.of() : addressTexts;
            bulkCount("addresses", texts.size());
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
            JsonObject args = new JsonObject().put("prefix", cidr.text())
                    .put("addresses", new JsonArray(addresses.stream().map(Address::text).toList()));
            return transactions.write(new Audit<>(caller, namespace, "releaseIPs", args, StoredResults::ips),
                    tx -> locked(tx, namespace, cidr).chain(prefix -> giveBack(tx, prefix, addresses)));
        });
    }

    private int bulkCount(String argument, int count) {
        if (count < 1 || count > config.maxBulkCount()) {
            throw new InvalidArgumentException(argument + " must hold 1 to " + config.maxBulkCount() + " addresses, not "
                    + count);
        }
        return count;
    }

    /**
     * One batch of lowest-address requests for one prefix, in one transaction: the i-th request gets the
     * i-th lowest free address, or NO_IP_AVAILABLE once they run out; each gets its own audit record.
     * When this instance knows the prefix's lowest free range from its last batch, it tries that first.
     */
    private Uni<List<Coalescer.Outcome<IpRow>>> acquireLowest(PrefixKey key, List<Pending> batch) {
        Hint hint = hints.remove(key);
        Uni<Acquired> acquired = hint != null && hint.keepsAddressesAfter(batch.size())
                ? hintedBatches.submit(ALL_PREFIXES, new HintedBatch(key, batch, hint))
                        .chain(hit -> hit != null ? Uni.createFrom().item(hit) : fromLowestRanges(key, batch))
                : fromLowestRanges(key, batch);
        return acquired.map(result -> {
            if (result.next() != null) {
                remember(key, result.next());
            }
            List<IpRow> rows = result.rows();
            return IntStream.range(0, batch.size()).mapToObj(i -> i < rows.size()
                    ? Coalescer.Outcome.of(rows.get(i))
                    : Coalescer.Outcome.<IpRow>failed(new NoIpAvailableException("no more ips in prefix: "
                            + key.cidr().text() + " left"))).toList();
        });
    }

    /**
     * A prefix's lowest free range as this instance left it after its last batch there: a hint that saves a
     * round trip, never a guard (the database checks it is still true before anything is taken).
     */
    record Hint(long prefixId, FreeRange lowest) {
        boolean keepsAddressesAfter(int count) {
            return lowest.size().compareTo(BigInteger.valueOf(count)) > 0;
        }
    }

    /** The addresses a batch got, and the prefix's lowest free range after it (null: not known). */
    private record Acquired(List<IpRow> rows, Hint next) {
    }

    /** Prefixes with a hint; more than this and the hints start over (a miss costs one round trip). */
    private static final int HINTED_PREFIXES = 10_000;

    private void remember(PrefixKey key, Hint hint) {
        if (hints.size() >= HINTED_PREFIXES) {
            hints.clear();
        }
        hints.put(key, hint);
    }

    /**
     * Batches of different prefixes in one round trip, each from its hinted range: BEGIN, the row locks (in id
     * order), one statement that takes each range's first addresses only if it is still its prefix's lowest free
     * range, unchanged, and COMMIT go out together. A batch answers null when its range had changed: nothing was
     * taken for it, and it goes the usual way. So do all of them when PostgreSQL refused the attempt (nothing
     * was committed), e.g. because one of the prefixes stayed locked by another transaction longer than a brief
     * wait: the others' batches are not held up behind it. Any other failure (the outcome is unknown) fails them.
     */
    private Uni<List<Coalescer.Outcome<Acquired>>> fromHints(List<HintedBatch> group) {
        List<IpStore.RangeTake> takes = group.stream().map(IpService::rangeTake).toList();
        return transactions.attemptPipelinedBriefly(config.sharedLockWait(), tx -> Transactions.commit(tx,
                        prefixes.lockAllWithTime(tx, group.stream().map(hinted -> hinted.hint().prefixId()).toList()),
                        ips.takeFromLowestRanges(tx, takes),
                        (now, taken) -> IntStream.range(0, group.size()).mapToObj(i -> taken.contains(takes.get(i).prefixId())
                                ? acquired(group.get(i), takes.get(i), now) : null).toList()))
                .onFailure(PgException.class).recoverWithItem(() -> Collections.nCopies(group.size(), null))
                .onFailure().transform(Failures::toClientError)
                .map(acquired -> acquired.stream().map(hit -> {
                    (hit != null ? hintHits : hintMisses).increment();
                    return Coalescer.Outcome.of(hit);
                }).toList());
    }

    private static IpStore.RangeTake rangeTake(HintedBatch hinted) {
        PrefixKey key = hinted.key();
        Hint hint = hinted.hint();
        List<Pending> batch = hinted.batch();
        List<Address> addresses = IntStream.range(0, batch.size()).mapToObj(i -> hint.lowest().first().plus(i)).toList();
        List<String> descriptions = batch.stream().map(Pending::description).toList();
        // the time is the transaction's, written into each record by PostgreSQL
        List<IpRow> rows = IntStream.range(0, batch.size()).mapToObj(i -> new IpRow(hint.prefixId(), key.namespace(),
                key.cidr(), addresses.get(i), descriptions.get(i), null)).toList();
        return new IpStore.RangeTake(hint.prefixId(), hint.lowest(), addresses, descriptions,
                records(batch, rows, row -> StoredResults.ip(row, IpStore.RESULT_NOW)));
    }

    /** The audit record of each request of a batch, answered the address of {@code rows} at its index. */
    private static List<AuditStore.Entry> records(List<Pending> batch, List<IpRow> rows, Function<IpRow, String> result) {
        return IntStream.range(0, rows.size()).mapToObj(i -> new AuditStore.Entry(batch.get(i).caller().subject(),
                rows.get(i).namespace(), "acquireIP", batch.get(i).arguments().encode(), result.apply(rows.get(i)))).toList();
    }

    private static Acquired acquired(HintedBatch hinted, IpStore.RangeTake take, OffsetDateTime now) {
        PrefixKey key = hinted.key();
        int count = take.addresses().size();
        return new Acquired(IntStream.range(0, count).mapToObj(i -> new IpRow(take.prefixId(), key.namespace(), key.cidr(),
                take.addresses().get(i), take.descriptions().get(i), now)).toList(),
                new Hint(take.prefixId(), new FreeRange(take.range().first().plus(count), take.range().last())));
    }

    /** The batch in two round trips: BEGIN + lock + the lowest free ranges, then all writes + COMMIT. */
    private Uni<Acquired> fromLowestRanges(PrefixKey key, List<Pending> batch) {
        return transactions.writePipelined(tx -> Uni.combine().all().unis(
                        prefixes.lockWithTime(tx, key.namespace(), key.cidr()),
                        prefixes.lowestFreeRanges(tx, key.namespace(), key.cidr(), batch.size())).asTuple()
                .chain(locked -> {
                    PrefixRow prefix = locked.getItem1().prefix();
                    if (prefix == null) {
                        return PrefixService.<Transactions.Committed<Acquired>>notFound(tx, key.namespace(), key.cidr());
                    }
                    return withoutChildren(prefix).chain(() -> takeAndRecord(tx, prefix, locked.getItem1().now(),
                            locked.getItem2(), batch));
                }));
    }

    /**
     * Takes the lowest addresses for the batch from {@code lowest} and sends them, their audit records and
     * COMMIT at once.
     */
    private Uni<Transactions.Committed<Acquired>> takeAndRecord(SqlConnection tx, PrefixRow prefix, OffsetDateTime now,
                                                                List<FreeRange> lowest, List<Pending> batch) {
        FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(lowest, batch.size());
        int count = taken.addresses().size();
        if (count == 0) {
            return Transactions.commit(tx, List.of(), new Acquired(List.of(), null));
        }
        List<String> descriptions = batch.subList(0, count).stream().map(Pending::description).toList();
        List<IpRow> rows = IntStream.range(0, count).mapToObj(i -> new IpRow(prefix.id(), prefix.namespace(), prefix.cidr(),
                taken.addresses().get(i), descriptions.get(i), now)).toList();
        List<AuditStore.Entry> entries = records(batch, rows, StoredResults::ip);
        // every range taken from is gone but the last one's rest, which is now the lowest
        Hint next = taken.edit().added().isEmpty() ? null : new Hint(prefix.id(), taken.edit().added().get(0));
        return Transactions.commit(tx, List.of(prefixes.apply(tx, prefix.id(), taken.edit()),
                ips.insertAllQuietly(tx, prefix, taken.addresses(), descriptions),
                prefixes.addToCounts(tx, prefix.id(), count, 0),
                audit.appendAll(tx, entries)), new Acquired(rows, next));
    }

    /** Takes the lowest free addresses, one per description (fewer when they run out), in address order. */
    private Uni<List<IpRow>> takeLowest(SqlConnection tx, PrefixRow prefix, List<String> descriptions) {
        return prefixes.lowestFreeRanges(tx, prefix.id(), descriptions.size()).chain(ranges -> {
            FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(ranges, descriptions.size());
            int count = taken.addresses().size();
            if (count == 0) {
                return Uni.createFrom().item(List.<IpRow>of());
            }
            // independent statements, pipelined on the transaction's connection
            return Uni.combine().all().unis(prefixes.apply(tx, prefix.id(), taken.edit()),
                            ips.insertAll(tx, prefix, taken.addresses(), descriptions.subList(0, count)),
                            prefixes.addToCounts(tx, prefix.id(), count, 0))
                    .with((edited, rows, counted) -> rows);
        });
    }

    /** Releases the addresses (all acquired, or NOT_FOUND and nothing changes), answered in the order given. */
    private Uni<List<IpRow>> giveBack(SqlConnection tx, PrefixRow prefix, List<Address> addresses) {
        Cidr cidr = prefix.cidr();
        for (Address address : addresses) {
            if (cidr.isReserved(address)) {
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
        return takeLowest(tx, prefix, Collections.singletonList(description)).chain(rows -> rows.isEmpty()
                ? Uni.createFrom().failure(new NoIpAvailableException("no more ips in prefix: " + prefix.cidr().text() + " left"))
                : Uni.createFrom().item(rows.get(0)));
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

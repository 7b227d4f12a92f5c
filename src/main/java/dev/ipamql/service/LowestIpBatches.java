package dev.ipamql.service;

import static dev.ipamql.service.Operation.ACQUIRE_IP;

import dev.ipamql.address.Address;
import dev.ipamql.service.error.NoIpAvailableException;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.FreeRange;
import dev.ipamql.store.FreeRangeEdit;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.IpStore;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * acquireIP for the lowest free address without a requestId: concurrent requests for one prefix join one
 * batch (one transaction), and a batch whose prefix's lowest free range this instance knows from its last
 * batch there takes it in one round trip, sharing the statement with other prefixes' batches.
 */
@ApplicationScoped
public class LowestIpBatches {

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final IpStore ips;
    private final AuditStore audit;
    private final PrefixLookup lookup;
    private final IpamConfig config;
    private final Coalescer<PrefixKey, Pending, IpRow> lowestAcquisitions;
    private final Coalescer<String, HintedBatch, Acquired> hintedBatches;
    private final Map<PrefixKey, Hint> hints = new ConcurrentHashMap<>();
    private final Counter hintHits;
    private final Counter hintMisses;

    /** A request for the lowest free address that waits to join a batch. */
    record Pending(Operation.Call<IpRow> call, String description) {
    }

    /** One prefix's batch that tries its hinted range, waiting to share a statement with other prefixes' batches. */
    record HintedBatch(PrefixKey key, List<Pending> batch, Hint hint) {
    }

    /** The one key of {@link #hintedBatches}: every hinted batch may join every other. */
    private static final String ALL_PREFIXES = "all";

    /** Most prefixes whose hinted batches share one statement. */
    private static final int HINTED_BATCHES_PER_STATEMENT = 64;

    public LowestIpBatches(Transactions transactions, PrefixStore prefixes, IpStore ips, AuditStore audit,
                           PrefixLookup lookup, IpamConfig config, MeterRegistry registry) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.ips = ips;
        this.audit = audit;
        this.lookup = lookup;
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

    /** The lowest free address of the prefix for {@code call}, acquired in the next batch for the prefix. */
    Uni<IpRow> acquire(PrefixKey key, Operation.Call<IpRow> call, String description) {
        return lowestAcquisitions.submit(key, new Pending(call, description));
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
        List<IpStore.RangeTake> takes = group.stream().map(LowestIpBatches::rangeTake).toList();
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
                records(batch, rows, row -> StoredResults.ip(row, AuditStore.RESULT_NOW)));
    }

    /** The audit record of each request of a batch, answered the address of {@code rows} at its index. */
    private static List<AuditStore.Entry> records(List<Pending> batch, List<IpRow> rows, Function<IpRow, String> result) {
        return IntStream.range(0, rows.size())
                .mapToObj(i -> batch.get(i).call().recordWritten(result.apply(rows.get(i)))).toList();
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
                        return lookup.<Transactions.Committed<Acquired>>notFound(tx, key.namespace(), key.cidr());
                    }
                    return IpService.withoutChildren(prefix).chain(() -> takeAndRecord(tx, prefix, locked.getItem1().now(),
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
        List<AuditStore.Entry> entries = records(batch, rows, ACQUIRE_IP::encode);
        // every range taken from is gone but the last one's rest, which is now the lowest
        Hint next = taken.edit().added().isEmpty() ? null : new Hint(prefix.id(), taken.edit().added().get(0));
        return Transactions.commit(tx, List.of(prefixes.apply(tx, prefix.id(), taken.edit()),
                ips.insertAllQuietly(tx, prefix, taken.addresses(), descriptions),
                prefixes.addToCounts(tx, prefix.id(), count, 0),
                audit.append(tx, entries)), new Acquired(rows, next));
    }
}

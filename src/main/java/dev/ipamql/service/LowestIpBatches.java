package dev.ipamql.service;

import static dev.ipamql.service.Operation.ACQUIRE_IP;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import dev.ipamql.service.error.NoIpAvailableException;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.FreeRange;
import dev.ipamql.store.FreeRangeEdit;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.IpStore;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.store.StoredLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * acquireIP for the lowest free address without a requestId: concurrent requests for one prefix join one
 * batch (one transaction), and a batch whose prefix's lowest free range this instance knows from its last
 * batch there takes it in one round trip, sharing the statement with other prefixes' batches. A claim already
 * held answers its address; requests of one batch with the same claim share one address.
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

    /** A request for the lowest free address that waits to join a batch; {@code claim} null for none. */
    record Pending(Operation.Call<IpRow> call, String description, Labels labels, String claim) {
    }

    /**
     * A batch's requests that each take an address, in batch order: every request without a claim, and the first
     * request of each claim not held yet. {@code takerOf} names each request's taker, -1 for a held claim's.
     */
    private record Takers(List<Pending> batch, List<Pending> takers, int[] takerOf) {

        static Takers of(List<Pending> batch, Set<String> held) {
            List<Pending> takers = new ArrayList<>(batch.size());
            int[] takerOf = new int[batch.size()];
            Map<String, Integer> byClaim = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                String claim = batch.get(i).claim();
                Integer same = claim == null ? null : byClaim.get(claim);
                if (claim != null && held.contains(claim)) {
                    takerOf[i] = -1;
                } else if (same != null) {
                    takerOf[i] = same;
                } else {
                    if (claim != null) {
                        byClaim.put(claim, takers.size());
                    }
                    takerOf[i] = takers.size();
                    takers.add(batch.get(i));
                }
            }
            return new Takers(batch, takers, takerOf);
        }

        /** The distinct claims of the batch. */
        static List<String> claims(List<Pending> batch) {
            return batch.stream().map(Pending::claim).filter(Objects::nonNull).distinct().toList();
        }

        /** The new addresses' rows, the i-th taker's at i, with the taker's labels and claim. */
        List<IpRow> rows(long prefixId, PrefixKey key, List<Address> addresses, OffsetDateTime now) {
            return IntStream.range(0, addresses.size()).mapToObj(i -> {
                Pending taker = takers.get(i);
                return new IpRow(prefixId, key.namespace(), key.cidr(), addresses.get(i), taker.description(), now,
                        taker.labels(), taker.claim(), 1, now);
            }).toList();
        }

        /**
         * Each request's answer: its taker's address, the address its claim holds in this prefix, ALREADY_EXISTS
         * when the claim holds one in another, NO_IP_AVAILABLE when the addresses ran out before its taker.
         */
        List<Coalescer.Outcome<IpRow>> answers(long prefixId, Cidr cidr, List<IpRow> rows, Map<String, IpRow> held) {
            return IntStream.range(0, batch.size()).mapToObj(i -> {
                int taker = takerOf[i];
                if (taker < 0) {
                    IpRow holding = held.get(batch.get(i).claim());
                    return holding.prefixId() == prefixId ? Coalescer.Outcome.of(holding)
                            : Coalescer.Outcome.<IpRow>failed(IpService.claimHeldElsewhere(holding));
                }
                return taker < rows.size() ? Coalescer.Outcome.of(rows.get(taker))
                        : Coalescer.Outcome.<IpRow>failed(new NoIpAvailableException("no more ips in prefix: "
                                + cidr.text() + " left"));
            }).toList();
        }

        /** The audit record of each taker, answered the address of {@code rows} at its index. */
        List<AuditStore.Entry> records(List<IpRow> rows, Function<IpRow, String> result) {
            return IntStream.range(0, rows.size())
                    .mapToObj(i -> takers.get(i).call().recordWritten(result.apply(rows.get(i)))).toList();
        }
    }

    /** One prefix's batch that tries its hinted range, waiting to share a statement with other prefixes' batches. */
    record HintedBatch(PrefixKey key, Takers takers, Hint hint) {
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
    Uni<IpRow> acquire(PrefixKey key, Operation.Call<IpRow> call, String description, Labels labels, String claim) {
        return lowestAcquisitions.submit(key, new Pending(call, description, labels, claim));
    }

    /**
     * One batch of lowest-address requests for one prefix, in one transaction: the i-th request that takes an
     * address gets the i-th lowest free address, or NO_IP_AVAILABLE once they run out, and its own audit record.
     * When this instance knows the prefix's lowest free range from its last batch, it tries that first.
     */
    private Uni<List<Coalescer.Outcome<IpRow>>> acquireLowest(PrefixKey key, List<Pending> batch) {
        Hint hint = hints.remove(key);
        Takers unheld = Takers.of(batch, Set.of());
        Uni<Acquired> acquired = hint != null && hint.keepsAddressesAfter(unheld.takers().size())
                ? hintedBatches.submit(ALL_PREFIXES, new HintedBatch(key, unheld, hint))
                        .chain(hit -> hit != null ? Uni.createFrom().item(hit) : fromLowestRanges(key, batch))
                : fromLowestRanges(key, batch);
        return acquired.map(result -> {
            if (result.next() != null) {
                remember(key, result.next());
            }
            return result.answers();
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

    /** The answers of a batch's requests, and the prefix's lowest free range after it (null: not known). */
    private record Acquired(List<Coalescer.Outcome<IpRow>> answers, Hint next) {
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
     * range, unchanged, and COMMIT go out together. A batch answers null when its range had changed or one of its
     * claims is held: nothing was taken for it, and it goes the usual way. So do all of them when PostgreSQL refused the attempt (nothing
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
        Hint hint = hinted.hint();
        List<Pending> takers = hinted.takers().takers();
        List<Address> addresses = IntStream.range(0, takers.size()).mapToObj(i -> hint.lowest().first().plus(i)).toList();
        // the time is the transaction's, written into each record by PostgreSQL
        List<IpRow> rows = hinted.takers().rows(hint.prefixId(), hinted.key(), addresses, null);
        return new IpStore.RangeTake(hint.prefixId(), hint.lowest(), addresses, descriptions(takers), storedLabels(takers),
                takers.stream().map(Pending::claim).toList(),
                hinted.takers().records(rows, row -> StoredResults.ip(row, AuditStore.RESULT_NOW)));
    }

    private static List<String> descriptions(List<Pending> takers) {
        return takers.stream().map(Pending::description).toList();
    }

    /** Each taker's labels as stored, null for none. */
    private static List<String> storedLabels(List<Pending> takers) {
        return takers.stream().map(taker -> taker.labels().isEmpty() ? null : StoredLabels.write(taker.labels())).toList();
    }

    private static Acquired acquired(HintedBatch hinted, IpStore.RangeTake take, OffsetDateTime now) {
        PrefixKey key = hinted.key();
        int count = take.addresses().size();
        List<IpRow> rows = hinted.takers().rows(take.prefixId(), key, take.addresses(), now);
        return new Acquired(hinted.takers().answers(take.prefixId(), key.cidr(), rows, Map.of()),
                new Hint(take.prefixId(), new FreeRange(take.range().first().plus(count), take.range().last())));
    }

    /**
     * The batch in two round trips: BEGIN + lock + the lowest free ranges + the addresses its claims hold, then
     * all writes + COMMIT. A claim taken in another prefix meanwhile is a unique violation: the batch is retried.
     */
    private Uni<Acquired> fromLowestRanges(PrefixKey key, List<Pending> batch) {
        List<String> claims = Takers.claims(batch);
        return transactions.writePipelined(tx -> Uni.combine().all().unis(
                        prefixes.lockWithTime(tx, key.namespace(), key.cidr()),
                        prefixes.lowestFreeRanges(tx, key.namespace(), key.cidr(), batch.size()),
                        claims.isEmpty() ? Uni.createFrom().item(List.<IpRow>of()) : ips.findByClaims(tx, key.namespace(), claims))
                .asTuple()
                .chain(locked -> {
                    PrefixRow prefix = locked.getItem1().prefix();
                    if (prefix == null) {
                        return lookup.<Transactions.Committed<Acquired>>notFound(tx, key.namespace(), key.cidr());
                    }
                    Map<String, IpRow> held = locked.getItem3().stream().collect(Collectors.toMap(IpRow::claim, row -> row));
                    return IpService.withoutChildren(prefix).chain(() -> takeAndRecord(tx, prefix, locked.getItem1().now(),
                            locked.getItem2(), Takers.of(batch, held.keySet()), held));
                }));
    }

    /**
     * Takes the lowest addresses for the batch's takers from {@code lowest} and sends them, their claims, their
     * audit records and COMMIT at once.
     */
    private Uni<Transactions.Committed<Acquired>> takeAndRecord(SqlConnection tx, PrefixRow prefix, OffsetDateTime now,
                                                                List<FreeRange> lowest, Takers takers,
                                                                Map<String, IpRow> held) {
        PrefixKey key = new PrefixKey(prefix.namespace(), prefix.cidr());
        FreeRangeEdit.Taken taken = FreeRangeEdit.takeLowest(lowest, takers.takers().size());
        int count = taken.addresses().size();
        List<IpRow> rows = takers.rows(prefix.id(), key, taken.addresses(), now);
        Acquired acquired = new Acquired(takers.answers(prefix.id(), prefix.cidr(), rows, held),
                // every range taken from is gone but the last one's rest, which is now the lowest
                count == 0 || taken.edit().added().isEmpty() ? null : new Hint(prefix.id(), taken.edit().added().get(0)));
        if (count == 0) {
            return Transactions.commit(tx, List.of(), acquired);
        }
        List<Pending> taking = takers.takers().subList(0, count);
        List<IpRow> claimed = rows.stream().filter(row -> row.claim() != null).toList();
        List<Uni<?>> writes = new ArrayList<>(List.of(prefixes.apply(tx, prefix.id(), taken.edit()),
                ips.insertAllQuietly(tx, prefix, taken.addresses(), descriptions(taking), storedLabels(taking))));
        if (!claimed.isEmpty()) {
            writes.add(ips.claimAll(tx, claimed));
        }
        writes.add(prefixes.addToCounts(tx, prefix.id(), count, 0));
        writes.add(audit.append(tx, takers.records(rows, ACQUIRE_IP::encode)));
        return Transactions.commit(tx, writes, acquired);
    }
}

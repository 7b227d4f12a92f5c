package dev.ipamql.service;

import static dev.ipamql.service.Operation.ACQUIRE_CHILD_PREFIX;
import static dev.ipamql.service.Operation.ACQUIRE_CHILD_PREFIXES;
import static dev.ipamql.service.Operation.ACQUIRE_SPECIFIC_CHILD_PREFIX;
import static dev.ipamql.service.Operation.CREATE_PREFIX;
import static dev.ipamql.service.Operation.DELETE_PREFIX;
import static dev.ipamql.service.Operation.RELEASE_CHILD_PREFIX;
import static dev.ipamql.service.Operation.RELEASE_CHILD_PREFIX_BY_CLAIM;
import static dev.ipamql.service.Operation.UPDATE_PREFIX;

import dev.ipamql.address.Address;
import dev.ipamql.address.ChildCarving;
import dev.ipamql.address.ChildStrategy;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import dev.ipamql.metadata.Claim;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.HasIpsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NoPrefixAvailableException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.service.error.OverlapException;
import dev.ipamql.store.PoolKind;
import dev.ipamql.store.PrefixFilter;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.store.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Collectors;

/** Prefix and child-prefix operations of the contract, each one transaction. */
@ApplicationScoped
public class PrefixService {

    /** Bounds of the pure overlap computation: its answer grows with the product of its inputs. */
    static final int MAX_OVERLAP_INPUT = 1000;
    static final int MAX_OVERLAP_PAIRS = 10_000;

    private final Transactions transactions;
    private final PrefixStore prefixes;
    private final Arguments arguments;
    private final RequestIds requestIds;
    private final PrefixLookup lookup;
    private final AuditStore audit;
    private final PoolMembers members;
    /** Up to this many free blocks, a batch of children is carved in memory from one read of them. */
    private final int carvedInMemory;
    private final Coalescer<PrefixKey, PendingChild, PrefixRow> childAcquisitions;

    /** A request for a child of some length, waiting to join a batch. */
    record PendingChild(Operation.Call<PrefixRow> call, int length, String description) {
    }

    public PrefixService(Transactions transactions, PrefixStore prefixes, Arguments arguments, RequestIds requestIds,
                         PrefixLookup lookup, AuditStore audit, PoolMembers members, IpamConfig config,
                         MeterRegistry registry) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.arguments = arguments;
        this.requestIds = requestIds;
        this.lookup = lookup;
        this.audit = audit;
        this.members = members;
        this.carvedInMemory = config.maxFreeBlocksCarvedInMemory();
        this.childAcquisitions = new Coalescer<>(registry, "ipamql.acquire.child.prefix",
                "acquireChildPrefix requests on one parent", config.maxBulkCount(), this::acquireChildren);
    }

    public Uni<PrefixRow> create(Caller caller, String cidrText, String namespaceName, String description,
                                 List<? extends Map.Entry<String, String>> labels, boolean reserveEdges) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            Labels given = arguments.labels("labels", labels);
            return transactions.write(CREATE_PREFIX.call(caller, namespace, cidr.text(), text,
                            MetadataEdit.Recorded.labels(given), recorded(reserveEdges)),
                    // one statement when it succeeds; why it was refused is looked up only when it was
                    tx -> prefixes.insertRootIfFree(tx, namespace, cidr, text, orNone(given), reserveEdges).chain(row -> row != null
                            ? Uni.createFrom().item(row)
                            : lookup.requireNamespace(tx, namespace)
                                    .chain(() -> prefixes.firstOverlap(tx, namespace, cidr))
                                    .chain(overlap -> Uni.createFrom().failure(overlap.isPresent()
                                            ? new OverlapException(cidr.text() + " overlaps " + overlap.get().text())
                                            : new Transactions.LostRace("the prefix that refused " + cidr.text()
                                                    + " is gone")))));
        });
    }

    /** Deletes a root prefix, or releases a child prefix. */
    public Uni<PrefixRow> delete(Caller caller, String cidrText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(DELETE_PREFIX.call(caller, namespace, cidr.text()),
                    tx -> lookup.existing(tx, namespace, cidr).chain(prefix -> prefix.isRoot()
                    ? lockedAgain(tx, prefix).chain(locked -> deleteEmpty(tx, locked))
                    : releaseChild(tx, prefix)));
        });
    }

    public Uni<PrefixRow> releaseChild(Caller caller, String cidrText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(RELEASE_CHILD_PREFIX.call(caller, namespace, cidr.text()),
                    tx -> lookup.existing(tx, namespace, cidr).chain(prefix -> {
                if (prefix.isRoot()) {
                    return Uni.createFrom().failure(new InvalidArgumentException(cidr.text() + " is not a child prefix"));
                }
                return releaseChild(tx, prefix);
            }));
        });
    }

    /** Changes the prefix's description and labels under its row lock, as one more version. */
    public Uni<PrefixRow> update(Caller caller, String cidrText, String namespaceName, MetadataEdit.Given given) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            MetadataEdit edit = given.validated(arguments);
            return transactions.write(UPDATE_PREFIX.call(caller, namespace, edit.recorded(cidr.text())),
                    tx -> lookup.locked(tx, namespace, cidr).chain(current -> {
                        MetadataEdit.Result result = edit.applyTo("prefix " + cidr.text(), current.description(),
                                current.labels(), current.version());
                        return result.changed()
                                ? prefixes.update(tx, current.id(), result.description(), result.labels())
                                : Uni.createFrom().item(current);
                    }));
        });
    }

    /** Releases the child prefix held by the claim; NOT_FOUND when the claim holds none. */
    public Uni<PrefixRow> releaseChildByClaim(Caller caller, String claimText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Claim claim = arguments.requiredClaim(claimText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(RELEASE_CHILD_PREFIX_BY_CLAIM.call(caller, namespace, claim.text()),
                    tx -> lookup.claimed(tx, namespace, claim.text(), "prefix",
                            prefixes.findByClaim(tx, namespace, claim.text()), held -> releaseChild(tx, held)));
        });
    }

    /** The child prefix held by the claim, or null. */
    public Uni<PrefixRow> findByClaim(String claimText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Claim claim = arguments.claim(claimText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> prefixes.findByClaim(db, namespace, claim == null ? null : claim.text())
                    .call(found -> found == null ? lookup.requireNamespace(db, namespace) : Uni.createFrom().voidItem()));
        });
    }

    /**
     * A child of {@code length} where {@code strategy} puts it (best fit by default: the smallest free block that
     * holds it, lowest address on ties; its first block).
     */
    public Uni<PrefixRow> acquireChild(Caller caller, String parentText, String poolText, int length,
                                       String namespaceName, String description, String requestId,
                                       List<? extends Map.Entry<String, String>> labels, String claimText,
                                       ChildStrategy strategyGiven, boolean reserveEdges) {
        return Uni.createFrom().deferred(() -> {
            Arguments.Source source = arguments.source("parent", parentText, poolText);
            Cidr parentCidr = source.cidr();
            childLength(source, length);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            Labels given = arguments.labels("labels", labels);
            Claim claim = arguments.claim(claimText);
            ChildStrategy strategy = strategyGiven == null ? ChildStrategy.BEST_FIT : strategyGiven;
            Operation.Call<PrefixRow> call = ACQUIRE_CHILD_PREFIX.call(caller, namespace,
                    parentCidr == null ? null : parentCidr.text(), length, text, key, MetadataEdit.Recorded.labels(given),
                    claim == null ? null : claim.text(), recorded(strategy), source.pool(), recorded(reserveEdges));
            String fingerprint = RequestIds.fingerprint(source.fingerprint() + " " + length + " " + text
                    + fingerprinted(strategy) + edgesFingerprint(reserveEdges), given, claim);
            if (source.pool() != null) {
                String pool = source.pool();
                Function<SqlConnection, Uni<PrefixRow>> acquire = tx -> members.ofKind(tx, namespace, pool,
                        PoolKind.CHILD_PREFIX).chain(row -> requestIds.once(tx, call, key, fingerprint, () -> members.first(tx, row, length,
                                member -> prefixes.fit(tx, member, length, strategy).chain(block -> block.isEmpty()
                                        ? Uni.createFrom().<PrefixRow>nullItem()
                                        : carve(tx, member, block.get(), strategy.childIn(block.get(), length), text,
                                                given, claim, reserveEdges)),
                                () -> new NoPrefixAvailableException("no prefix found in pool " + pool + " with length:"
                                        + length))));
                return claimed(call, claim, namespace, key, fingerprint, acquire, (tx, held) -> held.cidr().length() != length
                        || held.parentId() == null ? Uni.createFrom().item(false)
                        : members.existing(tx, namespace, pool).chain(row -> prefixes.byIds(tx, List.of(held.parentId()))
                                .map(parents -> !parents.isEmpty() && PoolMembers.admits(row, parents.get(0)))));
            }
            if (key == null && given == null && claim == null && strategy == ChildStrategy.BEST_FIT && reserveEdges) {
                // concurrent requests for children of one parent share one transaction
                return childAcquisitions.submit(new PrefixKey(namespace, parentCidr), new PendingChild(call, length, text));
            }
            Function<SqlConnection, Uni<PrefixRow>> acquire = tx -> lookup.locked(tx, namespace, parentCidr)
                    .chain(parent -> requestIds.once(tx, call, key, fingerprint,
                            () -> withoutIps(parent)
                                    .chain(() -> prefixes.fit(tx, parent, length, strategy))
                                    .chain(block -> block.isPresent()
                                            ? carve(tx, parent, block.get(), strategy.childIn(block.get(), length), text,
                                                    given, claim, reserveEdges)
                                            : noBlock(tx, parent, length))));
            return claimed(call, claim, namespace, key, fingerprint, acquire, (tx, held) -> Uni.createFrom().item(
                    parentCidr.equals(held.parentCidr()) && held.cidr().length() == length));
        });
    }

    /**
     * {@code count} children of {@code length}, each where {@code strategy} puts it given the ones before it, in one
     * transaction: all of them or none (NO_PREFIX_AVAILABLE). Answered in allocation order.
     */
    public Uni<List<PrefixRow>> acquireChildren(Caller caller, String parentText, String poolText, int length, int count,
                                                String namespaceName, String description, String requestId,
                                                List<? extends Map.Entry<String, String>> labels,
                                                ChildStrategy strategyGiven) {
        return Uni.createFrom().deferred(() -> {
            Arguments.Source source = arguments.source("parent", parentText, poolText);
            Cidr parentCidr = source.cidr();
            childLength(source, length);
            int wanted = arguments.bulkCount("count", count, "child prefixes");
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            Labels given = arguments.labels("labels", labels);
            ChildStrategy strategy = strategyGiven == null ? ChildStrategy.BEST_FIT : strategyGiven;
            Operation.Call<List<PrefixRow>> call = ACQUIRE_CHILD_PREFIXES.call(caller, namespace,
                    parentCidr == null ? null : parentCidr.text(), length, wanted, text, key,
                    MetadataEdit.Recorded.labels(given), recorded(strategy), source.pool());
            String fingerprint = RequestIds.fingerprint(source.fingerprint() + " " + length + " " + wanted + " " + text
                    + fingerprinted(strategy), given, null);
            if (source.pool() != null) {
                String pool = source.pool();
                return transactions.write(call, tx -> members.ofKind(tx, namespace, pool, PoolKind.CHILD_PREFIX)
                        .chain(row -> requestIds.once(tx, call, key, fingerprint, () -> members.first(tx, row, length,
                                member -> carveMany(tx, member, length, wanted, strategy, text, orNone(given), true),
                                () -> new NoPrefixAvailableException("no member of pool " + pool + " has room for "
                                        + wanted + " prefixes of length " + length + "; none were acquired")))));
            }
            return transactions.write(call, tx -> lookup.locked(tx, namespace, parentCidr).chain(parent -> requestIds.once(
                    tx, call, key, fingerprint, () -> withoutIps(parent).chain(() -> carveMany(tx, parent, length, wanted,
                            strategy, text, orNone(given), false)))));
        });
    }

    /** The child length checked against the parent, or, for a pool, against the widest family. */
    private void childLength(Arguments.Source source, int length) {
        if (source.cidr() != null) {
            arguments.childLength(length, source.cidr());
        } else {
            arguments.poolChildLength(length);
        }
    }

    /** The strategy as an audit record keeps it: left out when it is the default. */
    static String recorded(ChildStrategy strategy) {
        return strategy == ChildStrategy.BEST_FIT ? null : strategy.name();
    }

    /** The strategy in a requestId's fingerprint: nothing for the default, so older keys still match. */
    private static String fingerprinted(ChildStrategy strategy) {
        return strategy == ChildStrategy.BEST_FIT ? "" : " " + strategy.name();
    }

    /**
     * {@code acquire} under {@code claim} (null: none): when the namespace's claim already holds a child that
     * {@code fits} the request, that child, with nothing allocated and no audit record; one that does not fit is
     * ALREADY_EXISTS. The parent's row lock (taken first by {@code acquire}'s caller) orders requests on one
     * parent; on different parents the unique index refuses the second and its retry finds the first.
     */
    private Uni<PrefixRow> claimed(Operation.Call<PrefixRow> call, Claim claim, String namespace, String key,
                                   String fingerprint, Function<SqlConnection, Uni<PrefixRow>> acquire,
                                   BiFunction<SqlConnection, PrefixRow, Uni<Boolean>> fits) {
        if (claim == null) {
            return transactions.write(call, acquire);
        }
        return transactions.writeIfChanged(call, tx -> prefixes.findByClaim(tx, namespace, claim.text()).chain(held -> held == null
                ? acquire.apply(tx).map(row -> new Transactions.Outcome<>(row, true))
                : fits.apply(tx, held).chain(fit -> {
                    if (!fit) {
                        return Uni.createFrom().failure(new AlreadyExistsException("claim " + claim.text()
                                + " already holds " + held.cidr().text() + " in namespace " + namespace));
                    }
                    return requestIds.refuseReuse(tx, call, key, fingerprint)
                            .replaceWith(new Transactions.Outcome<>(held, false));
                })));
    }

    public Uni<PrefixRow> acquireSpecificChild(Caller caller, String parentText, String cidrText, String namespaceName,
                                               String description, String requestId,
                                               List<? extends Map.Entry<String, String>> labels, String claimText,
                                               boolean reserveEdges) {
        return Uni.createFrom().deferred(() -> {
            Cidr parentCidr = arguments.cidr("parent", parentText);
            Cidr child = arguments.childCidr(cidrText, parentCidr);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            Labels given = arguments.labels("labels", labels);
            Claim claim = arguments.claim(claimText);
            Operation.Call<PrefixRow> call = ACQUIRE_SPECIFIC_CHILD_PREFIX.call(caller, namespace, parentCidr.text(),
                    child.text(), text, key, MetadataEdit.Recorded.labels(given), claim == null ? null : claim.text(),
                    recorded(reserveEdges));
            String fingerprint = RequestIds.fingerprint(parentCidr.text() + " " + child.text() + " " + text
                    + edgesFingerprint(reserveEdges), given, claim);
            return claimed(call, claim, namespace, key, fingerprint, tx -> lookup.locked(tx, namespace, parentCidr)
                    .chain(parent -> requestIds.once(tx, call, key, fingerprint, () -> withoutIps(parent)
                            .chain(() -> prefixes.freeBlockHolding(tx, parent.id(), child))
                            .chain(block -> block.isPresent()
                                    ? carve(tx, parent, block.get(), child, text, given, claim, reserveEdges)
                                    : Uni.createFrom().failure(new AlreadyAllocatedException("prefix " + child.text()
                                            + " is not free in " + parent.cidr().text()))))),
                    (tx, held) -> Uni.createFrom().item(held.cidr().equals(child)));
        });
    }

    /** The prefix, or null; NOT_FOUND when the namespace does not exist. */
    public Uni<PrefixRow> find(String cidrText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> prefixes.find(db, namespace, cidr)
                    .call(found -> found == null ? lookup.requireNamespace(db, namespace) : Uni.createFrom().voidItem()));
        });
    }

    public Uni<Page<PrefixRow>> search(String namespaceName, String within, String contains, IPFamily family,
                                       Integer first, String after, String selectorText) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(namespaceName);
            Cidr withinCidr = within == null ? null : arguments.cidr("within", within);
            Address containsAddress = contains == null ? null : arguments.address("contains", contains);
            int limit = arguments.first(first);
            Cidr afterCidr = Cursors.cidrAfter(after);
            Selector selector = arguments.selector(selectorText);
            PrefixFilter filter = new PrefixFilter(namespace, withinCidr, containsAddress, family, selector, false);
            return transactions.read(db -> lookup.requireNamespace(db, namespace)
                    .chain(() -> prefixes.page(db, filter, afterCidr, limit + 1))
                    .chain(rows -> prefixes.count(db, filter).map(total -> Page.of(rows, limit, total))));
        });
    }

    /** Root prefixes of each namespace, one page each, in one pair of statements. */
    public Uni<List<Page<PrefixRow>>> rootPages(List<String> namespaces, Integer first, String after,
                                                String selectorText) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            Cidr afterCidr = Cursors.cidrAfter(after);
            Selector selector = arguments.selector(selectorText);
            return transactions.read(db -> prefixes.rootPages(db, namespaces, selector, afterCidr, limit + 1)
                    .chain(rows -> prefixes.rootCounts(db, namespaces, selector).map(counts -> namespaces.stream().map(name -> {
                        List<PrefixRow> own = rows.stream().filter(r -> r.namespace().equals(name))
                                .sorted((a, b) -> a.cidr().compareTo(b.cidr())).toList();
                        return Page.of(own, limit, counts.getOrDefault(name, 0));
                    }).toList())));
        });
    }

    /** Every (candidate, existing) pair whose ranges intersect, in candidate then existing order. Pure. */
    public List<List<Cidr>> overlapping(List<String> existing, List<String> candidates) {
        if (existing.size() > MAX_OVERLAP_INPUT || candidates.size() > MAX_OVERLAP_INPUT) {
            throw new InvalidArgumentException("prefixesOverlapping takes at most " + MAX_OVERLAP_INPUT
                    + " existing and " + MAX_OVERLAP_INPUT + " candidate CIDRs, not " + existing.size() + " and "
                    + candidates.size());
        }
        List<Cidr> known = existing.stream().map(text -> arguments.cidr("existing", text)).toList();
        List<Cidr> wanted = candidates.stream().map(text -> arguments.cidr("candidates", text)).toList();
        List<List<Cidr>> pairs = new ArrayList<>();
        for (Cidr candidate : wanted) {
            for (Cidr other : known) {
                if (candidate.overlaps(other)) {
                    if (pairs.size() == MAX_OVERLAP_PAIRS) {
                        throw new InvalidArgumentException("more than " + MAX_OVERLAP_PAIRS
                                + " overlapping pairs; compare smaller lists");
                    }
                    pairs.add(List.of(candidate, other));
                }
            }
        }
        return pairs;
    }

    public Uni<List<PrefixRow>> byIds(List<Long> ids) {
        return transactions.read(db -> prefixes.byIds(db, ids));
    }

    public Uni<List<PrefixRow>> childrenOf(List<Long> parentIds) {
        return transactions.read(db -> prefixes.childrenOf(db, parentIds));
    }

    // ---- steps inside a transaction

    /**
     * Carves {@code count} children from the first {@code count} free blocks in the strategy's order: each child
     * takes at most one block the others did not, so the blocks after those never come into play.
     */
    private Uni<List<PrefixRow>> carveMany(SqlConnection tx, PrefixRow parent, int length, int count,
                                           ChildStrategy strategy, String description, Labels labels, boolean orNull) {
        return prefixes.fitting(tx, parent, length, strategy, count).chain(blocks -> {
            ChildCarving.Carved carved = ChildCarving.carve(blocks, Collections.nCopies(count, length), strategy);
            List<Cidr> children = carved.children();
            if (children.size() < count) {
                return orNull ? Uni.createFrom().nullItem() : Uni.createFrom().failure(new NoPrefixAvailableException("prefix " + parent.cidr().text()
                        + " has room for " + children.size() + " prefixes of length " + length + ", fewer than the "
                        + count + " asked for; none were acquired"));
            }
            return prefixes.replaceFreeBlocks(tx, parent.id(), carved.taken(), carved.added())
                    .chain(() -> prefixes.insertAll(tx, parent.namespace(), parent, children,
                            Collections.nCopies(count, description), labels))
                    .call(() -> prefixes.addToCounts(tx, parent.id(), 0, count));
        });
    }

    private Uni<PrefixRow> carve(SqlConnection tx, PrefixRow parent, Cidr block, Cidr child, String description,
                                 Labels labels, Claim claim, boolean reserveEdges) {
        return carveOnly(tx, parent, block, child, description, labels, claim, reserveEdges)
                .call(() -> prefixes.addToCounts(tx, parent.id(), 0, 1));
    }

    /** Takes {@code child} out of the free {@code block} and inserts it; the parent's counts are the caller's. */
    private Uni<PrefixRow> carveOnly(SqlConnection tx, PrefixRow parent, Cidr block, Cidr child, String description,
                                     Labels labels, Claim claim, boolean reserveEdges) {
        return prefixes.replaceFreeBlocks(tx, parent.id(), List.of(block), block.minus(child))
                .chain(() -> prefixes.insert(tx, parent.namespace(), child, parent, description, orNone(labels),
                        claim == null ? null : claim.text(), reserveEdges));
    }

    static Labels orNone(Labels labels) {
        return labels == null ? Labels.NONE : labels;
    }

    /** reserveEdges as the audit record keeps it: only when it is not the default. */
    private static Boolean recorded(boolean reserveEdges) {
        return reserveEdges ? null : Boolean.FALSE;
    }

    private static String edgesFingerprint(boolean reserveEdges) {
        return reserveEdges ? "" : " every-address";
    }

    /**
     * One batch of child requests on one parent, in one transaction: each in arrival order gets its best
     * fit, or NO_PREFIX_AVAILABLE alone; each success gets its own audit record.
     */
    private Uni<List<Coalescer.Outcome<PrefixRow>>> acquireChildren(PrefixKey key, List<PendingChild> batch) {
        return transactions.writePipelined(tx -> lookup.locked(tx, key.namespace(), key.cidr()).call(PrefixService::withoutIps)
                .chain(parent -> prefixes.freeBlocks(tx, parent.id(), carvedInMemory + 1)
                        .chain(free -> free.size() > carvedInMemory
                                ? oneByOne(tx, parent, batch)
                                : carveAll(tx, parent, batch, free))
                        .chain(outcomes -> Transactions.commit(tx, record(tx, parent, batch, outcomes), outcomes))));
    }

    /**
     * The batch's best fits worked out on the parent's free blocks in memory (the same choice, in the same
     * order, as {@link PrefixStore#bestFit} request by request), then written in three statements: the free
     * blocks that changed, and all the children with their own free space.
     */
    private Uni<List<Coalescer.Outcome<PrefixRow>>> carveAll(SqlConnection tx, PrefixRow parent,
                                                             List<PendingChild> batch, List<Cidr> free) {
        ChildCarving.Carved carved = ChildCarving.carve(free, batch.stream().map(PendingChild::length).toList());
        List<Cidr> children = carved.children();
        List<String> descriptions = IntStream.range(0, batch.size()).filter(i -> carved.choices().get(i).fits())
                .mapToObj(i -> batch.get(i).description()).toList();
        Uni<Void> blocks = carved.taken().isEmpty() && carved.added().isEmpty() ? Uni.createFrom().voidItem()
                : prefixes.replaceFreeBlocks(tx, parent.id(), carved.taken(), carved.added());
        return blocks.chain(() -> children.isEmpty() ? Uni.createFrom().item(List.<PrefixRow>of())
                        : prefixes.insertAll(tx, parent.namespace(), parent, children, descriptions))
                .map(rows -> {
                    List<Coalescer.Outcome<PrefixRow>> outcomes = new ArrayList<>(batch.size());
                    int next = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        ChildCarving.Choice choice = carved.choices().get(i);
                        outcomes.add(choice.fits() ? Coalescer.Outcome.of(rows.get(next++)) : Coalescer.Outcome.failed(
                                new NoPrefixAvailableException(noBlockMessage(parent, batch.get(i).length(), choice.freeBlocks()))));
                    }
                    return outcomes;
                });
    }

    /** The batch request by request, for a parent whose free space is too fragmented to read at once. */
    private Uni<List<Coalescer.Outcome<PrefixRow>>> oneByOne(SqlConnection tx, PrefixRow parent, List<PendingChild> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(pending -> prefixes.fit(tx, parent, pending.length(), ChildStrategy.BEST_FIT)
                        .chain(block -> block.isPresent()
                                ? carveOnly(tx, parent, block.get(), block.get().firstSubnet(pending.length()),
                                        pending.description(), Labels.NONE, null, true)
                                : noBlock(tx, parent, pending.length()))
                        .map(Coalescer.Outcome::of)
                        .onFailure(NoPrefixAvailableException.class).recoverWithItem(Coalescer.Outcome::failed))
                .collect().asList();
    }

    /** The writes that count the batch's children in the parent and record them in the audit log. */
    private List<Uni<?>> record(SqlConnection tx, PrefixRow parent, List<PendingChild> batch,
                                List<Coalescer.Outcome<PrefixRow>> outcomes) {
        List<AuditStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i).failure() == null) {
                entries.add(batch.get(i).call().record(outcomes.get(i).value()));
            }
        }
        return entries.isEmpty() ? List.of()
                : List.of(prefixes.addToCounts(tx, parent.id(), 0, entries.size()), audit.append(tx, entries));
    }

    private Uni<PrefixRow> noBlock(SqlConnection tx, PrefixRow parent, int length) {
        return prefixes.freeBlocks(tx, parent.id()).chain(free -> Uni.createFrom().failure(
                new NoPrefixAvailableException(noBlockMessage(parent, length, free))));
    }

    /** Why no child of {@code length} fits, naming the free blocks (ascending) that remain. */
    private static String noBlockMessage(PrefixRow parent, int length, List<Cidr> free) {
        String message = "no prefix found in " + parent.cidr().text() + " with length:" + length;
        if (!free.isEmpty()) {
            message += ", but " + free.stream().map(Cidr::text).collect(Collectors.joining(",")) + " are available";
        }
        return message;
    }

    /** Frees the child's block in its parent (merging buddies) and deletes the child, in the caller's transaction. */
    private Uni<PrefixRow> releaseChild(SqlConnection tx, PrefixRow found) {
        return prefixes.lock(tx, found.parentId()).chain(parent -> lockedAgain(tx, found).chain(child -> {
            List<Cidr> buddies = new ArrayList<>();
            Cidr level = child.cidr();
            while (level.length() > parent.cidr().length()) {
                buddies.add(level.buddy());
                level = level.supernet(level.length() - 1);
            }
            return deleteEmpty(tx, child)
                    .call(() -> prefixes.freeAmong(tx, parent.id(), buddies).chain(free -> {
                        Set<Cidr> freeSet = new HashSet<>(free);
                        List<Cidr> merged = new ArrayList<>();
                        Cidr block = child.cidr();
                        for (Cidr buddy : buddies) {
                            if (!freeSet.contains(buddy)) {
                                break;
                            }
                            merged.add(buddy);
                            block = block.supernet(block.length() - 1);
                        }
                        return prefixes.replaceFreeBlocks(tx, parent.id(), merged, List.of(block));
                    }))
                    .call(() -> prefixes.addToCounts(tx, parent.id(), 0, -1));
        }));
    }

    /** The row re-read under a lock; NOT_FOUND when a concurrent transaction deleted it meanwhile. */
    private Uni<PrefixRow> lockedAgain(SqlConnection tx, PrefixRow found) {
        return prefixes.lock(tx, found.id()).chain(locked -> locked == null
                ? lookup.<PrefixRow>notFound(tx, found.namespace(), found.cidr())
                : Uni.createFrom().item(locked));
    }

    private Uni<PrefixRow> deleteEmpty(SqlConnection tx, PrefixRow prefix) {
        if (prefix.hasIps()) {
            return Uni.createFrom().failure(new HasIpsException("prefix " + prefix.cidr().text() + " has "
                    + prefix.ipCount() + " acquired IPs; release them first"));
        }
        if (prefix.hasChildren()) {
            return Uni.createFrom().failure(new HasChildrenException("prefix " + prefix.cidr().text() + " has "
                    + prefix.childCount() + " child prefixes; release them first"));
        }
        return prefixes.delete(tx, prefix.id()).replaceWith(prefix.removed());
    }

    private static Uni<Void> withoutIps(PrefixRow parent) {
        if (parent.hasIps()) {
            return Uni.createFrom().failure(new HasIpsException("prefix " + parent.cidr().text() + " has "
                    + parent.ipCount() + " acquired IPs and cannot hold child prefixes"));
        }
        return parent.hasReservedRanges()
                ? Uni.createFrom().failure(new HasIpsException("prefix " + parent.cidr().text() + " has "
                        + parent.rangeCount() + " reserved ranges and cannot hold child prefixes; unreserve them first"))
                : Uni.createFrom().voidItem();
    }
}

package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.HasIpsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NoPrefixAvailableException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.service.error.OverlapException;
import dev.ipamql.store.PrefixFilter;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import dev.ipamql.service.Transactions.Audit;
import dev.ipamql.store.AuditStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    private final AuditStore audit;
    /** Up to this many free blocks, a batch of children is carved in memory from one read of them. */
    private final int carvedInMemory;
    private final Coalescer<ParentKey, PendingChild, PrefixRow> childAcquisitions;

    /** A parent prefix as requests name it. */
    record ParentKey(String namespace, Cidr cidr) {
    }

    /** A request for a child of some length, waiting to join a batch. */
    record PendingChild(Caller caller, int length, String description, JsonObject arguments) {
    }

    public PrefixService(Transactions transactions, PrefixStore prefixes, Arguments arguments, RequestIds requestIds,
                         AuditStore audit, IpamConfig config, MeterRegistry registry) {
        this.transactions = transactions;
        this.prefixes = prefixes;
        this.arguments = arguments;
        this.requestIds = requestIds;
        this.audit = audit;
        this.carvedInMemory = config.maxFreeBlocksCarvedInMemory();
        this.childAcquisitions = new Coalescer<>(registry, "ipamql.acquire.child.prefix",
                "acquireChildPrefix requests on one parent", config.maxBulkCount(), this::acquireChildren);
    }

    public Uni<PrefixRow> create(Caller caller, String cidrText, String namespaceName, String description) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            JsonObject args = new JsonObject().put("cidr", cidr.text()).put("description", text);
            return transactions.write(new Audit<>(caller, namespace, "createPrefix", args, StoredResults::prefix),
                    // one statement when it succeeds; why it was refused is looked up only when it was
                    tx -> prefixes.insertRootIfFree(tx, namespace, cidr, text).chain(row -> row != null
                            ? Uni.createFrom().item(row)
                            : requireNamespace(tx, namespace)
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
            return transactions.write(new Audit<>(caller, namespace, "deletePrefix", new JsonObject().put("cidr", cidr.text()),
                    StoredResults::prefix), tx -> existing(tx, namespace, cidr).chain(prefix -> prefix.isRoot()
                    ? lockedAgain(tx, prefix).chain(locked -> deleteEmpty(tx, locked))
                    : releaseChild(tx, prefix)));
        });
    }

    public Uni<PrefixRow> releaseChild(Caller caller, String cidrText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(new Audit<>(caller, namespace, "releaseChildPrefix",
                    new JsonObject().put("cidr", cidr.text()), StoredResults::prefix), tx -> existing(tx, namespace, cidr).chain(prefix -> {
                if (prefix.isRoot()) {
                    return Uni.createFrom().failure(new InvalidArgumentException(cidr.text() + " is not a child prefix"));
                }
                return releaseChild(tx, prefix);
            }));
        });
    }

    /** Best fit: the smallest free block that holds {@code length}, lowest address on ties; its first block. */
    public Uni<PrefixRow> acquireChild(Caller caller, String parentText, int length, String namespaceName,
                                       String description, String requestId) {
        return Uni.createFrom().deferred(() -> {
            Cidr parentCidr = arguments.cidr("parent", parentText);
            arguments.childLength(length, parentCidr);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            JsonObject args = new JsonObject().put("parent", parentCidr.text()).put("length", length)
                    .put("description", text).put("requestId", key);
            if (key == null) {
                // concurrent requests for children of one parent share one transaction
                return childAcquisitions.submit(new ParentKey(namespace, parentCidr),
                        new PendingChild(caller, length, text, args));
            }
            return transactions.write(new Audit<>(caller, namespace, "acquireChildPrefix", args, StoredResults::prefix),
                    tx -> lockedParent(tx, namespace, parentCidr).chain(parent -> requestIds.once(
                    tx, namespace, key, "acquireChildPrefix", parentCidr.text() + " " + length + " " + text,
                    StoredResults::prefix, StoredResults::prefix,
                    () -> withoutIps(parent).chain(() -> prefixes.bestFit(tx, parent.id(), length)).chain(block -> block.isPresent()
                            ? carve(tx, parent, block.get(), block.get().firstSubnet(length), text)
                            : noBlock(tx, parent, length)))));
        });
    }

    public Uni<PrefixRow> acquireSpecificChild(Caller caller, String parentText, String cidrText, String namespaceName,
                                               String description, String requestId) {
        return Uni.createFrom().deferred(() -> {
            Cidr parentCidr = arguments.cidr("parent", parentText);
            Cidr child = arguments.childCidr(cidrText, parentCidr);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            String key = requestIds.validate(requestId);
            JsonObject args = new JsonObject().put("parent", parentCidr.text()).put("cidr", child.text())
                    .put("description", text).put("requestId", key);
            return transactions.write(new Audit<>(caller, namespace, "acquireSpecificChildPrefix", args,
                    StoredResults::prefix), tx -> lockedParent(tx, namespace, parentCidr).chain(parent -> requestIds.once(
                    tx, namespace, key, "acquireSpecificChildPrefix", parentCidr.text() + " " + child.text() + " " + text,
                    StoredResults::prefix, StoredResults::prefix,
                    () -> withoutIps(parent).chain(() -> prefixes.freeBlockHolding(tx, parent.id(), child)).chain(block -> block.isPresent()
                            ? carve(tx, parent, block.get(), child, text)
                            : Uni.createFrom().failure(new AlreadyAllocatedException("prefix " + child.text()
                                    + " is not free in " + parent.cidr().text()))))));
        });
    }

    /** The prefix, or null; NOT_FOUND when the namespace does not exist. */
    public Uni<PrefixRow> find(String cidrText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            Cidr cidr = arguments.cidr("cidr", cidrText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> prefixes.find(db, namespace, cidr)
                    .call(found -> found == null ? requireNamespace(db, namespace) : Uni.createFrom().voidItem()));
        });
    }

    public Uni<Page<PrefixRow>> search(String namespaceName, String within, String contains, IPFamily family,
                                       Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(namespaceName);
            Cidr withinCidr = within == null ? null : arguments.cidr("within", within);
            Address containsAddress = contains == null ? null : arguments.address("contains", contains);
            int limit = arguments.first(first);
            Cidr afterCidr = Cursors.cidrAfter(after);
            PrefixFilter filter = new PrefixFilter(namespace, false, withinCidr, containsAddress, family);
            return transactions.read(db -> requireNamespace(db, namespace)
                    .chain(() -> prefixes.page(db, filter, afterCidr, limit + 1))
                    .chain(rows -> prefixes.count(db, filter).map(total -> page(rows, limit, total))));
        });
    }

    /** Root prefixes of each namespace, one page each, in one pair of statements. */
    public Uni<List<Page<PrefixRow>>> rootPages(List<String> namespaces, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            Cidr afterCidr = Cursors.cidrAfter(after);
            return transactions.read(db -> prefixes.rootPages(db, namespaces, afterCidr, limit + 1)
                    .chain(rows -> prefixes.rootCounts(db, namespaces).map(counts -> namespaces.stream().map(name -> {
                        List<PrefixRow> own = rows.stream().filter(r -> r.namespace().equals(name))
                                .sorted((a, b) -> a.cidr().compareTo(b.cidr())).toList();
                        int total = counts.stream().filter(c -> c.getString("namespace").equals(name))
                                .mapToInt(c -> c.getLong("n").intValue()).findFirst().orElse(0);
                        return page(own, limit, total);
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

    private Uni<PrefixRow> carve(SqlConnection tx, PrefixRow parent, Cidr block, Cidr child, String description) {
        return carveOnly(tx, parent, block, child, description)
                .call(() -> prefixes.addToCounts(tx, parent.id(), 0, 1));
    }

    /** Takes {@code child} out of the free {@code block} and inserts it; the parent's counts are the caller's. */
    private Uni<PrefixRow> carveOnly(SqlConnection tx, PrefixRow parent, Cidr block, Cidr child, String description) {
        return prefixes.replaceFreeBlocks(tx, parent.id(), List.of(block), block.minus(child))
                .chain(() -> prefixes.insert(tx, parent.namespace(), child, parent, description));
    }

    /**
     * One batch of child requests on one parent, in one transaction: each in arrival order gets its best
     * fit, or NO_PREFIX_AVAILABLE alone; each success gets its own audit record.
     */
    private Uni<List<Coalescer.Outcome<PrefixRow>>> acquireChildren(ParentKey key, List<PendingChild> batch) {
        return transactions.writePipelined(tx -> lockedParent(tx, key.namespace(), key.cidr()).call(PrefixService::withoutIps)
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
                                                             List<PendingChild> batch, List<Cidr> before) {
        TreeSet<Cidr> free = new TreeSet<>(before);
        List<Cidr> children = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        List<NoPrefixAvailableException> refusals = new ArrayList<>(batch.size()); // null: gets the next child
        for (PendingChild pending : batch) {
            Cidr best = null;
            for (Cidr block : free) {
                if (block.length() <= pending.length() && (best == null || block.length() > best.length())) {
                    best = block;
                }
            }
            if (best == null) {
                refusals.add(new NoPrefixAvailableException(noBlockMessage(parent, pending.length(), List.copyOf(free))));
                continue;
            }
            Cidr child = best.firstSubnet(pending.length());
            free.remove(best);
            free.addAll(best.minus(child));
            children.add(child);
            descriptions.add(pending.description());
            refusals.add(null);
        }
        Set<Cidr> was = new HashSet<>(before);
        List<Cidr> taken = before.stream().filter(block -> !free.contains(block)).toList();
        List<Cidr> left = free.stream().filter(block -> !was.contains(block)).toList();
        Uni<Void> blocks = taken.isEmpty() && left.isEmpty() ? Uni.createFrom().voidItem()
                : prefixes.replaceFreeBlocks(tx, parent.id(), taken, left);
        return blocks.chain(() -> children.isEmpty() ? Uni.createFrom().item(List.<PrefixRow>of())
                        : prefixes.insertAll(tx, parent.namespace(), parent, children, descriptions))
                .map(rows -> {
                    List<Coalescer.Outcome<PrefixRow>> outcomes = new ArrayList<>(refusals.size());
                    int next = 0;
                    for (NoPrefixAvailableException refused : refusals) {
                        outcomes.add(refused != null ? Coalescer.Outcome.failed(refused) : Coalescer.Outcome.of(rows.get(next++)));
                    }
                    return outcomes;
                });
    }

    /** The batch request by request, for a parent whose free space is too fragmented to read at once. */
    private Uni<List<Coalescer.Outcome<PrefixRow>>> oneByOne(SqlConnection tx, PrefixRow parent, List<PendingChild> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(pending -> prefixes.bestFit(tx, parent.id(), pending.length())
                        .chain(block -> block.isPresent()
                                ? carveOnly(tx, parent, block.get(), block.get().firstSubnet(pending.length()),
                                        pending.description())
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
                entries.add(new AuditStore.Entry(batch.get(i).caller().subject(), parent.namespace(), "acquireChildPrefix",
                        batch.get(i).arguments().encode(), StoredResults.prefix(outcomes.get(i).value())));
            }
        }
        return entries.isEmpty() ? List.of()
                : List.of(prefixes.addToCounts(tx, parent.id(), 0, entries.size()), audit.appendAll(tx, entries));
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
                ? notFound(tx, found.namespace(), found.cidr())
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

    private Uni<PrefixRow> lockedParent(SqlConnection tx, String namespace, Cidr cidr) {
        return prefixes.lock(tx, namespace, cidr)
                .chain(parent -> parent == null ? notFound(tx, namespace, cidr) : Uni.createFrom().item(parent));
    }

    private static Uni<Void> withoutIps(PrefixRow parent) {
        return parent.hasIps()
                ? Uni.createFrom().failure(new HasIpsException("prefix " + parent.cidr().text() + " has "
                        + parent.ipCount() + " acquired IPs and cannot hold child prefixes"))
                : Uni.createFrom().voidItem();
    }

    private Uni<PrefixRow> existing(SqlClient db, String namespace, Cidr cidr) {
        return prefixes.find(db, namespace, cidr)
                .chain(found -> found == null ? notFound(db, namespace, cidr) : Uni.createFrom().item(found));
    }

    /** NOT_FOUND for the prefix, or for its namespace when that is what is missing. */
    static <T> Uni<T> notFound(SqlClient db, String namespace, Cidr cidr) {
        return requireNamespace(db, namespace).chain(() -> Uni.createFrom().failure(new NotFoundException(
                "prefix " + cidr.text() + " not found in namespace " + namespace)));
    }

    static Uni<Void> requireNamespace(SqlClient db, String namespace) {
        return PrefixStore.namespaceExists(db, namespace).chain(exists -> exists
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(NamespaceService.missing(namespace)));
    }

    static <T> Page<T> page(List<T> rows, int limit, int total) {
        boolean more = rows.size() > limit;
        return new Page<>(more ? rows.subList(0, limit) : rows, more, total);
    }

}

package dev.ipamql.service;

import static dev.ipamql.service.Operation.CREATE_POOL;
import static dev.ipamql.service.Operation.DELETE_POOL;
import static dev.ipamql.service.Operation.UPDATE_POOL;

import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.store.PoolKind;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PoolStore;
import dev.ipamql.store.PrefixFilter;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Pools: named label selectors over a namespace's prefixes, and what their members hold. */
@ApplicationScoped
public class PoolService {

    private final Transactions transactions;
    private final PoolStore pools;
    private final PrefixStore prefixes;
    private final PoolMembers members;
    private final PrefixLookup lookup;
    private final UsageService usages;
    private final Arguments arguments;

    public PoolService(Transactions transactions, PoolStore pools, PrefixStore prefixes, PoolMembers members,
                       PrefixLookup lookup, UsageService usages, Arguments arguments) {
        this.transactions = transactions;
        this.pools = pools;
        this.prefixes = prefixes;
        this.members = members;
        this.lookup = lookup;
        this.usages = usages;
        this.arguments = arguments;
    }

    /** A new pool; ALREADY_EXISTS when the namespace has one of that name. The selector is kept canonical. */
    public Uni<PoolRow> create(Caller caller, String nameText, PoolKind kind, String selectorText, String namespaceName,
                               String description, List<? extends Map.Entry<String, String>> labels) {
        return Uni.createFrom().deferred(() -> {
            String name = arguments.pool(nameText);
            if (kind == null) {
                throw new InvalidArgumentException("kind is missing: IP or CHILD_PREFIX");
            }
            String selector = selector(selectorText);
            String namespace = arguments.namespace(namespaceName);
            String text = arguments.description(description);
            Labels given = arguments.labels("labels", labels);
            return transactions.write(CREATE_POOL.call(caller, namespace, name, kind.name(), selector, text,
                            MetadataEdit.Recorded.labels(given)),
                    tx -> pools.insert(tx, namespace, name, kind, selector, text, PrefixService.orNone(given))
                            .chain(row -> row != null ? Uni.createFrom().item(row)
                                    : lookup.requireNamespace(tx, namespace).chain(() -> Uni.createFrom().failure(
                                            new AlreadyExistsException("pool " + name + " already exists in namespace "
                                                    + namespace)))));
        });
    }

    /** Changes only what is given, under the pool's row lock, as one more version. */
    public Uni<PoolRow> update(Caller caller, String nameText, String namespaceName, String selectorText,
                               String description, List<? extends Map.Entry<String, String>> labels, Integer ifVersion) {
        return Uni.createFrom().deferred(() -> {
            String name = arguments.pool(nameText);
            String namespace = arguments.namespace(namespaceName);
            String selector = selectorText == null ? null : selector(selectorText);
            MetadataEdit edit = new MetadataEdit.Given(description, labels, null, null, ifVersion).validated(arguments);
            return transactions.write(UPDATE_POOL.call(caller, namespace, name, selector, edit.description(),
                            MetadataEdit.Recorded.labels(edit.labels()), ifVersion),
                    tx -> pools.lock(tx, namespace, name)
                            .chain(current -> current != null ? Uni.createFrom().item(current) : members.existing(tx, namespace, name))
                            .chain(current -> {
                                MetadataEdit.Result result = edit.applyTo("pool " + name, current.description(),
                                        current.labels(), current.version());
                                String newSelector = selector == null ? current.selector() : selector;
                                return result.changed() || !Objects.equals(newSelector, current.selector())
                                        ? pools.update(tx, current, newSelector, result.description(), result.labels())
                                        : Uni.createFrom().item(current);
                            }));
        });
    }

    public Uni<PoolRow> delete(Caller caller, String nameText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            String name = arguments.pool(nameText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.write(DELETE_POOL.call(caller, namespace, name), tx -> pools.delete(tx, namespace, name)
                    .chain(deleted -> deleted != null ? Uni.createFrom().item(deleted) : members.existing(tx, namespace, name)));
        });
    }

    /** The pools of the namespace, by name; NOT_FOUND when the namespace does not exist. */
    public Uni<List<PoolRow>> list(String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> lookup.requireNamespace(db, namespace).chain(() -> pools.list(db, namespace)));
        });
    }

    /** The pool, or null; NOT_FOUND when the namespace does not exist. */
    public Uni<PoolRow> find(String nameText, String namespaceName) {
        return Uni.createFrom().deferred(() -> {
            String name = arguments.pool(nameText);
            String namespace = arguments.namespace(namespaceName);
            return transactions.read(db -> pools.find(db, namespace, name)
                    .call(found -> found == null ? lookup.requireNamespace(db, namespace) : Uni.createFrom().voidItem()));
        });
    }

    /** One page of the pool's members now, in address order (the order allocations try them). */
    public Uni<Page<PrefixRow>> members(PoolRow pool, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            Cidr afterCidr = Cursors.cidrAfter(after);
            PrefixFilter filter = memberFilter(pool);
            return transactions.read(db -> prefixes.page(db, filter, afterCidr, limit + 1)
                    .chain(rows -> prefixes.count(db, filter).map(total -> Page.of(rows, limit, total))));
        });
    }

    /** The members' usage summed; utilization is the members' taken space over their size. */
    public Uni<PoolUsage> usage(PoolRow pool) {
        return transactions.read(db -> prefixes.page(db, memberFilter(pool), null, Integer.MAX_VALUE))
                .chain(rows -> usages.usages(rows).map(list -> {
                    BigInteger size = BigInteger.ZERO;
                    BigInteger acquired = BigInteger.ZERO;
                    BigInteger free = BigInteger.ZERO;
                    BigInteger reserved = BigInteger.ZERO;
                    BigInteger smallest = BigInteger.ZERO;
                    BigDecimal taken = BigDecimal.ZERO;
                    int children = 0;
                    for (Usage usage : list) {
                        size = size.add(usage.size());
                        acquired = acquired.add(usage.acquiredIPs());
                        free = free.add(usage.freeIPs());
                        reserved = reserved.add(usage.reservedIPs());
                        smallest = smallest.add(usage.availableSmallestPrefixes());
                        children += usage.acquiredPrefixes();
                        taken = taken.add(new BigDecimal(usage.size()).multiply(BigDecimal.valueOf(usage.utilization())));
                    }
                    double utilization = size.signum() == 0 ? 0
                            : taken.divide(new BigDecimal(size), MathContext.DECIMAL64).doubleValue();
                    return new PoolUsage(rows.stream().map(PrefixRow::id).toList(),
                            new Usage(0, size, acquired, free, reserved, children, smallest, utilization));
                }));
    }

    /** A pool's summed usage, and the members it sums (for their free blocks). */
    public record PoolUsage(List<Long> memberIds, Usage usage) {
    }

    private static PrefixFilter memberFilter(PoolRow pool) {
        return PrefixFilter.members(pool.namespace(), pool.kind(), Selector.parse(pool.selector()));
    }

    private String selector(String text) {
        if (text == null) {
            throw new InvalidArgumentException("selector is missing");
        }
        return arguments.selector(text).toString();
    }
}

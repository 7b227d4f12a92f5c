package dev.ipamql.service;

import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Selector;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.IpamException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.PoolKind;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PoolStore;
import dev.ipamql.store.PrefixFilter;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds pools, and the member of a pool that serves an allocation: members are tried in address order, each
 * found by one query among those with room, then locked and checked again; one that cannot serve after all is
 * passed over inside the same transaction.
 */
@ApplicationScoped
public class PoolMembers {

    private final PoolStore pools;
    private final PrefixStore prefixes;
    private final PrefixLookup lookup;

    public PoolMembers(PoolStore pools, PrefixStore prefixes, PrefixLookup lookup) {
        this.pools = pools;
        this.prefixes = prefixes;
        this.lookup = lookup;
    }

    /** The pool; NOT_FOUND naming it or its namespace when either does not exist. */
    Uni<PoolRow> existing(SqlClient db, String namespace, String name) {
        return pools.find(db, namespace, name).chain(found -> found != null ? Uni.createFrom().item(found)
                : lookup.requireNamespace(db, namespace).chain(() -> Uni.createFrom().failure(missing(namespace, name))));
    }

    static NotFoundException missing(String namespace, String name) {
        return new NotFoundException("pool " + name + " not found in namespace " + namespace);
    }

    /** The pool, which must hand out {@code kind}: INVALID_ARGUMENT otherwise. */
    Uni<PoolRow> ofKind(SqlClient db, String namespace, String name, PoolKind kind) {
        return existing(db, namespace, name).invoke(pool -> {
            if (pool.kind() != kind) {
                throw new InvalidArgumentException("pool " + name + " hands out " + (pool.kind() == PoolKind.IP
                        ? "IPs" : "child prefixes") + ", not " + (kind == PoolKind.IP ? "IPs" : "child prefixes"));
            }
        });
    }

    /** Whether the prefix is a member of the pool now: it matches the selector and may serve the pool's kind. */
    static boolean admits(PoolRow pool, PrefixRow prefix) {
        return prefix.namespace().equals(pool.namespace()) && pool.kind().admits(prefix)
                && Selector.parse(pool.selector()).matches(prefix.labels());
    }

    /**
     * What {@code attempt} makes of the first member, in address order, that serves it; {@code attempt} gets the
     * member locked and answers null, having written nothing, when it cannot serve after all. {@code childLength}
     * (0 for addresses) narrows the search to members with a free block that holds such a child. None serves:
     * the failure {@code none} makes.
     */
    <T> Uni<T> first(SqlConnection tx, PoolRow pool, int childLength, Function<PrefixRow, Uni<T>> attempt,
                     Supplier<IpamException> none) {
        PrefixFilter filter = PrefixFilter.members(pool.namespace(), pool.kind(), Selector.parse(pool.selector()));
        return after(tx, pool, filter, null, childLength, attempt, none);
    }

    private <T> Uni<T> after(SqlConnection tx, PoolRow pool, PrefixFilter filter, Cidr after, int childLength,
                             Function<PrefixRow, Uni<T>> attempt, Supplier<IpamException> none) {
        return prefixes.firstWithRoom(tx, filter, after, childLength).chain(candidate -> candidate == null
                ? Uni.createFrom().failure(none.get())
                : prefixes.lock(tx, candidate.id())
                        .chain(member -> member != null && admits(pool, member) ? attempt.apply(member)
                                : Uni.createFrom().<T>nullItem())
                        .chain(result -> result != null ? Uni.createFrom().item(result)
                                : after(tx, pool, filter, candidate.cidr(), childLength, attempt, none)));
    }
}

package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Operation;
import dev.ipamql.service.PoolService;
import dev.ipamql.store.PoolKind;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * Pools: their queries, their mutations (ipam-writer within the token's namespaces, each one transaction with its
 * audit record) and the fields of Pool that read the members. A pool's members are its own query (its selector).
 */
@GraphQLApi
public class PoolApi {

    private final PoolService pools;
    private final OperationMetrics metrics;
    private final AccessControl access;

    public PoolApi(PoolService pools, OperationMetrics metrics, AccessControl access) {
        this.pools = pools;
        this.metrics = metrics;
        this.access = access;
    }

    @Query
    public @NonNull Uni<@NonNull List<@NonNull Pool>> pools(@DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> pools.list(namespace)).map(rows -> rows.stream().map(Pool::new).toList());
    }

    @Query
    public Uni<Pool> pool(@NonNull String name, @DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> pools.find(name, namespace)).map(Pool::of);
    }

    @Mutation
    public @NonNull Uni<@NonNull Pool> createPool(@NonNull String name, @NonNull PoolKind kind, @NonNull String selector,
                                                  @DefaultValue("default") String namespace, String description,
                                                  @Nullable List<@NonNull Label> labels) {
        return metrics.record(Operation.CREATE_POOL.name(), () -> access.write(namespace).chain(caller -> pools
                .create(caller, name, kind, selector, namespace, description, Label.entries(labels)))).map(Pool::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Pool> updatePool(@NonNull String name, @DefaultValue("default") String namespace,
                                                  String selector, String description,
                                                  @Nullable List<@NonNull Label> labels, Integer ifVersion) {
        return metrics.record(Operation.UPDATE_POOL.name(), () -> access.write(namespace).chain(caller -> pools
                .update(caller, name, namespace, selector, description, Label.entries(labels), ifVersion))).map(Pool::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Pool> deletePool(@NonNull String name, @DefaultValue("default") String namespace) {
        return metrics.record(Operation.DELETE_POOL.name(), () -> access.write(namespace)
                .chain(caller -> pools.delete(caller, name, namespace))).map(Pool::new);
    }

    @Description("The prefixes the selector matches now, in the order allocations try them (address order).")
    public @NonNull Uni<@NonNull PrefixConnection> members(@Source Pool pool, @DefaultValue("100") Integer first,
                                                           String after) {
        return pools.members(pool.getRow(), first, after).map(PrefixConnection::new);
    }

    @Description("Sums over the members: size, acquiredIPs, freeIPs for IP pools; size and free space for child-prefix pools.")
    public @NonNull Uni<@NonNull PrefixUsage> usage(@Source Pool pool) {
        return pools.usage(pool.getRow()).map(summed -> new PrefixUsage(summed.usage(), summed.memberIds()));
    }
}

package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Operation;
import dev.ipamql.service.IpService;
import dev.ipamql.service.NamespaceService;
import dev.ipamql.service.PrefixService;
import dev.ipamql.store.IpRow;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The mutations of the contract; each is one database transaction with its audit record. Namespace
 * changes need ipam-admin, prefix and IP changes ipam-writer, both within the token's namespaces.
 */
@GraphQLApi
public class IpamMutations {

    private static final String REQUEST_ID = "Idempotency key: a retry with the same requestId in the same namespace "
            + "returns the first result and allocates nothing (kept at least 24 hours).";

    private final NamespaceService namespaces;
    private final PrefixService prefixes;
    private final IpService ips;
    private final OperationMetrics metrics;
    private final AccessControl access;

    public IpamMutations(NamespaceService namespaces, PrefixService prefixes, IpService ips, OperationMetrics metrics,
                         AccessControl access) {
        this.namespaces = namespaces;
        this.prefixes = prefixes;
        this.ips = ips;
        this.metrics = metrics;
        this.access = access;
    }

    @Mutation
    public @NonNull Uni<@NonNull Namespace> createNamespace(@NonNull String name) {
        return metrics.record(Operation.CREATE_NAMESPACE.name(), () -> access.admin(name)
                .chain(caller -> namespaces.create(caller, name))).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Namespace> deleteNamespace(@NonNull String name) {
        return metrics.record(Operation.DELETE_NAMESPACE.name(), () -> access.admin(name)
                .chain(caller -> namespaces.delete(caller, name))).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> createPrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace,
                                                      String description) {
        return metrics.record(Operation.CREATE_PREFIX.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.create(caller, cidr.text(), namespace, description))).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> deletePrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace) {
        return metrics.record(Operation.DELETE_PREFIX.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.delete(caller, cidr.text(), namespace))).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireChildPrefix(@NonNull CidrScalar parent, int length,
                                                            @DefaultValue("default") String namespace,
                                                            String description,
                                                            @Description(REQUEST_ID) String requestId) {
        return metrics.record(Operation.ACQUIRE_CHILD_PREFIX.name(), () -> access.write(namespace).chain(caller ->
                prefixes.acquireChild(caller, parent.text(), length, namespace, description, requestId))).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireSpecificChildPrefix(@NonNull CidrScalar parent, @NonNull CidrScalar cidr,
                                                                    @DefaultValue("default") String namespace,
                                                                    String description,
                                                                    @Description(REQUEST_ID) String requestId) {
        return metrics.record(Operation.ACQUIRE_SPECIFIC_CHILD_PREFIX.name(), () -> access.write(namespace).chain(caller ->
                prefixes.acquireSpecificChild(caller, parent.text(), cidr.text(), namespace, description, requestId)))
                .map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> releaseChildPrefix(@NonNull CidrScalar cidr,
                                                            @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_CHILD_PREFIX.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.releaseChild(caller, cidr.text(), namespace))).map(Prefix::new);
    }

    @Mutation
    @Description("Acquires the given address, or the lowest free one when address is omitted.")
    public @NonNull Uni<@NonNull IP> acquireIP(@NonNull CidrScalar prefix, IPAddressScalar address,
                                               @DefaultValue("default") String namespace, String description,
                                               @Description(REQUEST_ID) String requestId) {
        return metrics.record(Operation.ACQUIRE_IP.name(), () -> access.write(namespace).chain(caller -> ips.acquire(caller,
                prefix.text(), address == null ? null : address.text(), namespace, description, requestId))).map(IP::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull IP> releaseIP(@NonNull CidrScalar prefix, @NonNull IPAddressScalar address,
                                               @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_IP.name(), () -> access.write(namespace)
                .chain(caller -> ips.release(caller, prefix.text(), address.text(), namespace))).map(IP::new);
    }

    @Mutation
    @Description("Acquires the count lowest free addresses of the prefix in one transaction: all of them or none "
            + "(NO_IP_AVAILABLE). count is 1 to 1000 (ipamql.max-bulk-count).")
    public @NonNull Uni<@NonNull List<@NonNull IP>> acquireIPs(@NonNull CidrScalar prefix, int count,
                                                              @DefaultValue("default") String namespace,
                                                              String description,
                                                              @Description(REQUEST_ID) String requestId) {
        return metrics.record(Operation.ACQUIRE_IPS.name(), () -> access.write(namespace).chain(caller -> ips.acquireMany(caller,
                prefix.text(), count, namespace, description, requestId))).map(IpamMutations::ips);
    }

    @Mutation
    @Description("Releases the given addresses of the prefix in one transaction: all of them or none (NOT_FOUND "
            + "names the first that is not acquired). 1 to 1000 addresses (ipamql.max-bulk-count), answered in the order given.")
    public @NonNull Uni<@NonNull List<@NonNull IP>> releaseIPs(@NonNull CidrScalar prefix,
                                                              @NonNull List<@NonNull IPAddressScalar> addresses,
                                                              @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_IPS.name(), () -> access.write(namespace).chain(caller -> ips.releaseMany(caller,
                prefix.text(), addresses.stream().map(IPAddressScalar::text).toList(), namespace)))
                .map(IpamMutations::ips);
    }

    private static List<IP> ips(List<IpRow> rows) {
        return rows.stream().map(IP::new).toList();
    }
}

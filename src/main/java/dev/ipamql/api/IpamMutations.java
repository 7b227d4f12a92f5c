package dev.ipamql.api;

import dev.ipamql.address.ChildStrategy;
import dev.ipamql.address.IPStrategy;
import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Operation;
import dev.ipamql.service.IpService;
import dev.ipamql.service.MetadataEdit;
import dev.ipamql.service.NamespaceService;
import dev.ipamql.service.PrefixService;
import dev.ipamql.store.IpRow;
import io.smallrye.mutiny.Uni;
import java.util.List;
import io.smallrye.graphql.api.Nullable;
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

    private static final String POOL = "A pool to draw from instead of a prefix (give exactly one): its members, in "
            + "address order, are tried until one can serve.";

    private static final String UPDATE = "Changes only what is given. labels replaces the whole set; setLabels/removeLabels "
            + "edit it (not with labels).";

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
    public @NonNull Uni<@NonNull Namespace> createNamespace(@NonNull String name, String description,
                                                            @Nullable List<@NonNull Label> labels) {
        return metrics.record(Operation.CREATE_NAMESPACE.name(), () -> access.admin(name)
                .chain(caller -> namespaces.create(caller, name, description, Label.entries(labels)))).map(Namespace::new);
    }

    @Mutation
    @Description(UPDATE)
    public @NonNull Uni<@NonNull Namespace> updateNamespace(@NonNull String name, String description,
                                                            @Nullable List<@NonNull Label> labels, @Nullable List<@NonNull Label> setLabels,
                                                            @Nullable List<@NonNull String> removeLabels, Integer ifVersion) {
        return metrics.record(Operation.UPDATE_NAMESPACE.name(), () -> access.admin(name).chain(caller -> namespaces
                .update(caller, name, edit(description, labels, setLabels, removeLabels, ifVersion)))).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> updatePrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace,
                                                      String description, @Nullable List<@NonNull Label> labels,
                                                      @Nullable List<@NonNull Label> setLabels, @Nullable List<@NonNull String> removeLabels,
                                                      Integer ifVersion) {
        return metrics.record(Operation.UPDATE_PREFIX.name(), () -> access.write(namespace).chain(caller -> prefixes
                .update(caller, cidr.text(), namespace, edit(description, labels, setLabels, removeLabels, ifVersion))))
                .map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull IP> updateIP(@NonNull IPAddressScalar address, CidrScalar prefix,
                                              @DefaultValue("default") String namespace, String description,
                                              @Nullable List<@NonNull Label> labels, @Nullable List<@NonNull Label> setLabels,
                                              @Nullable List<@NonNull String> removeLabels, Integer ifVersion) {
        return metrics.record(Operation.UPDATE_IP.name(), () -> access.write(namespace).chain(caller -> ips.update(caller,
                address.text(), prefix == null ? null : prefix.text(), namespace,
                edit(description, labels, setLabels, removeLabels, ifVersion)))).map(IP::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull IP> releaseIPByClaim(@NonNull String claim, @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_IP_BY_CLAIM.name(), () -> access.write(namespace)
                .chain(caller -> ips.releaseByClaim(caller, claim, namespace))).map(IP::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> releaseChildPrefixByClaim(@NonNull String claim,
                                                                   @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_CHILD_PREFIX_BY_CLAIM.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.releaseChildByClaim(caller, claim, namespace))).map(Prefix::new);
    }

    private static MetadataEdit.Given edit(String description, List<Label> labels, List<Label> setLabels,
                                           List<String> removeLabels, Integer ifVersion) {
        return new MetadataEdit.Given(description, Label.entries(labels), Label.entries(setLabels), removeLabels, ifVersion);
    }

    @Mutation
    public @NonNull Uni<@NonNull Namespace> deleteNamespace(@NonNull String name) {
        return metrics.record(Operation.DELETE_NAMESPACE.name(), () -> access.admin(name)
                .chain(caller -> namespaces.delete(caller, name))).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> createPrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace,
                                                      String description, @Nullable List<@NonNull Label> labels,
                                                      @DefaultValue("true") Boolean reserveEdges) {
        return metrics.record(Operation.CREATE_PREFIX.name(), () -> access.write(namespace).chain(caller -> prefixes
                .create(caller, cidr.text(), namespace, description, Label.entries(labels), edges(reserveEdges))))
                .map(Prefix::new);
    }

    /** reserveEdges as given; an explicit null is the default. */
    private static boolean edges(Boolean reserveEdges) {
        return reserveEdges == null || reserveEdges;
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> deletePrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace) {
        return metrics.record(Operation.DELETE_PREFIX.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.delete(caller, cidr.text(), namespace))).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireChildPrefix(CidrScalar parent, int length,
                                                            @DefaultValue("default") String namespace,
                                                            String description,
                                                            @Description(REQUEST_ID) String requestId,
                                                            @Nullable List<@NonNull Label> labels, String claim,
                                                            @DefaultValue("BEST_FIT") ChildStrategy strategy,
                                                            @Description(POOL) String pool,
                                                            @DefaultValue("true") Boolean reserveEdges) {
        return metrics.record(Operation.ACQUIRE_CHILD_PREFIX.name(), () -> access.write(namespace).chain(caller ->
                prefixes.acquireChild(caller, text(parent), pool, length, namespace, description, requestId,
                        Label.entries(labels), claim, strategy, edges(reserveEdges)))).map(Prefix::new);
    }

    @Mutation
    @Description("All or none, answered in allocation order; count 1 to 1000.")
    public @NonNull Uni<@NonNull List<@NonNull Prefix>> acquireChildPrefixes(CidrScalar parent, int length, int count,
                                                                             @DefaultValue("BEST_FIT") ChildStrategy strategy,
                                                                             @DefaultValue("default") String namespace,
                                                                             String description,
                                                                             @Description(REQUEST_ID) String requestId,
                                                                             @Nullable List<@NonNull Label> labels,
                                                                             @Description(POOL) String pool) {
        return metrics.record(Operation.ACQUIRE_CHILD_PREFIXES.name(), () -> access.write(namespace).chain(caller ->
                prefixes.acquireChildren(caller, text(parent), pool, length, count, namespace, description, requestId,
                        Label.entries(labels), strategy)))
                .map(rows -> rows.stream().map(Prefix::new).toList());
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireSpecificChildPrefix(@NonNull CidrScalar parent, @NonNull CidrScalar cidr,
                                                                    @DefaultValue("default") String namespace,
                                                                    String description,
                                                                    @Description(REQUEST_ID) String requestId,
                                                                    @Nullable List<@NonNull Label> labels, String claim,
                                                                    @DefaultValue("true") Boolean reserveEdges) {
        return metrics.record(Operation.ACQUIRE_SPECIFIC_CHILD_PREFIX.name(), () -> access.write(namespace).chain(caller ->
                prefixes.acquireSpecificChild(caller, parent.text(), cidr.text(), namespace, description, requestId,
                        Label.entries(labels), claim, edges(reserveEdges))))
                .map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> releaseChildPrefix(@NonNull CidrScalar cidr,
                                                            @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_CHILD_PREFIX.name(), () -> access.write(namespace)
                .chain(caller -> prefixes.releaseChild(caller, cidr.text(), namespace))).map(Prefix::new);
    }

    @Mutation
    @Description("Acquires the given address, or the free one the strategy picks (the lowest by default) when "
            + "address is omitted.")
    public @NonNull Uni<@NonNull IP> acquireIP(CidrScalar prefix, IPAddressScalar address,
                                               @DefaultValue("default") String namespace, String description,
                                               @Description(REQUEST_ID) String requestId, @Nullable List<@NonNull Label> labels,
                                               String claim, @DefaultValue("LOWEST") IPStrategy strategy,
                                               @Description(POOL) String pool) {
        return metrics.record(Operation.ACQUIRE_IP.name(), () -> access.write(namespace).chain(caller -> ips.acquire(caller,
                text(prefix), pool, address == null ? null : address.text(), namespace, description, requestId,
                Label.entries(labels), claim, strategy))).map(IP::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull IP> releaseIP(@NonNull CidrScalar prefix, @NonNull IPAddressScalar address,
                                               @DefaultValue("default") String namespace) {
        return metrics.record(Operation.RELEASE_IP.name(), () -> access.write(namespace)
                .chain(caller -> ips.release(caller, prefix.text(), address.text(), namespace))).map(IP::new);
    }

    @Mutation
    @Description("Acquires the count lowest (or, with strategy HIGHEST, highest) free addresses of the prefix in one "
            + "transaction: all of them or none (NO_IP_AVAILABLE), answered in address order. count is 1 to 1000 "
            + "(ipamql.max-bulk-count).")
    public @NonNull Uni<@NonNull List<@NonNull IP>> acquireIPs(CidrScalar prefix, int count,
                                                              @DefaultValue("default") String namespace,
                                                              String description,
                                                              @Description(REQUEST_ID) String requestId,
                                                              @Nullable List<@NonNull Label> labels,
                                                              @DefaultValue("LOWEST") IPStrategy strategy,
                                                              @Description(POOL) String pool) {
        return metrics.record(Operation.ACQUIRE_IPS.name(), () -> access.write(namespace).chain(caller -> ips.acquireMany(caller,
                text(prefix), pool, count, namespace, description, requestId, Label.entries(labels), strategy)))
                .map(IpamMutations::ips);
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

    private static String text(CidrScalar cidr) {
        return cidr == null ? null : cidr.text();
    }

    private static List<IP> ips(List<IpRow> rows) {
        return rows.stream().map(IP::new).toList();
    }
}

package dev.ipamql.api;

import dev.ipamql.service.IpService;
import dev.ipamql.service.NamespaceService;
import dev.ipamql.service.PrefixService;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

/** The mutations of the contract; each is one database transaction. */
@GraphQLApi
public class IpamMutations {

    private static final String REQUEST_ID = "Idempotency key: a retry with the same requestId in the same namespace "
            + "returns the first result and allocates nothing (kept at least 24 hours).";

    private final NamespaceService namespaces;
    private final PrefixService prefixes;
    private final IpService ips;
    private final OperationMetrics metrics;

    public IpamMutations(NamespaceService namespaces, PrefixService prefixes, IpService ips, OperationMetrics metrics) {
        this.namespaces = namespaces;
        this.prefixes = prefixes;
        this.ips = ips;
        this.metrics = metrics;
    }

    @Mutation
    public @NonNull Uni<@NonNull Namespace> createNamespace(@NonNull String name) {
        return metrics.record("createNamespace", () -> namespaces.create(name)).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Namespace> deleteNamespace(@NonNull String name) {
        return metrics.record("deleteNamespace", () -> namespaces.delete(name)).map(Namespace::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> createPrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace,
                                                      String description) {
        return metrics.record("createPrefix", () -> prefixes.create(cidr.text(), namespace, description)).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> deletePrefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace) {
        return metrics.record("deletePrefix", () -> prefixes.delete(cidr.text(), namespace)).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireChildPrefix(@NonNull CidrScalar parent, int length,
                                                            @DefaultValue("default") String namespace,
                                                            String description,
                                                            @Description(REQUEST_ID) String requestId) {
        return metrics.record("acquireChildPrefix",
                () -> prefixes.acquireChild(parent.text(), length, namespace, description, requestId)).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> acquireSpecificChildPrefix(@NonNull CidrScalar parent, @NonNull CidrScalar cidr,
                                                                    @DefaultValue("default") String namespace,
                                                                    String description,
                                                                    @Description(REQUEST_ID) String requestId) {
        return metrics.record("acquireSpecificChildPrefix", () -> prefixes.acquireSpecificChild(parent.text(), cidr.text(),
                namespace, description, requestId)).map(Prefix::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Prefix> releaseChildPrefix(@NonNull CidrScalar cidr,
                                                            @DefaultValue("default") String namespace) {
        return metrics.record("releaseChildPrefix", () -> prefixes.releaseChild(cidr.text(), namespace)).map(Prefix::new);
    }

    @Mutation
    @Description("Acquires the given address, or the lowest free one when address is omitted.")
    public @NonNull Uni<@NonNull IP> acquireIP(@NonNull CidrScalar prefix, IPAddressScalar address,
                                               @DefaultValue("default") String namespace, String description,
                                               @Description(REQUEST_ID) String requestId) {
        return metrics.record("acquireIP", () -> ips.acquire(prefix.text(), address == null ? null : address.text(),
                namespace, description, requestId)).map(IP::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull IP> releaseIP(@NonNull CidrScalar prefix, @NonNull IPAddressScalar address,
                                               @DefaultValue("default") String namespace) {
        return metrics.record("releaseIP", () -> ips.release(prefix.text(), address.text(), namespace)).map(IP::new);
    }
}

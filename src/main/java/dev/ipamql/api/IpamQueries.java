package dev.ipamql.api;

import dev.ipamql.address.IPFamily;
import dev.ipamql.service.IpService;
import dev.ipamql.service.NamespaceService;
import dev.ipamql.service.PrefixService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** The queries of the contract. */
@GraphQLApi
public class IpamQueries {

    private final NamespaceService namespaces;
    private final PrefixService prefixes;
    private final IpService ips;

    public IpamQueries(NamespaceService namespaces, PrefixService prefixes, IpService ips) {
        this.namespaces = namespaces;
        this.prefixes = prefixes;
        this.ips = ips;
    }

    @Query
    public @NonNull Uni<@NonNull List<@NonNull Namespace>> namespaces() {
        return namespaces.list().map(list -> list.stream().map(Namespace::new).toList());
    }

    @Query
    public Uni<Namespace> namespace(@NonNull String name) {
        return namespaces.find(name).map(found -> found == null ? null : new Namespace(found));
    }

    @Query
    @Description("The prefix with this CIDR (masked before lookup), or null.")
    public Uni<Prefix> prefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace) {
        return prefixes.find(cidr.text(), namespace).map(Prefix::of);
    }

    @Query
    @Description("Prefixes of a namespace (roots and children), ordered by address; filters combine with AND.")
    public @NonNull Uni<@NonNull PrefixConnection> prefixes(@DefaultValue("default") String namespace,
                                                            CidrScalar within, IPAddressScalar contains,
                                                            IPFamily family, @DefaultValue("100") Integer first,
                                                            String after) {
        return prefixes.search(namespace, within == null ? null : within.text(),
                contains == null ? null : contains.text(), family, first, after).map(PrefixConnection::new);
    }

    @Query
    @Description("The acquired address in this prefix, or null.")
    public Uni<IP> ip(@NonNull CidrScalar prefix, @NonNull IPAddressScalar address,
                      @DefaultValue("default") String namespace) {
        return ips.find(prefix.text(), address.text(), namespace).map(IP::of);
    }

    @Query
    @Description("Every pair (candidate, existing) that overlaps; empty when none does. Pure computation, no storage.")
    public @NonNull List<@NonNull Overlap> prefixesOverlapping(@NonNull List<@NonNull CidrScalar> existing,
                                                               @NonNull List<@NonNull CidrScalar> candidates) {
        return prefixes.overlapping(texts(existing), texts(candidates)).stream()
                .map(pair -> new Overlap(CidrScalar.of(pair.get(0)), CidrScalar.of(pair.get(1))))
                .toList();
    }

    private static List<String> texts(List<CidrScalar> values) {
        return values.stream().map(CidrScalar::text).toList();
    }
}

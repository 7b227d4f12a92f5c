package dev.ipamql.api;

import dev.ipamql.address.IPFamily;
import dev.ipamql.service.AccessControl;
import dev.ipamql.service.AuditTrail;
import dev.ipamql.service.IpService;
import dev.ipamql.service.error.ForbiddenException;
import java.time.OffsetDateTime;
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
    private final AccessControl access;
    private final AuditTrail audit;
    private final RunningBuild build;

    public IpamQueries(NamespaceService namespaces, PrefixService prefixes, IpService ips, AccessControl access,
                       AuditTrail audit, RunningBuild build) {
        this.build = build;
        this.namespaces = namespaces;
        this.prefixes = prefixes;
        this.ips = ips;
        this.access = access;
        this.audit = audit;
    }

    @Query
    public @NonNull Uni<@NonNull List<@NonNull Namespace>> namespaces() {
        // lists show only the namespaces the caller's token names
        return access.reader().chain(caller -> namespaces.list()
                .map(list -> list.stream().filter(ns -> caller.covers(ns.name)).map(Namespace::new).toList()));
    }

    @Query
    public Uni<Namespace> namespace(@NonNull String name) {
        return access.read(name).chain(() -> namespaces.find(name)).map(found -> found == null ? null : new Namespace(found));
    }

    @Query
    @Description("The prefix with this CIDR (masked before lookup), or null.")
    public Uni<Prefix> prefix(@NonNull CidrScalar cidr, @DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> prefixes.find(cidr.text(), namespace)).map(Prefix::of);
    }

    @Query
    @Description("Prefixes of a namespace (roots and children), ordered by address; filters combine with AND.")
    public @NonNull Uni<@NonNull PrefixConnection> prefixes(@DefaultValue("default") String namespace,
                                                            CidrScalar within, IPAddressScalar contains,
                                                            IPFamily family, @DefaultValue("100") Integer first,
                                                            String after, String selector) {
        return access.read(namespace).chain(() -> prefixes.search(namespace, within == null ? null : within.text(),
                contains == null ? null : contains.text(), family, first, after, selector)).map(PrefixConnection::new);
    }

    @Query
    @Description("The acquired address in this prefix, or null.")
    public Uni<IP> ip(CidrScalar prefix, @NonNull IPAddressScalar address, @DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> ips.find(prefix == null ? null : prefix.text(), address.text(),
                namespace)).map(IP::of);
    }

    @Query
    @Description("Acquired addresses of a namespace, ordered by address; filters combine with AND.")
    public @NonNull Uni<@NonNull IPConnection> ips(@DefaultValue("default") String namespace, String selector,
                                                   CidrScalar within, @DefaultValue("100") Integer first, String after) {
        return access.read(namespace).chain(() -> ips.search(namespace, selector, within == null ? null : within.text(),
                first, after)).map(IPConnection::new);
    }

    @Query
    public Uni<IP> ipByClaim(@NonNull String claim, @DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> ips.findByClaim(claim, namespace)).map(IP::of);
    }

    @Query
    public Uni<Prefix> prefixByClaim(@NonNull String claim, @DefaultValue("default") String namespace) {
        return access.read(namespace).chain(() -> prefixes.findByClaim(claim, namespace)).map(Prefix::of);
    }

    @Query
    public @NonNull Uni<@NonNull BuildInfo> buildInfo() {
        return access.reader().map(caller -> build.info());
    }

    @Query
    @Description("Every pair (candidate, existing) that overlaps; empty when none does. Pure computation, no storage.")
    public @NonNull Uni<@NonNull List<@NonNull Overlap>> prefixesOverlapping(@NonNull List<@NonNull CidrScalar> existing,
                                                                        @NonNull List<@NonNull CidrScalar> candidates) {
        return access.reader().map(caller -> prefixes.overlapping(texts(existing), texts(candidates)).stream()
                .map(pair -> new Overlap(CidrScalar.of(pair.get(0)), CidrScalar.of(pair.get(1))))
                .toList());
    }

    @Query
    @Description("The audit trail, newest first: one record per successful mutation. For ipam-admin; "
            + "records are never changed or deleted.")
    public @NonNull Uni<@NonNull AuditRecordConnection> auditLog(String namespace, String subject, OffsetDateTime since,
                                                                @DefaultValue("100") Integer first, String after) {
        return (namespace == null ? access.admin() : access.admin(namespace)).chain(caller -> {
            if (namespace == null && !caller.covers("*")) {
                // a token limited to some namespaces sees only their records
                return Uni.createFrom().failure(new ForbiddenException(caller.subject()
                        + " may read the audit log only per namespace: pass one of its namespaces"));
            }
            return audit.query(namespace, subject, since, first, after);
        }).map(AuditRecordConnection::new);
    }

    private static List<String> texts(List<CidrScalar> values) {
        return values.stream().map(CidrScalar::text).toList();
    }
}

package dev.ipamql.api;

import dev.ipamql.service.IpService;
import dev.ipamql.service.PrefixService;
import dev.ipamql.service.UsageService;
import dev.ipamql.store.PrefixRow;
import io.smallrye.mutiny.Uni;
import dev.ipamql.address.Cidr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

/**
 * Database-backed fields of Prefix, IP and PrefixUsage, each resolved for a whole list of sources
 * with one statement (no N+1), each on its own pooled connection.
 */
@GraphQLApi
public class PrefixFields {

    private final PrefixService prefixes;
    private final IpService ips;
    private final UsageService usages;

    public PrefixFields(PrefixService prefixes, IpService ips, UsageService usages) {
        this.prefixes = prefixes;
        this.ips = ips;
        this.usages = usages;
    }

    @Description("The prefix this one was acquired from; null for a root prefix.")
    public Uni<List<Prefix>> parent(@Source List<Prefix> children) {
        List<Long> ids = children.stream().map(c -> c.getRow().parentId()).filter(id -> id != null).distinct().toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(children.stream().map(c -> (Prefix) null).toList());
        }
        return prefixes.byIds(ids).map(rows -> {
            Map<Long, PrefixRow> byId = rows.stream().collect(Collectors.toMap(PrefixRow::id, Function.identity()));
            return children.stream().map(c -> c.getRow().parentId() == null ? null : Prefix.of(byId.get(c.getRow().parentId()))).toList();
        });
    }

    @Description("Child prefixes acquired from this prefix, ordered by address.")
    public @NonNull Uni<List<@NonNull List<@NonNull Prefix>>> children(@Source List<Prefix> parents) {
        return prefixes.childrenOf(ids(parents)).map(rows -> {
            // one pass over the rows (already in address order), not one per parent
            Map<Long, List<Prefix>> byParent = rows.stream().collect(Collectors.groupingBy(PrefixRow::parentId,
                    Collectors.mapping(Prefix::new, Collectors.toList())));
            return parents.stream().map(parent -> byParent.getOrDefault(parent.getRow().id(), List.of())).toList();
        });
    }

    @Description("Acquired addresses of this prefix (reserved addresses excluded), ordered by address.")
    public @NonNull Uni<List<@NonNull IPConnection>> ips(@Source List<Prefix> owners,
                                                          @DefaultValue("100") Integer first, String after) {
        return ips.pages(owners.stream().map(Prefix::getRow).toList(), first, after)
                .map(pages -> pages.stream().map(IPConnection::new).toList());
    }

    public @NonNull Uni<List<@NonNull PrefixUsage>> usage(@Source List<Prefix> owners) {
        return usages.usages(owners.stream().map(Prefix::getRow).toList())
                .map(list -> list.stream().map(PrefixUsage::new).toList());
    }

    @Description("Space not taken by child prefixes, as the minimal list of CIDRs in ascending address order, "
            + "only blocks of length <= 30 (IPv4) or <= 126 (IPv6).")
    public @NonNull Uni<List<@NonNull List<@NonNull CidrScalar>>> availablePrefixes(@Source List<PrefixUsage> owners) {
        List<Long> ids = owners.stream().flatMap(owner -> owner.getPrefixIds().stream()).distinct().toList();
        return usages.availablePrefixes(ids).map(lists -> {
            Map<Long, List<Cidr>> byId = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                byId.put(ids.get(i), lists.get(i));
            }
            return owners.stream().map(owner -> owner.getPrefixIds().stream().flatMap(id -> byId.get(id).stream())
                    .sorted().map(CidrScalar::of).toList()).toList();
        });
    }

    public @NonNull Uni<List<@NonNull Prefix>> prefix(@Source List<IP> addresses) {
        List<Long> ids = addresses.stream().map(ip -> ip.getRow().prefixId()).distinct().toList();
        return prefixes.byIds(ids).map(rows -> {
            Map<Long, PrefixRow> byId = rows.stream().collect(Collectors.toMap(PrefixRow::id, Function.identity()));
            return addresses.stream().map(ip -> new Prefix(byId.get(ip.getRow().prefixId()))).toList();
        });
    }

    private static List<Long> ids(List<Prefix> prefixes) {
        return prefixes.stream().map(p -> p.getRow().id()).toList();
    }
}

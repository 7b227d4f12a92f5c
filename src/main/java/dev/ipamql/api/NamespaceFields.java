package dev.ipamql.api;

import dev.ipamql.service.PrefixService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

/** The {@code prefixes} field of Namespace, resolved for all namespaces of a response at once. */
@GraphQLApi
public class NamespaceFields {

    private final PrefixService prefixes;

    public NamespaceFields(PrefixService prefixes) {
        this.prefixes = prefixes;
    }

    @Description("Root prefixes (those without a parent) of this namespace, ordered by address.")
    public @NonNull Uni<List<@NonNull PrefixConnection>> prefixes(@Source List<Namespace> namespaces,
                                                                   @DefaultValue("100") Integer first, String after,
                                                                   String selector) {
        return prefixes.rootPages(namespaces.stream().map(Namespace::getName).toList(), first, after, selector)
                .map(pages -> pages.stream().map(PrefixConnection::new).toList());
    }
}

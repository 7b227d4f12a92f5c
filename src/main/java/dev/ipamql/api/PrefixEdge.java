package dev.ipamql.api;

import dev.ipamql.service.Cursors;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code PrefixEdge}. */
public class PrefixEdge {

    private final Prefix node;

    public PrefixEdge(Prefix node) {
        this.node = node;
    }

    public @NonNull Prefix getNode() {
        return node;
    }

    public @NonNull String getCursor() {
        return Cursors.of(node.getRow().cidr());
    }
}

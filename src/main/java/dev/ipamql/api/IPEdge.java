package dev.ipamql.api;

import dev.ipamql.service.Cursors;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code IPEdge}. */
public class IPEdge {

    private final IP node;

    public IPEdge(IP node) {
        this.node = node;
    }

    public @NonNull IP getNode() {
        return node;
    }

    public @NonNull String getCursor() {
        return Cursors.of(node.getRow().address());
    }
}

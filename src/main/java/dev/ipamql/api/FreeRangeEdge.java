package dev.ipamql.api;

import dev.ipamql.service.Cursors;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code FreeRangeEdge}: its cursor is the run's last address, after which the next page starts. */
public class FreeRangeEdge {

    private final dev.ipamql.store.FreeRange range;

    public FreeRangeEdge(dev.ipamql.store.FreeRange range) {
        this.range = range;
    }

    public @NonNull FreeRange getNode() {
        return new FreeRange(range);
    }

    public @NonNull String getCursor() {
        return Cursors.of(range.last());
    }
}

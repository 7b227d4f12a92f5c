package dev.ipamql.api;

import dev.ipamql.service.Page;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code FreeRangeConnection}: one page of a prefix's free address runs in address order. */
public class FreeRangeConnection {

    private final List<FreeRangeEdge> edges;
    private final PageInfo pageInfo;

    public FreeRangeConnection(Page<dev.ipamql.store.FreeRange> page) {
        this.edges = page.items().stream().map(FreeRangeEdge::new).toList();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor();
        this.pageInfo = new PageInfo(page.hasNextPage(), end);
    }

    public @NonNull List<@NonNull FreeRangeEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }
}

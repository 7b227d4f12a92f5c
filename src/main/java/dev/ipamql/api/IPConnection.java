package dev.ipamql.api;

import dev.ipamql.service.Page;
import dev.ipamql.store.IpRow;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code IPConnection}: one page of acquired addresses in address order. */
public class IPConnection {

    private final List<IPEdge> edges;
    private final PageInfo pageInfo;
    private final int totalCount;

    public IPConnection(Page<IpRow> page) {
        this.edges = page.items().stream().map(row -> new IPEdge(new IP(row))).toList();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor();
        this.pageInfo = new PageInfo(page.hasNextPage(), end);
        this.totalCount = page.totalCount();
    }

    public @NonNull List<@NonNull IPEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    public int getTotalCount() {
        return totalCount;
    }
}

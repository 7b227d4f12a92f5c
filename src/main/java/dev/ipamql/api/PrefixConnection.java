package dev.ipamql.api;

import dev.ipamql.service.Page;
import dev.ipamql.store.PrefixRow;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code PrefixConnection}: one page of prefixes in address order. */
public class PrefixConnection {

    private final List<PrefixEdge> edges;
    private final PageInfo pageInfo;
    private final int totalCount;

    public PrefixConnection(Page<PrefixRow> page) {
        this.edges = page.items().stream().map(row -> new PrefixEdge(new Prefix(row))).toList();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor();
        this.pageInfo = new PageInfo(page.hasNextPage(), end);
        this.totalCount = page.totalCount();
    }

    public @NonNull List<@NonNull PrefixEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    public int getTotalCount() {
        return totalCount;
    }
}

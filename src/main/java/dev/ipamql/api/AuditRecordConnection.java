package dev.ipamql.api;

import dev.ipamql.service.Page;
import dev.ipamql.store.AuditStore.AuditRow;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code AuditRecordConnection}: one page of the audit trail, newest first. */
public class AuditRecordConnection {

    private final List<AuditRecordEdge> edges;
    private final PageInfo pageInfo;
    private final int totalCount;

    public AuditRecordConnection(Page<AuditRow> page) {
        this.edges = page.items().stream().map(AuditRecordEdge::new).toList();
        this.pageInfo = new PageInfo(page.hasNextPage(), edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor());
        this.totalCount = page.totalCount();
    }

    public @NonNull List<@NonNull AuditRecordEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    public int getTotalCount() {
        return totalCount;
    }
}

package dev.ipamql.api;

import dev.ipamql.service.Page;
import dev.ipamql.store.WebhookStore.DeliveryRow;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code WebhookDeliveryConnection}: one page of a webhook's attempts, oldest first. */
public class WebhookDeliveryConnection {

    private final List<WebhookDeliveryEdge> edges;
    private final PageInfo pageInfo;
    private final int totalCount;

    public WebhookDeliveryConnection(Page<DeliveryRow> page) {
        this.edges = page.items().stream().map(WebhookDeliveryEdge::new).toList();
        this.pageInfo = new PageInfo(page.hasNextPage(), edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor());
        this.totalCount = page.totalCount();
    }

    public @NonNull List<@NonNull WebhookDeliveryEdge> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }

    public int getTotalCount() {
        return totalCount;
    }
}

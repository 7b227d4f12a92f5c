package dev.ipamql.api;

import dev.ipamql.service.WebhookService;
import dev.ipamql.store.WebhookStore.DeliveryRow;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code WebhookDeliveryEdge}. */
public class WebhookDeliveryEdge {

    private final DeliveryRow row;

    public WebhookDeliveryEdge(DeliveryRow row) {
        this.row = row;
    }

    public @NonNull WebhookDelivery getNode() {
        return new WebhookDelivery(row);
    }

    public @NonNull String getCursor() {
        return WebhookService.cursorOf(row);
    }
}

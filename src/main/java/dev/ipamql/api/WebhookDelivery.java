package dev.ipamql.api;

import dev.ipamql.service.ChangeFeed;
import dev.ipamql.store.WebhookStore.DeliveryRow;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code WebhookDelivery}: one attempt to deliver a change (its cursor) to a webhook. */
public class WebhookDelivery {

    private final DeliveryRow row;

    public WebhookDelivery(DeliveryRow row) {
        this.row = row;
    }

    public @NonNull String getId() {
        return row.id();
    }

    public @NonNull String getChange() {
        return ChangeFeed.cursorOf(row.change());
    }

    public int getAttempt() {
        return row.attempt();
    }

    public @NonNull OffsetDateTime getAt() {
        return row.at();
    }

    public Integer getHttpStatus() {
        return row.httpStatus();
    }

    public String getError() {
        return row.error();
    }

    public boolean isDelivered() {
        return row.delivered();
    }
}

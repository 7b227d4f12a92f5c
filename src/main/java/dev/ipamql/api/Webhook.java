package dev.ipamql.api;

import dev.ipamql.store.WebhookStore.WebhookRow;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Webhook}: where and what it delivers; never its secret. */
public class Webhook {

    private final WebhookRow row;

    public Webhook(WebhookRow row) {
        this.row = row;
    }

    public @NonNull String getId() {
        return row.id();
    }

    public @NonNull String getUrl() {
        return row.url();
    }

    @Description("null: every namespace the creator may read.")
    public String getNamespace() {
        return row.namespace();
    }

    @Description("null: every operation.")
    public List<@NonNull String> getOperations() {
        return row.operations();
    }

    public boolean isActive() {
        return row.active();
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return row.createdAt();
    }

    @Ignore
    public String id() {
        return row.id();
    }
}

package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.WebhookService;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Webhooks, for ipam-admin: each matching change POSTed, signed, in order, to a URL ({@code WebhookDispatcher}). */
@GraphQLApi
public class WebhookApi {

    private final WebhookService webhooks;
    private final AccessControl access;
    private final OperationMetrics metrics;

    public WebhookApi(WebhookService webhooks, AccessControl access, OperationMetrics metrics) {
        this.webhooks = webhooks;
        this.access = access;
        this.metrics = metrics;
    }

    @Query("webhooks")
    public @NonNull Uni<@NonNull List<@NonNull Webhook>> webhooks() {
        return access.admin().chain(webhooks::list).map(rows -> rows.stream().map(Webhook::new).toList());
    }

    @Mutation
    public @NonNull Uni<@NonNull Webhook> createWebhook(@NonNull String url, @NonNull String secret, String namespace,
                                                        @Nullable List<@NonNull String> operations) {
        return metrics.record("createWebhook", () -> access.admin()
                .chain(caller -> webhooks.create(caller, url, secret, namespace, operations))).map(Webhook::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull Webhook> deleteWebhook(@NonNull String id) {
        return metrics.record("deleteWebhook", () -> access.admin().chain(caller -> webhooks.delete(caller, id)))
                .map(Webhook::new);
    }

    @Mutation
    @Description("Turns a webhook that was switched off after failing deliveries on again; it resumes at its first "
            + "undelivered change.")
    public @NonNull Uni<@NonNull Webhook> activateWebhook(@NonNull String id) {
        return metrics.record("activateWebhook", () -> access.admin().chain(caller -> webhooks.activate(caller, id)))
                .map(Webhook::new);
    }

    public @NonNull Uni<@NonNull WebhookDeliveryConnection> deliveries(@Source Webhook webhook,
                                                                       @DefaultValue("100") Integer first, String after) {
        return webhooks.deliveries(webhook.id(), first, after).map(WebhookDeliveryConnection::new);
    }
}

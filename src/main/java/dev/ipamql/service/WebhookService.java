package dev.ipamql.service;

import dev.ipamql.service.error.ForbiddenException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.WebhookStore;
import dev.ipamql.store.WebhookStore.DeliveryRow;
import dev.ipamql.store.WebhookStore.WebhookRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * The webhook operations, for ipam-admin callers: a webhook is visible to (and can be changed by) a caller whose
 * token covers every namespace it delivers. {@link WebhookDispatcher} makes the deliveries.
 */
@ApplicationScoped
public class WebhookService {

    static final int MAX_SECRET_LENGTH = 1024;

    private final Transactions transactions;
    private final WebhookStore store;
    private final WebhookTargets targets;
    private final Arguments arguments;
    private final Optional<WebhookSecrets> secrets;

    public WebhookService(Transactions transactions, WebhookStore store, WebhookTargets targets, Arguments arguments,
                          WebhookConfig config) {
        this.transactions = transactions;
        this.store = store;
        this.targets = targets;
        this.arguments = arguments;
        this.secrets = WebhookSecrets.of(config.secretKey());
    }

    public Uni<WebhookRow> create(Caller caller, String url, String secret, String namespace, List<String> operations) {
        return Uni.createFrom().deferred(() -> {
            WebhookTargets.parse(url);
            if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
                throw new InvalidArgumentException("secret must be 1 to " + MAX_SECRET_LENGTH + " characters long");
            }
            Arguments.storable("secret", secret);
            String name = namespace == null ? null : arguments.namespace(namespace);
            if (name != null && !caller.covers(name)) {
                throw new ForbiddenException(caller.subject() + " may not access namespace " + name);
            }
            List<String> ops = operations(operations);
            WebhookSecrets sealer = secrets.orElseThrow(WebhookSecrets::notConfigured);
            String id = WebhookStore.newId();
            byte[] sealed = sealer.seal(id, secret);
            List<String> readable = name == null ? namespaces(caller) : null;
            return targets.resolve(url).chain(checked -> run(db -> store.insert(db, id, url, sealed, name, readable, ops,
                    caller.subject())));
        });
    }

    /** The webhooks the caller may see, oldest first. */
    public Uni<List<WebhookRow>> list(Caller caller) {
        return run(db -> store.visible(db, namespaces(caller), null));
    }

    public Uni<WebhookRow> delete(Caller caller, String id) {
        return visible(caller, id).chain(found -> run(db -> store.delete(db, found.id())))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<WebhookRow> activate(Caller caller, String id) {
        return visible(caller, id).chain(found -> run(db -> store.activate(db, found.id())))
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    /** At most {@code first} attempts of the webhook after the cursor, oldest first. */
    public Uni<Page<DeliveryRow>> deliveries(String webhookId, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            long seq = after == null ? 0 : deliveryPosition(after);
            return run(db -> store.deliveries(db, webhookId, seq, limit + 1)
                    .chain(rows -> store.countDeliveries(db, webhookId).map(total -> Page.of(rows, limit, total))));
        });
    }

    public static String cursorOf(DeliveryRow row) {
        return Cursors.opaque("delivery:" + row.seq());
    }

    private static long deliveryPosition(String after) {
        return Cursors.number(after, "delivery:");
    }

    private Uni<WebhookRow> visible(Caller caller, String id) {
        return Uni.createFrom().deferred(() -> {
            if (!isUuid(id)) {
                throw notFound(id);
            }
            return run(db -> store.visible(db, namespaces(caller), id));
        }).map(rows -> {
            if (rows.isEmpty()) {
                throw notFound(id);
            }
            return rows.get(0);
        });
    }

    private static List<String> operations(List<String> operations) {
        if (operations == null) {
            return null;
        }
        if (operations.isEmpty()) {
            throw new InvalidArgumentException("operations: name at least one, or leave it out for every operation");
        }
        operations.forEach(operation -> Arguments.storable("operations", operation));
        return List.copyOf(Set.copyOf(operations));
    }

    /** The namespaces the caller may read; null for all. */
    private static List<String> namespaces(Caller caller) {
        return caller.covers("*") ? null : List.copyOf(caller.namespaces());
    }

    private static boolean isUuid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("webhook " + Arguments.shown(id) + " not found");
    }

    /** One statement on the pool (each change of a webhook is a single statement). */
    private <T> Uni<T> run(Function<SqlClient, Uni<T>> work) {
        return transactions.read(work);
    }
}

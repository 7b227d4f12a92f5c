package dev.ipamql.service;

import dev.ipamql.metadata.Claim;
import dev.ipamql.metadata.Labels;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.store.RequestKeyStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Idempotent allocation: the first successful request with a requestId stores its result in the same
 * transaction; a retry with that key (within the retention) returns the stored result and allocates
 * nothing. Concurrent requests with one key are serialized by the key's primary key.
 */
@ApplicationScoped
public class RequestIds {

    private static final int MAX_LENGTH = 200;

    private final RequestKeyStore keys;
    private final IpamConfig config;

    public RequestIds(RequestKeyStore keys, IpamConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** Null, or a key of 1 to 200 printable characters. */
    public String validate(String requestId) {
        if (requestId != null && (requestId.isEmpty() || requestId.length() > MAX_LENGTH
                || requestId.chars().anyMatch(c -> Character.isISOControl(c)))) {
            throw new InvalidArgumentException("requestId must be 1 to " + MAX_LENGTH
                    + " printable characters, not " + Arguments.shown(requestId));
        }
        return Arguments.storable("requestId", requestId);
    }

    /**
     * What a retry must repeat to get the first result: {@code arguments}, then the labels (in key order) and the
     * claim when given, so that a key stored before labels and claims existed keeps its fingerprint.
     */
    public static String fingerprint(String arguments, Labels labels, Claim claim) {
        StringBuilder text = new StringBuilder(arguments);
        if (labels != null && !labels.isEmpty()) {
            text.append(" labels ").append(new JsonObject(new LinkedHashMap<>(labels.asMap())).encode());
        }
        if (claim != null) {
            text.append(" claim ").append(Json.encode(claim.text()));
        }
        return text.toString();
    }

    /** Runs {@code work} once per key: later calls with the key return the first result. */
    public <T> Uni<T> once(SqlConnection tx, Operation.Call<T> call, String requestId, String arguments,
                           Supplier<Uni<T>> work) {
        if (requestId == null) {
            return work.get();
        }
        String namespace = call.namespace();
        String operation = call.operation().name();
        return keys.claim(tx, namespace, requestId, operation, arguments, config.requestId().retention())
                .chain(claimed -> claimed
                        ? work.get().call(result -> keys.saveResult(tx, namespace, requestId, call.operation().encode(result)))
                        : keys.find(tx, namespace, requestId).map(stored -> {
                            refuseOther(call, requestId, arguments, stored);
                            return call.operation().decode(stored.result());
                        }));
    }

    /**
     * Fails when the key was used for another request; answers nothing else. For a request answered without
     * {@link #once}, e.g. by the address its claim holds.
     */
    public Uni<Void> refuseReuse(SqlConnection tx, Operation.Call<?> call, String requestId, String arguments) {
        if (requestId == null) {
            return Uni.createFrom().voidItem();
        }
        return keys.find(tx, call.namespace(), requestId).invoke(stored -> {
            if (stored != null) {
                refuseOther(call, requestId, arguments, stored);
            }
        }).replaceWithVoid();
    }

    private static void refuseOther(Operation.Call<?> call, String requestId, String arguments,
                                    RequestKeyStore.StoredRequest stored) {
        if (!stored.operation().equals(call.operation().name()) || !stored.arguments().equals(arguments)) {
            throw new InvalidArgumentException("requestId " + Arguments.shown(requestId) + " was already used in namespace "
                    + call.namespace() + " for a different request (" + stored.operation() + " " + stored.arguments() + ")");
        }
    }
}

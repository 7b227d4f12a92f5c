package dev.ipamql.service;

import dev.ipamql.store.RequestKeyStore;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Deletes idempotency keys past their retention, periodically, on every instance (the delete is idempotent). */
@ApplicationScoped
public class RequestKeyExpiry {

    private static final Logger LOG = Logger.getLogger(RequestKeyExpiry.class);

    private final RequestKeyStore keys;
    private final Pool pool;
    private final IpamConfig config;

    public RequestKeyExpiry(RequestKeyStore keys, Pool pool, IpamConfig config) {
        this.keys = keys;
        this.pool = pool;
        this.config = config;
    }

    void schedule(@Observes StartupEvent start, Vertx vertx) {
        Duration retention = config.requestId().retention();
        long every = Math.max(60_000, Math.min(3_600_000, retention.toMillis() / 24));
        vertx.setPeriodic(every, tick -> keys.expire(pool, retention).subscribe().with(
                deleted -> LOG.debugf("expired %d request ids", deleted),
                failure -> LOG.debugf("request id expiry skipped: %s", failure.toString())));
    }
}

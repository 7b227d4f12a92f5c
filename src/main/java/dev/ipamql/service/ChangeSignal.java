package dev.ipamql.service;

import dev.ipamql.store.ChangeStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Tells this instance's readers of the feed that changes may have been sequenced: after a pass here, on
 * PostgreSQL's notification of a pass anywhere ({@link ChangeStore#CHANNEL}, through a {@link PgSubscriber}),
 * and on a timer, so a lost notification delays a change but never loses it. A signal is a hint (the last cursor
 * known, or -1 when unknown); readers always read the store.
 */
@ApplicationScoped
public class ChangeSignal {

    private static final Logger LOG = Logger.getLogger(ChangeSignal.class);
    private static final long UNKNOWN = -1;

    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private final IpamConfig config;
    private volatile PgSubscriber subscriber;
    private volatile Runnable stopTimer = () -> { };

    public ChangeSignal(IpamConfig config) {
        this.config = config;
    }

    void listen(@Observes StartupEvent start, Vertx vertx) {
        long timer = vertx.setPeriodic(config.feed().pollInterval().toMillis(), tick -> sequenced(UNKNOWN));
        stopTimer = () -> vertx.cancelTimer(timer);
        PgSubscriber pg = PgSubscriber.subscriber(vertx, connectOptions());
        pg.reconnectPolicy(attempts -> 1000L);
        pg.channel(ChangeStore.CHANNEL)
                .subscribeHandler(() -> sequenced(UNKNOWN))
                .handler(payload -> sequenced(parse(payload)));
        pg.connect().subscribe().with(connected -> LOG.debug("listening for sequenced changes"),
                failure -> LOG.warnf("not listening for sequenced changes (the feed polls instead): %s", failure.toString()));
        subscriber = pg;
    }

    void close(@Observes ShutdownEvent stop) {
        stopTimer.run();
        listeners.clear();
        PgSubscriber pg = subscriber;
        if (pg != null) {
            pg.closeAndForget();
        }
    }

    /** Calls {@code listener} with every signal until the returned action is run; it must not block. */
    public Runnable onSequenced(LongConsumer listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The signals as a hot stream; signals nobody requested are dropped (the next one says as much). */
    public Multi<Long> signals() {
        return Multi.createFrom().<Long>emitter(emitter -> {
            Runnable off = onSequenced(emitter::emit);
            emitter.onTermination(off);
        }).onOverflow().drop();
    }

    void sequenced(long lastCursor) {
        for (LongConsumer listener : listeners) {
            listener.accept(lastCursor);
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** The reactive datasource's server and credentials, for a connection of its own that stays subscribed. */
    private static PgConnectOptions connectOptions() {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0].trim();
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options.addProperty("application_name", "ipamql-feed");
    }
}

package dev.ipamql.service;

import dev.ipamql.store.ChangeStore;
import dev.ipamql.store.ChangeStore.Pass;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Gives committed audit records their cursors, in passes after their commit ({@link ChangeStore#sequence}): woken
 * by this instance's committed writes and by a timer (for writes of other instances whose pass found the lease
 * taken, and for passes that failed). At most one pass runs per instance; a wake-up during a pass runs another
 * behind it. Mutations pay nothing for it but the transaction id stamped on their audit rows.
 */
@ApplicationScoped
public class ChangeSequencer {

    private static final Logger LOG = Logger.getLogger(ChangeSequencer.class);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int AGAIN = 2;

    private final Pool pool;
    private final ChangeStore store;
    private final ChangeSignal signal;
    private final IpamConfig config;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicBoolean waking = new AtomicBoolean();
    private volatile Vertx vertx;
    private volatile Runnable stop = () -> { };

    public ChangeSequencer(Pool pool, ChangeStore store, ChangeSignal signal, IpamConfig config) {
        this.pool = pool;
        this.store = store;
        this.signal = signal;
        this.config = config;
    }

    void schedule(@Observes StartupEvent start, Vertx vertx) {
        if (config.feed().sequencer()) {
            this.vertx = vertx;
            long timer = vertx.setPeriodic(config.feed().pollInterval().toMillis(), tick -> wake());
            stop = () -> vertx.cancelTimer(timer);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stop.run();
    }

    /** After a commit: a pass within the wake delay, one for all the commits made until it starts. */
    public void wakeAfterCommit() {
        Vertx timers = vertx;
        if (timers != null && waking.compareAndSet(false, true)) {
            timers.setTimer(Math.max(1, config.feed().wakeDelay().toMillis()), id -> {
                waking.set(false);
                wake();
            });
        }
    }

    /** Runs a pass soon: now when none runs, else right after the running one. */
    public void wake() {
        if (config.feed().sequencer() && state.getAndUpdate(s -> s == IDLE ? RUNNING : AGAIN) == IDLE) {
            run();
        }
    }

    private void run() {
        pass().subscribe().with(pass -> {
            if (pass.appended() > 0) {
                signal.sequenced(pass.lastCursor());
            }
            finished(pass.appended() == config.feed().passSize());
        }, failure -> {
            LOG.debugf("change sequencing pass failed, the next one retries: %s", failure.toString());
            finished(false);
        });
    }

    private void finished(boolean more) {
        if (more || !state.compareAndSet(RUNNING, IDLE)) {
            state.set(RUNNING);
            run();
        }
    }

    /** One pass under the lease, in one transaction. */
    Uni<Pass> pass() {
        return pool.withTransaction(tx -> store.lease(tx).chain(() -> store.sequence(tx, config.feed().passSize())));
    }
}

package dev.ipamql.service;

import dev.ipamql.service.error.ForbiddenException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.store.ChangeStore;
import dev.ipamql.store.ChangeStore.ChangePage;
import dev.ipamql.store.ChangeStore.ChangeRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The committed changes in cursor order, for readers of the feed: pages of the changes after a cursor that a
 * caller may see, and live streams of them. This instance reads the new changes once for all its streams (on every
 * {@link ChangeSignal}) and hands them on; a stream behind that shared read catches up from the store first, so
 * each one gets every change after its cursor exactly once, in order.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final String MARKER = "change:";
    /** Changes read at once, by the shared read and by a stream catching up. */
    static final int PAGE = 500;

    private final ChangeStore store;
    private final Transactions transactions;
    private final Arguments arguments;
    private final ChangeSignal signal;
    private final Timer delay;
    /** Guards {@link #tail} and {@link #live}: a stream joins or leaves between two hand-ons, never during one. */
    private final Object lock = new Object();
    /** The last cursor read and handed on; -1 before the first read. */
    private long tail = -1;
    private final List<Follower> live = new ArrayList<>();
    private final AtomicInteger followers = new AtomicInteger();
    private final AtomicInteger reading = new AtomicInteger();

    public ChangeFeed(ChangeStore store, Transactions transactions, Arguments arguments, ChangeSignal signal,
                      MeterRegistry registry) {
        this.store = store;
        this.transactions = transactions;
        this.arguments = arguments;
        this.signal = signal;
        registry.gauge("ipamql.feed.subscribers", followers);
        this.delay = Timer.builder("ipamql.feed.delay")
                .description("From a change's audit record to this instance reading it for its subscribers")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void start(@Observes StartupEvent start) {
        signal.onSequenced(last -> readNew());
    }

    /** Which changes a reader gets: of these namespaces (null: all) and operations (null: all). */
    public record Scope(List<String> namespaces, List<String> operations) {

        boolean covers(ChangeRow row) {
            return (namespaces == null || namespaces.contains(row.namespace()))
                    && (operations == null || operations.contains(row.operation()));
        }
    }

    /**
     * What {@code caller} may see of {@code namespace} (null: every namespace it may read) and
     * {@code operations} (null: all); FORBIDDEN for a namespace it may not read.
     */
    public Scope scope(Caller caller, String namespace, List<String> operations) {
        if (!caller.isReader()) {
            throw new ForbiddenException(caller.subject() + " lacks the role ipam-reader for this operation");
        }
        if (operations != null) {
            operations.forEach(operation -> Arguments.storable("operations", operation));
        }
        List<String> ops = operations == null ? null : List.copyOf(Set.copyOf(operations));
        if (namespace != null) {
            String name = arguments.namespace(namespace);
            if (!caller.covers(name)) {
                throw new ForbiddenException(caller.subject() + " may not access namespace " + name);
            }
            return new Scope(List.of(name), ops);
        }
        return new Scope(caller.covers("*") ? null : List.copyOf(caller.namespaces()), ops);
    }

    /** The opaque cursor of a change. */
    public static String cursorOf(long cursor) {
        return Cursors.opaque(MARKER + cursor);
    }

    /** The position behind an opaque cursor (null: before every change); INVALID_ARGUMENT when it is none. */
    public static long position(String after) {
        if (after == null) {
            return 0;
        }
        String text = Cursors.reveal(after);
        if (text != null && text.startsWith(MARKER)) {
            try {
                long position = Long.parseLong(text.substring(MARKER.length()));
                if (position >= 0) {
                    return position;
                }
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw notIssued(after);
    }

    private static InvalidArgumentException notIssued(String after) {
        return new InvalidArgumentException("after: " + Arguments.shown(after) + " is not a cursor of the change feed");
    }

    /**
     * At most {@code limit} changes in {@code scope} after {@code after}, oldest first, and the position reached;
     * INVALID_ARGUMENT for a cursor beyond the last one issued.
     */
    public Uni<ChangePage> page(Scope scope, long after, int limit) {
        return transactions.read(db -> store.page(db, after, scope.namespaces(), scope.operations(), limit))
                .invoke(page -> {
                    if (after > page.head()) {
                        throw notIssued(cursorOf(after));
                    }
                });
    }

    /** The last cursor issued. */
    public Uni<Long> head() {
        return transactions.read(store::head);
    }

    /** The query: at most {@code first} changes after the cursor. */
    public Uni<List<ChangeRow>> query(Caller caller, String namespace, String after, Integer first) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            long position = position(after);
            return page(scope(caller, namespace, null), position, limit).map(ChangePage::rows);
        });
    }

    /**
     * Every change in {@code scope} after {@code after} (null: after the last one now), then each new one, in
     * cursor order. More than {@code buffer} changes waiting for the subscriber fail the stream with a
     * {@link io.smallrye.mutiny.subscription.BackPressureFailure}.
     */
    public Multi<ChangeRow> follow(Scope scope, String after, int buffer) {
        return Uni.createFrom().deferred(() -> {
            if (after == null) {
                return transactions.read(store::head);
            }
            long position = position(after);
            return page(scope, position, 0).replaceWith(position);
        }).onItem().transformToMulti(position -> Multi.createFrom().<ChangeRow>emitter(
                emitter -> new Follower(scope, position, emitter).start(), buffer));
    }

    /** Reads the changes after the tail and hands them on; one read at a time, another behind it when signalled. */
    private void readNew() {
        if (reading.getAndUpdate(s -> s == 0 ? 1 : 2) == 0) {
            read();
        }
    }

    private void read() {
        long from;
        synchronized (lock) {
            from = tail;
        }
        Uni<Boolean> step = from < 0
                ? transactions.read(store::head).map(head -> {
                    synchronized (lock) {
                        tail = Math.max(tail, head);
                    }
                    return false;
                })
                : transactions.read(db -> store.page(db, from, null, null, PAGE)).map(page -> handOn(from, page));
        step.subscribe().with(more -> readDone(more), failure -> {
            LOG.debugf("reading new changes failed, the next signal retries: %s", failure.toString());
            readDone(false);
        });
    }

    private void readDone(boolean more) {
        if (more || !reading.compareAndSet(1, 0)) {
            reading.set(1);
            read();
        }
    }

    /** Hands the changes in (from, page.position] to every live stream; true when there may be more. */
    private boolean handOn(long from, ChangePage page) {
        OffsetDateTime now = OffsetDateTime.now();
        for (ChangeRow row : page.rows()) {
            delay.record(Duration.between(row.at(), now));
        }
        synchronized (lock) {
            if (tail != from) {
                return true;
            }
            for (Follower follower : List.copyOf(live)) {
                follower.offer(from, page.position(), page.rows());
            }
            tail = page.position();
        }
        return page.rows().size() == PAGE;
    }

    /** One live stream: catches up from the store until it reaches the shared read, then takes its hand-ons. */
    private final class Follower {
        private final Scope scope;
        private final MultiEmitter<? super ChangeRow> emitter;
        /** Every change up to here was emitted or is not in scope. */
        private long position;
        private volatile boolean ended;

        Follower(Scope scope, long position, MultiEmitter<? super ChangeRow> emitter) {
            this.scope = scope;
            this.position = position;
            this.emitter = emitter;
        }

        void start() {
            followers.incrementAndGet();
            emitter.onTermination(() -> {
                ended = true;
                followers.decrementAndGet();
                synchronized (lock) {
                    live.remove(this);
                }
            });
            join();
        }

        /** Joins the live streams when no hand-on it missed lies between it and the shared read; else catches up. */
        private void join() {
            synchronized (lock) {
                if (ended) {
                    return;
                }
                if (tail < 0 || position >= tail) {
                    live.add(this);
                    return;
                }
            }
            catchUp();
        }

        private void catchUp() {
            page(scope, position, PAGE).subscribe().with(page -> {
                if (ended) {
                    return;
                }
                page.rows().forEach(emitter::emit);
                position = page.position();
                if (page.rows().size() == PAGE) {
                    catchUp();
                } else {
                    join();
                }
            }, emitter::fail);
        }

        /** Called under the lock with the changes in (from, to]. */
        void offer(long from, long to, List<ChangeRow> rows) {
            if (from > position) {
                // it missed changes before these: it leaves the live streams until it has read them
                live.remove(this);
                catchUp();
                return;
            }
            for (ChangeRow row : rows) {
                if (row.cursor() > position && scope.covers(row)) {
                    emitter.emit(row);
                }
            }
            position = Math.max(position, to);
        }
    }
}

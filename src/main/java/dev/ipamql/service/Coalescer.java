package dev.ipamql.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Joins concurrent requests with the same key into batches: while a batch for a key runs, new requests
 * for it wait, and all that waited go together in the next batch (one transaction instead of many
 * queued on one row lock). Only a throughput aid: the database's locks and constraints stay the guard,
 * across instances too. Each request still gets its own answer, on its own Vert.x context.
 *
 * @param <K> what requests must share to be batched (e.g. a prefix)
 * @param <R> a request
 * @param <T> a request's answer
 */
public final class Coalescer<K, R, T> {

    /** One request's answer in a batch: a value or a failure. */
    public record Outcome<T>(T value, Throwable failure) {
        public static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        public static <T> Outcome<T> failed(Throwable failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Waiting<R, T>(R request, UniEmitter<? super T> emitter, Context context) {
    }

    /** The requests of one key: those waiting, and whether a batch is running. */
    private static final class Lane<R, T> {
        final ArrayDeque<Waiting<R, T>> waiting = new ArrayDeque<>();
        boolean running;
        boolean retired;
    }

    private final ConcurrentHashMap<K, Lane<R, T>> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxBatch;
    private final BiFunction<K, List<R>, Uni<List<Outcome<T>>>> runBatch;

    private final DistributionSummary batchSizes;

    /**
     * @param meter    metric name stem: {@code <meter>.batch.size} (requests per batch) and
     *                 {@code <meter>.waiting} (requests waiting for the running batch of their key)
     * @param what     what the requests are, for the metrics' descriptions
     * @param maxBatch most requests in one batch
     * @param runBatch runs one batch and answers each request, index for index; a failure of the
     *                 returned Uni fails every request of the batch
     */
    public Coalescer(MeterRegistry registry, String meter, String what, int maxBatch,
                     BiFunction<K, List<R>, Uni<List<Outcome<T>>>> runBatch) {
        this.maxBatch = maxBatch;
        this.runBatch = runBatch;
        this.batchSizes = DistributionSummary.builder(meter + ".batch.size")
                .description(what + " answered by one transaction")
                .register(registry);
        Gauge.builder(meter + ".waiting", this, Coalescer::waiting)
                .description(what + " waiting to join the next transaction")
                .register(registry);
    }

    /** Requests waiting for the batch running for their key to end. */
    public int waiting() {
        return waiting.get();
    }

    public Uni<T> submit(K key, R request) {
        return Uni.createFrom().emitter(emitter -> enqueue(key, new Waiting<>(request, emitter, Vertx.currentContext())));
    }

    private void enqueue(K key, Waiting<R, T> waiting) {
        while (true) {
            Lane<R, T> lane = lanes.computeIfAbsent(key, k -> new Lane<>());
            List<Waiting<R, T>> batch;
            synchronized (lane) {
                if (lane.retired) {
                    continue; // emptied and removed meanwhile: take the key's new lane
                }
                lane.waiting.add(waiting);
                this.waiting.incrementAndGet();
                if (lane.running) {
                    return;
                }
                lane.running = true;
                batch = take(lane);
            }
            run(key, lane, batch);
            return;
        }
    }

    private List<Waiting<R, T>> take(Lane<R, T> lane) {
        List<Waiting<R, T>> batch = new ArrayList<>(Math.min(lane.waiting.size(), maxBatch));
        while (!lane.waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(lane.waiting.poll());
            waiting.decrementAndGet();
        }
        return batch;
    }

    private void run(K key, Lane<R, T> lane, List<Waiting<R, T>> batch) {
        batchSizes.record(batch.size());
        Uni<List<Outcome<T>>> work;
        try {
            work = runBatch.apply(key, batch.stream().map(Waiting::request).toList());
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(outcomes -> {
            for (int i = 0; i < batch.size(); i++) {
                answer(batch.get(i), i < outcomes.size() ? outcomes.get(i)
                        : Outcome.failed(new IllegalStateException("a batch answered fewer requests than it held")));
            }
            next(key, lane);
        }, failure -> {
            batch.forEach(waiting -> answer(waiting, Outcome.failed(failure)));
            next(key, lane);
        });
    }

    private void next(K key, Lane<R, T> lane) {
        List<Waiting<R, T>> batch;
        synchronized (lane) {
            if (lane.waiting.isEmpty()) {
                lane.running = false;
                lane.retired = true;
                lanes.remove(key, lane);
                return;
            }
            batch = take(lane);
        }
        run(key, lane, batch);
    }

    private void answer(Waiting<R, T> waiting, Outcome<T> outcome) {
        Runnable complete = outcome.failure() == null
                ? () -> waiting.emitter().complete(outcome.value())
                : () -> waiting.emitter().fail(outcome.failure());
        if (waiting.context() == null) {
            complete.run();
        } else {
            waiting.context().runOnContext(ignored -> complete.run());
        }
    }
}

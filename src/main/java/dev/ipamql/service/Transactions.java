package dev.ipamql.service;

import dev.ipamql.service.error.ConflictException;
import dev.ipamql.store.AuditStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs work in one PostgreSQL transaction on the reactive pool, retrying it (jittered back-off,
 * bounded) when it lost a race to another transaction of this or any other service instance.
 */
@ApplicationScoped
public class Transactions {

    /** serialization_failure, deadlock_detected, unique_violation, exclusion_violation, lock_not_available. */
    private static final Set<String> RACE_STATES = Set.of("40001", "40P01", "23505", "23P01", "55P03");

    private final Pool pool;
    private final IpamConfig config;
    private final AuditStore auditLog;
    private final ChangeSequencer sequencer;

    public Transactions(Pool pool, IpamConfig config, AuditStore auditLog, ChangeSequencer sequencer) {
        this.pool = pool;
        this.config = config;
        this.auditLog = auditLog;
        this.sequencer = sequencer;
    }

    /**
     * Runs {@code work} and appends its audit record, both in one transaction: BEGIN goes out with the
     * work's first statements, the audit record and COMMIT go out together behind its last ones.
     */
    public <T> Uni<T> write(Operation.Call<T> call, Function<SqlConnection, Uni<T>> work) {
        return writePipelined(tx -> work.apply(tx).chain(result -> commit(tx,
                List.of(auditLog.append(tx, List.of(call.record(result)))), result)));
    }

    /** What work answers when it may have found nothing to do: then its transaction writes no audit record. */
    public record Outcome<T>(T value, boolean changed) {
    }

    /** As {@link #write}, but the audit record is appended only when the work's outcome changed something. */
    public <T> Uni<T> writeIfChanged(Operation.Call<T> call, Function<SqlConnection, Uni<Outcome<T>>> work) {
        return writePipelined(tx -> work.apply(tx).chain(outcome -> commit(tx, outcome.changed()
                ? List.of(auditLog.append(tx, List.of(call.record(outcome.value())))) : List.of(), outcome.value())));
    }

    /**
     * What pipelined work answers: its result, once the COMMIT sent behind its last statements succeeded.
     * Only {@link #commit} makes one, so work cannot end without ending its transaction.
     */
    public static final class Committed<T> {
        private final T value;

        private Committed(T value) {
            this.value = value;
        }
    }

    /**
     * Sends {@code writes} and COMMIT behind them without waiting in between (one round trip); answers
     * {@code value} once all succeeded. When a write fails, PostgreSQL's transaction is aborted and the
     * COMMIT behind it rolls it back.
     */
    public static <T> Uni<Committed<T>> commit(SqlConnection tx, List<Uni<?>> writes, T value) {
        List<Uni<?>> all = new ArrayList<>(writes);
        all.add(tx.query("COMMIT").execute());
        return Uni.combine().all().unis(all).discardItems().replaceWith(new Committed<>(value));
    }

    /**
     * Sends {@code first}, {@code second} and COMMIT behind them without waiting in between (one round trip,
     * so the work cannot look at their results before it commits); answers what {@code result} makes of
     * their results once all succeeded.
     */
    public static <A, B, T> Uni<Committed<T>> commit(SqlConnection tx, Uni<A> first, Uni<B> second,
                                                     BiFunction<A, B, T> result) {
        return Uni.combine().all().unis(first, second, tx.query("COMMIT").execute())
                .with((a, b, committed) -> new Committed<>(result.apply(a, b)));
    }

    /**
     * One transaction, retried (jittered back-off, bounded) when it lost a race: BEGIN goes out together with
     * the work's first statements, and the work sends COMMIT behind its last ones ({@link #commit}). A
     * failure rolls back.
     */
    public <T> Uni<T> writePipelined(Function<SqlConnection, Uni<Committed<T>>> work) {
        return retried(attempt("BEGIN", work));
    }

    /**
     * One attempt of pipelined work, not retried, for work that has another way to go when the attempt fails:
     * it waits for each row lock at most {@code lockWait} (so that one busy row does not hold up everything
     * the work covers), and PostgreSQL runs its statements with their cached generic plans rather than planning
     * them anew for each call. That is for statements that take arrays, whose custom plans (arrays of known
     * length) always look cheaper to the planner than the generic plan, so that they would be planned on every
     * call; their generic plans must then be good for any argument: probes by key, not by estimate. A failure
     * that is a {@link PgException} means PostgreSQL refused the work and nothing of it was committed; any other
     * failure (e.g. the connection was lost after COMMIT was sent) leaves the outcome unknown.
     */
    public <T> Uni<T> attemptPipelinedBriefly(Duration lockWait, Function<SqlConnection, Uni<Committed<T>>> work) {
        return attempt("BEGIN; SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL lock_timeout = '"
                + Math.max(1, lockWait.toMillis()) + "ms'", work);
    }

    /**
     * One attempt: {@code begin} (BEGIN and any SET LOCAL) goes out together with the work's first statements.
     * Once committed, the change sequencer gives its audit records their cursors.
     */
    private <T> Uni<T> attempt(String begin, Function<SqlConnection, Uni<Committed<T>>> work) {
        return Uni.createFrom().deferred(() -> pool.withConnection(connection -> Uni.combine().all()
                .unis(connection.query(begin).execute(), Uni.createFrom().deferred(() -> work.apply(connection)))
                .with((begun, committed) -> committed.value)
                .onFailure().call(failure -> connection.query("ROLLBACK").execute().onFailure().recoverWithNull())))
                .invoke(sequencer::wakeAfterCommit);
    }

    private <T> Uni<T> retried(Uni<T> attempt) {
        IpamConfig.Retry retry = config.retry();
        return attempt
                .onFailure(Transactions::lostRace).retry()
                .withBackOff(retry.initialBackOff(), retry.maxBackOff()).withJitter(0.5)
                .atMost(retry.attempts())
                .onFailure(Transactions::lostRace).transform(e -> new ConflictException(
                        "a concurrent change could not be resolved after " + (retry.attempts() + 1) + " attempts; retry"))
                .onFailure().transform(Failures::toClientError);
    }

    /** Reads outside any transaction: each statement takes its own pooled connection. */
    public <T> Uni<T> read(Function<SqlClient, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> work.apply(pool)).onFailure().transform(Failures::toClientError);
    }

    static boolean lostRace(Throwable failure) {
        return failure instanceof LostRace || failure instanceof PgException pg && RACE_STATES.contains(pg.getSqlState());
    }

    /**
     * Work found the database changed under it in a way no constraint reported (e.g. a refused insert whose
     * cause was gone when looked for): the transaction is retried like one that lost a race.
     */
    static final class LostRace extends RuntimeException {
        LostRace(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.ipamql.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.graphql.api.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Counts every mutation by operation and outcome (the error code, or {@code success}) and records
 * its latency in a histogram: {@code ipamql_operations_total}, {@code ipamql_operation_seconds}.
 */
@ApplicationScoped
public class OperationMetrics {

    private final MeterRegistry registry;

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> Uni<T> record(String operation, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return work.get().onItemOrFailure().invoke((item, failure) -> {
                Counter.builder("ipamql.operations")
                        .description("Mutations by operation and outcome")
                        .tag("operation", operation)
                        .tag("outcome", failure == null ? "success" : outcome(failure))
                        .register(registry)
                        .increment();
                Timer.builder("ipamql.operation")
                        .description("Latency of mutations, by operation")
                        .tag("operation", operation)
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            });
        });
    }

    private static String outcome(Throwable failure) {
        ErrorCode code = failure.getClass().getAnnotation(ErrorCode.class);
        return code == null ? "INTERNAL" : code.value();
    }
}

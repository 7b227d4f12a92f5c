package dev.ipamql.support;

import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * How this project's properties run on QuickTheories: the tries asked for, a bounded shrinking (each step
 * may be requests to a service) and room for generators that filter.
 * A falsified property ends its report with "Seed was N"; the system property QT_SEED, which Maven hands to
 * the test JVM, draws the same values again:
 * {@code ./mvnw -B verify -Dit.test='HostileInputIT#aPrefixLookupAnswersWithDataOrAContractCode' -DQT_SEED=N
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
public final class PropertyRuns {

    /** Shrinking steps after a failure, unless a property asks for fewer. */
    public static final int SHRINK_CYCLES = 100;
    private static final int GENERATE_ATTEMPTS = 10_000;

    private PropertyRuns() {
    }

    public static <T> int check(int tries, Gen<T> values, Consumer<T> property) {
        return check(tries, SHRINK_CYCLES, values, property);
    }

    /**
     * Checks the property on {@code tries} values and returns how many it ran. QuickTheories skips a value it
     * already drew in a run, so one run may come short: further runs, each of its own seed, make up the rest.
     */
    public static <T> int check(int tries, int shrinkCycles, Gen<T> values, Consumer<T> property) {
        int tried = 0;
        while (tried < tries) {
            int[] run = {0};
            QuickTheory.qt().withExamples(tries - tried).withShrinkCycles(shrinkCycles)
                    .withGenerateAttempts(GENERATE_ATTEMPTS)
                    .forAll(values).checkAssert(value -> {
                        run[0]++;
                        property.accept(value);
                    });
            tried += run[0];
        }
        return tried;
    }
}

package dev.ipamql.support;

import org.quicktheories.QuickTheory;

/**
 * QuickTheories as this project's properties run: the tries asked for (a value drawn twice runs once),
 * a bounded shrinking (each step may be requests to a service), and room for generators that filter.
 * A falsified property ends its report with "Seed was N"; the same values come again with the system
 * property QT_SEED, which Maven hands to the test JVM:
 * {@code ./mvnw -B verify -Dit.test='HostileInputIT#aPrefixLookupAnswersWithDataOrAContractCode' -DQT_SEED=N
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
public final class PropertyRuns {

    private static final int SHRINK_CYCLES = 100;
    private static final int GENERATE_ATTEMPTS = 10_000;

    private PropertyRuns() {
    }

    public static QuickTheory tries(int tries) {
        return tries(tries, SHRINK_CYCLES);
    }

    /** With fewer shrinking steps, for properties whose every try is long. */
    public static QuickTheory tries(int tries, int shrinkCycles) {
        return QuickTheory.qt().withExamples(tries).withShrinkCycles(shrinkCycles).withGenerateAttempts(GENERATE_ATTEMPTS);
    }
}

package dev.ipamql.support;

import java.util.function.Supplier;

/** Bounded polling for state that other threads or processes reach: never a sleep that waits for state. */
public final class Polling {

    private Polling() {
    }

    /** Polls every 50 ms, at most {@code seconds}, until {@code value} is accepted by {@code done}; returns it. */
    public static <T> T until(int seconds, String what, Supplier<T> value, java.util.function.Predicate<T> done) {
        T last = null;
        for (long i = 0; i < seconds * 20L; i++) {
            last = value.get();
            if (done.test(last)) {
                return last;
            }
            pause();
        }
        throw new AssertionError(what + " not reached within " + seconds + " s; last: " + last);
    }

    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

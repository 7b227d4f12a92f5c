package dev.ipamql.support;

import java.util.concurrent.atomic.AtomicInteger;

/** Fresh namespaces, so that no test depends on another's leftovers. */
public final class Namespaces {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Namespaces() {
    }

    /** Creates and returns a namespace no other test uses. */
    public static String fresh() {
        String name = "t" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-" + NEXT.incrementAndGet();
        GraphQL.run("createNamespace", "name", name).ok();
        return name;
    }
}

package dev.ipamql;

/** Provides a database before the application starts when none is configured. */
public interface DatabaseBootstrap {

    /** Called once before Quarkus reads its configuration; may set system properties. */
    void beforeStart();
}

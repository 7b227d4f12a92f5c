package dev.ipamql;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.ServiceLoader;

/**
 * Entry point: gives each {@link DatabaseBootstrap} on the class path (the JVM build's embedded
 * PostgreSQL; none in a native build) the chance to provide a database before Quarkus starts.
 */
@QuarkusMain
public class IpamqlMain {

    public static void main(String... args) {
        // the AppCDS training run only initialises classes and exits: it needs no database
        if (!Boolean.getBoolean("quarkus.appcds.generate")) {
            for (DatabaseBootstrap bootstrap : ServiceLoader.load(DatabaseBootstrap.class)) {
                bootstrap.beforeStart();
            }
        }
        Quarkus.run(args);
    }
}

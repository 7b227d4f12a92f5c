package dev.ipamql.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link PostgresResource} once for every {@code @QuarkusTest}. */
@QuarkusTestResource(PostgresResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}

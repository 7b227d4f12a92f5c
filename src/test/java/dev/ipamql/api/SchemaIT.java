package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SchemaTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class SchemaIT extends SchemaTest {
}

package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}

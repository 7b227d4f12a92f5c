package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MetricsTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class MetricsIT extends MetricsTest {
}

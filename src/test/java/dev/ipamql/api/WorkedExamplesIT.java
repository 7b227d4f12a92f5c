package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WorkedExamplesTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class WorkedExamplesIT extends WorkedExamplesTest {
}

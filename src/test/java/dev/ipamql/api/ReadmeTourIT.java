package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ReadmeTourTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class ReadmeTourIT extends ReadmeTourTest {
}

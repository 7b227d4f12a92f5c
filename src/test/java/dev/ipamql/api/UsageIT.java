package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UsageTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class UsageIT extends UsageTest {
}

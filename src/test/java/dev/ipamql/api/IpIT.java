package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link IpTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class IpIT extends IpTest {
}

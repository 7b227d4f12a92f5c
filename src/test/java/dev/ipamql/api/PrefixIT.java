package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PrefixTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class PrefixIT extends PrefixTest {
}

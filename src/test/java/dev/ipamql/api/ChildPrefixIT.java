package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ChildPrefixTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class ChildPrefixIT extends ChildPrefixTest {
}

package dev.ipamql.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link NamespaceTest} against the packaged application, started as production starts it. */
@QuarkusIntegrationTest
class NamespaceIT extends NamespaceTest {
}

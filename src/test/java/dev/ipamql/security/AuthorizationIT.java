package dev.ipamql.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AuthorizationTest} against the packaged application in its production profile. */
@QuarkusIntegrationTest
class AuthorizationIT extends AuthorizationTest {
}

package dev.ipamql.security;

import static dev.ipamql.support.GraphQL.run;
import static dev.ipamql.support.GraphQL.runAs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may do what: every role and operation class, allowed and refused, with exact codes. */
@QuarkusTest
class AuthorizationTest {

    private static String reader(String ns) {
        return Tokens.token("rita", List.of("ipam-reader"), List.of(ns), 600);
    }

    private static String writer(String ns) {
        return Tokens.token("wim", List.of("ipam-writer"), List.of(ns), 600);
    }

    private static String admin(String ns) {
        return Tokens.token("ada", List.of("ipam-admin"), List.of(ns), 600);
    }

    @Test
    void aMissingMalformedExpiredOrForeignTokenIsUnauthenticated() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        List<String> refused = List.of(
                "not-a-token",
                Tokens.token("old", List.of("ipam-admin"), List.of("*"), -120),
                Tokens.sign("mallory", List.of("ipam-admin"), List.of("*"), 600, "ipamql-local", otherKey),
                Tokens.sign("eve", List.of("ipam-admin"), List.of("*"), 600, "someone-else", Tokens.privateKey()));
        assertEquals("UNAUTHENTICATED", runAs(null, "namespaces").errorCode());
        assertEquals("UNAUTHENTICATED", runAs(null, "createNamespace", "name", "nobody").errorCode());
        for (String token : refused) {
            assertEquals("UNAUTHENTICATED", runAs(token, "namespaces").errorCode(), token);
            assertEquals("UNAUTHENTICATED", runAs(token, "acquireIP", "prefix", "10.0.0.0/24").errorCode(), token);
        }
    }

    @Test
    void aTrustedTokenWithClaimsOfTheWrongTypeOrNoSubjectIsUnauthenticated() {
        List<String> refused = List.of(
                Tokens.adminWith(claims -> claims.setClaim("groups", java.util.Map.of("ipam-admin", true))),
                Tokens.adminWith(claims -> claims.setClaim("groups", 5)),
                Tokens.adminWith(claims -> claims.setClaim("upn", java.util.Map.of("a", 1))),
                Tokens.adminWith(claims -> {
                    claims.unsetClaim("upn");
                    claims.unsetClaim("sub");
                }),
                Tokens.adminWith(claims -> claims.setClaim("upn", "ad\u0000min")));
        for (String token : refused) {
            var answer = runAs(token, "namespaces");
            assertEquals("UNAUTHENTICATED", answer.errorCode(), token);
        }
    }

    @Test
    void aReaderQueriesItsNamespaceButChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        String token = reader(ns);

        assertEquals("10.0.0.0/24", runAs(token, "prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok().string("data.prefix.cidr"));
        assertEquals(List.of("10.0.0.0/24"), runAs(token, "prefixes", "namespace", ns).ok().list("data.prefixes.edges.node.cidr"));
        assertEquals(1, runAs(token, "prefixesOverlapping", "existing", List.of("10.0.0.0/8"), "candidates",
                List.of("10.1.0.0/16")).ok().json().getList("data.prefixesOverlapping").size());
        assertEquals("FORBIDDEN", runAs(token, "acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).errorCode());
        assertEquals("FORBIDDEN", runAs(token, "createPrefix", "cidr", "10.9.0.0/24", "namespace", ns).errorCode());
        assertEquals("FORBIDDEN", runAs(token, "createNamespace", "name", ns + "-x").errorCode());
        assertEquals("FORBIDDEN", runAs(token, "exportNamespace", "name", ns).errorCode());
        assertEquals("FORBIDDEN", runAs(token, "auditLog", "namespace", ns).errorCode());
        assertEquals(List.of(), run("prefix", "cidr", "10.0.0.0/24", "namespace", ns).ok().list("data.prefix.ips.edges"));
    }

    @Test
    void aWriterChangesPrefixesAndIpsButNotNamespaces() {
        String ns = Namespaces.fresh();
        String token = writer(ns);

        runAs(token, "createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        runAs(token, "acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        assertEquals("10.0.0.1", runAs(token, "acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok()
                .string("data.acquireIP.address"));
        runAs(token, "releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        runAs(token, "releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        runAs(token, "deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals("FORBIDDEN", runAs(token, "createNamespace", "name", ns + "-w").errorCode());
        assertEquals("FORBIDDEN", runAs(token, "deleteNamespace", "name", ns).errorCode());
        assertEquals("FORBIDDEN", runAs(token, "importNamespace", "name", ns, "data", "[]").errorCode());
        assertEquals("FORBIDDEN", runAs(token, "auditLog", "namespace", ns).errorCode());
    }

    @Test
    void anAdminManagesNamespacesAndReadsTheAuditLogOfItsNamespaces() {
        String ns = "adm-" + Long.toString(System.nanoTime(), 36);
        String token = admin(ns);

        assertEquals(ns, runAs(token, "createNamespace", "name", ns).ok().string("data.createNamespace.name"));
        assertEquals(1, runAs(token, "auditLog", "namespace", ns).ok().json().getList("data.auditLog.edges").size());
        assertEquals("FORBIDDEN", runAs(token, "auditLog").errorCode());
        assertEquals("FORBIDDEN", runAs(token, "createNamespace", "name", ns + "-other").errorCode());
        assertEquals(ns, runAs(token, "deleteNamespace", "name", ns).ok().string("data.deleteNamespace.name"));
    }

    @Test
    void anotherNamespaceIsForbiddenAndNeverListed() {
        String mine = Namespaces.fresh();
        String theirs = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", theirs).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", theirs).ok();

        assertEquals("FORBIDDEN", runAs(writer(mine), "releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1",
                "namespace", theirs).errorCode());
        assertEquals("FORBIDDEN", runAs(writer(mine), "acquireIP", "prefix", "10.0.0.0/24", "namespace", theirs).errorCode());
        assertEquals("FORBIDDEN", runAs(reader(mine), "prefix", "cidr", "10.0.0.0/24", "namespace", theirs).errorCode());
        assertEquals("FORBIDDEN", runAs(reader(mine), "prefixes", "namespace", theirs).errorCode());
        assertEquals("FORBIDDEN", runAs(reader(mine), "namespace", "name", theirs).errorCode());
        assertEquals(List.of(mine), runAs(reader(mine), "namespaces").ok().list("data.namespaces.name"));
        assertEquals(List.of("10.0.0.1"), run("prefix", "cidr", "10.0.0.0/24", "namespace", theirs).ok()
                .list("data.prefix.ips.edges.node.address"));
    }
}

package dev.ipamql.security;

import static dev.ipamql.support.GraphQL.run;
import static dev.ipamql.support.GraphQL.runAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every successful mutation leaves one audit record, checked field by field; a failed one leaves none. */
@QuarkusTest
class AuditTrailTest {

    @Test
    void eachMutationKindIsRecordedWithSubjectArgumentsAndResult() {
        String ns = "aud-" + Long.toString(System.nanoTime(), 36);
        String token = Tokens.token("auditor-ada", List.of("ipam-admin"), List.of(ns), 600);

        runAs(token, "createNamespace", "name", ns).ok();
        runAs(token, "createPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "lab").ok();
        runAs(token, "acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns, "requestId", "r1").ok();
        runAs(token, "acquireSpecificChildPrefix", "parent", "10.0.0.0/16", "cidr", "10.0.5.0/24", "namespace", ns).ok();
        runAs(token, "acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.7", "namespace", ns, "description", "vm").ok();
        runAs(token, "releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.7", "namespace", ns).ok();
        runAs(token, "releaseChildPrefix", "cidr", "10.0.5.0/24", "namespace", ns).ok();
        runAs(token, "deletePrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        runAs(token, "deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        runAs(token, "importNamespace", "name", ns, "data", "[]").ok();
        runAs(token, "deleteNamespace", "name", ns).ok();

        // the trail outlives the namespace
        var log = runAs(token, "auditLog", "namespace", ns).ok();
        List<Map<String, Object>> all = log.json().getList("data.auditLog.edges.node");
        assertEquals("deleteNamespace", all.get(0).get("operation"));
        assertEquals(new JsonObject().put("name", ns), json(all.get(0).get("arguments")));
        assertEquals(ns, json(all.get(0).get("result")).getString("name"));
        List<Map<String, Object>> records = all.subList(1, all.size());
        assertEquals(List.of("importNamespace", "deletePrefix", "deletePrefix", "releaseChildPrefix", "releaseIP",
                        "acquireIP", "acquireSpecificChildPrefix", "acquireChildPrefix", "createPrefix", "createNamespace"),
                records.stream().map(r -> r.get("operation")).toList());
        all.forEach(r -> {
            assertEquals("auditor-ada", r.get("subject"));
            assertEquals(ns, r.get("namespace"));
        });
        assertEquals(new JsonObject().put("name", ns), json(records.get(9).get("arguments")));
        assertEquals(ns, json(records.get(9).get("result")).getString("name"));
        assertEquals(new JsonObject().put("cidr", "10.0.0.0/16").put("description", "lab"), json(records.get(8).get("arguments")));
        assertEquals("10.0.0.0/16", json(records.get(8).get("result")).getString("cidr"));
        assertEquals(new JsonObject().put("parent", "10.0.0.0/16").put("length", 24).put("description", null)
                .put("requestId", "r1"), json(records.get(7).get("arguments")));
        assertEquals("10.0.0.0/24", json(records.get(7).get("result")).getString("cidr"));
        assertEquals("10.0.5.0/24", json(records.get(6).get("arguments")).getString("cidr"));
        assertEquals(new JsonObject().put("prefix", "10.0.0.0/24").put("address", "10.0.0.7").put("description", "vm")
                .put("requestId", null), json(records.get(5).get("arguments")));
        assertEquals("10.0.0.7", json(records.get(5).get("result")).getString("address"));
        assertEquals("vm", json(records.get(5).get("result")).getString("description"));
        assertEquals(new JsonObject().put("prefix", "10.0.0.0/24").put("address", "10.0.0.7"),
                json(records.get(4).get("arguments")));
        assertEquals("10.0.5.0/24", json(records.get(3).get("result")).getString("cidr"));
        assertEquals("10.0.0.0/24", json(records.get(2).get("arguments")).getString("cidr"));
        assertEquals("10.0.0.0/16", json(records.get(1).get("arguments")).getString("cidr"));
        assertEquals(0, json(records.get(0).get("result")).getInteger("prefixes"));
        assertEquals(11, ((Number) log.get("data.auditLog.totalCount")).intValue());
    }

    @Test
    void aFailedMutationWritesNoRecord() {
        String ns = "aud-" + Long.toString(System.nanoTime(), 36);
        run("createNamespace", "name", ns).ok();
        run("createPrefix", "cidr", "10.0.0.0/30", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/30", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/30", "namespace", ns).ok();
        int before = count(ns);

        assertEquals("NO_IP_AVAILABLE", run("acquireIP", "prefix", "10.0.0.0/30", "namespace", ns).errorCode());
        assertEquals("OVERLAP", run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).errorCode());
        assertEquals("INVALID_ARGUMENT", run("releaseIP", "prefix", "10.0.0.0/30", "address", "10.0.0.3", "namespace", ns).errorCode());
        assertEquals("NOT_FOUND", run("releaseIP", "prefix", "10.0.0.0/29", "address", "10.0.0.3", "namespace", ns).errorCode());
        assertEquals("ALREADY_EXISTS", run("createNamespace", "name", ns).errorCode());
        assertEquals("NAMESPACE_NOT_EMPTY", run("deleteNamespace", "name", ns).errorCode());

        assertEquals(before, count(ns));
    }

    @Test
    void theLogIsPagedNewestFirstAndFilteredBySubjectAndTime() {
        String ns = "aud-" + Long.toString(System.nanoTime(), 36);
        run("createNamespace", "name", ns).ok();
        String bob = Tokens.token("bob", List.of("ipam-writer"), List.of(ns), 600);
        runAs(bob, "createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        runAs(bob, "acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();
        runAs(bob, "acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

        var first = run("auditLog", "namespace", ns, "subject", "bob", "first", 2).ok();
        var second = run("auditLog", "namespace", ns, "subject", "bob", "first", 2,
                "after", first.string("data.auditLog.pageInfo.endCursor")).ok();

        assertEquals(3, ((Number) first.get("data.auditLog.totalCount")).intValue());
        assertEquals(List.of("acquireIP", "acquireIP"), first.list("data.auditLog.edges.node.operation"));
        assertEquals(true, first.get("data.auditLog.pageInfo.hasNextPage"));
        assertEquals(List.of("createPrefix"), second.list("data.auditLog.edges.node.operation"));
        assertEquals(false, second.get("data.auditLog.pageInfo.hasNextPage"));
        assertEquals(0, run("auditLog", "namespace", ns, "since", "2999-01-01T00:00:00Z").ok().json()
                .getList("data.auditLog.edges").size());
        assertTrue(run("auditLog", "namespace", ns).ok().list("data.auditLog.edges.node.subject").contains("test-admin"));
    }

    private static int count(String ns) {
        return ((Number) run("auditLog", "namespace", ns).ok().get("data.auditLog.totalCount")).intValue();
    }

    private static JsonObject json(Object text) {
        return new JsonObject((String) text);
    }

    @Test
    void filtersThatNoNamespaceOrSubjectCouldHaveAreInvalidArgument() {
        var subject = run("auditLog", "subject", "\u0000");
        assertEquals("INVALID_ARGUMENT", subject.errorCode());
        assertEquals("subject: contains a character that is not valid text (NUL or a lone UTF-16 surrogate) at position 0",
                subject.errorMessage());
        var namespace = run("auditLog", "namespace", "a\u0000");
        assertEquals("INVALID_ARGUMENT", namespace.errorCode());
        assertTrue(namespace.errorMessage().startsWith("invalid namespace name"), namespace.errorMessage());
        // beyond what PostgreSQL's timestamps hold
        var since = run("auditLog", "since", "+294277-01-01T00:00:00Z");
        assertEquals("INVALID_ARGUMENT", since.errorCode());
        assertEquals("since: +294277-01-01T00:00Z lies outside the range the audit log can hold (4713 BC to 294276 AD)",
                since.errorMessage());
        assertEquals("INVALID_ARGUMENT", run("auditLog", "since", "+999999-01-01T00:00:00Z").errorCode());
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exportNamespace and importNamespace carry pools; audit records name the pool operations. */
@QuarkusTest
class PoolTransferTest {

    @Test
    void poolsSurviveARoundTripWithTheirVersionsAndServeAtOnce() {
        String original = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.0.0.0/29", "namespace", original,
                "labels", List.of(Map.of("key", "pool", "value", "web"))).ok();
        run("createPool", "name", "web", "kind", "IP", "selector", "pool=web", "namespace", original,
                "labels", List.of(Map.of("key", "team", "value", "net"))).ok();
        run("updatePool", "name", "web", "namespace", original, "description", "front ends").ok();
        String copy = Namespaces.fresh();

        String exported = run("exportNamespace", "name", original).ok().string("data.exportNamespace");
        run("importNamespace", "name", copy, "data", exported).ok();
        String reexported = run("exportNamespace", "name", copy).ok().string("data.exportNamespace");

        JsonArray pools = new JsonObject(exported).getJsonArray("pools");
        JsonObject pool = pools.getJsonObject(0).copy();
        pool.remove("createdAt");
        assertEquals(new JsonObject().put("name", "web").put("kind", "IP").put("selector", "pool=web")
                .put("description", "front ends").put("labels", new JsonObject().put("team", "net")).put("version", 2), pool);
        assertEquals(pools, new JsonObject(reexported).getJsonArray("pools"));
        assertEquals("10.0.0.1", run("acquireIPWithStrategy", "pool", "web", "namespace", copy).ok()
                .string("data.acquireIP.address"));
    }

    @Test
    void aNamespaceWithoutPoolsExportsWithoutThem() {
        String ns = Namespaces.fresh();

        String exported = run("exportNamespace", "name", ns).ok().string("data.exportNamespace");

        assertNull(new JsonObject(exported).getValue("pools"));
    }

    @Test
    void badOrTwiceNamedPoolsAreRefusedAndNothingIsImported() {
        String ns = Namespaces.fresh();
        String twice = document("{\"name\":\"a\",\"kind\":\"IP\",\"selector\":\"\"},{\"name\":\"a\",\"kind\":\"IP\",\"selector\":\"x\"}");
        String badKind = document("{\"name\":\"a\",\"kind\":\"ADDRESS\",\"selector\":\"\"}");
        String badSelector = document("{\"name\":\"a\",\"kind\":\"IP\",\"selector\":\"k in (\"}");
        String badName = document("{\"name\":\"A\",\"kind\":\"IP\",\"selector\":\"\"}");

        assertEquals("pools[1].name: pool a is named already by pools[0]", refusal(ns, twice));
        assertEquals("pools[0].kind: 'ADDRESS' is not a pool kind; expected IP or CHILD_PREFIX", refusal(ns, badKind));
        assertEquals("pools[0].name: invalid pool name 'A': use 1-63 characters of a-z, 0-9 and '-', starting with a "
                + "letter or digit", refusal(ns, badName));
        assertEquals("INVALID_ARGUMENT", run("importNamespace", "name", ns, "data", badSelector).errorCode());
        assertEquals(List.of(), run("pools", "namespace", ns).ok().list("data.pools.name"));
    }

    @Test
    void poolsAreImportedOnlyIntoANamespaceWithoutPools() {
        String ns = Namespaces.fresh();
        run("createPool", "name", "old", "kind", "IP", "selector", "", "namespace", ns).ok();

        Result refused = run("importNamespace", "name", ns, "data", document("{\"name\":\"a\",\"kind\":\"IP\",\"selector\":\"\"}"));

        assertEquals("NAMESPACE_NOT_EMPTY", refused.errorCode());
        assertEquals("namespace " + ns + " already holds 1 pool; import pools only into a namespace without any",
                refused.errorMessage());
    }

    @Test
    void everyPoolMutationLeavesItsAuditRecord() {
        String ns = Namespaces.fresh();
        run("createPool", "name", "web", "kind", "IP", "selector", "a=b", "namespace", ns).ok();
        run("updatePool", "name", "web", "namespace", ns, "selector", "a=c").ok();
        run("deletePool", "name", "web", "namespace", ns).ok();

        Result log = run("auditLog", "namespace", ns).ok();

        assertEquals(List.of("deletePool", "updatePool", "createPool", "createNamespace"),
                log.list("data.auditLog.edges.node.operation"));
        assertEquals(new JsonObject().put("name", "web").put("kind", "IP").put("selector", "a=b"),
                new JsonObject(log.string("data.auditLog.edges[2].node.arguments")));
        assertEquals(new JsonObject().put("name", "web").put("selector", "a=c"),
                new JsonObject(log.string("data.auditLog.edges[1].node.arguments")));
        assertEquals("a=c", new JsonObject(log.string("data.auditLog.edges[0].node.result")).getString("selector"));
    }

    private static String document(String pools) {
        return "{\"format\":\"ipamql-export\",\"version\":1,\"prefixes\":[],\"pools\":[" + pools + "]}";
    }

    private static String refusal(String ns, String data) {
        Result refused = run("importNamespace", "name", ns, "data", data);
        assertEquals("INVALID_ARGUMENT", refused.errorCode());
        return refused.errorMessage();
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Tokens;
import graphql.ParseAndValidate;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's tour, step by step with its example operations, and every example valid against the schema. */
@QuarkusTest
class ReadmeTourTest {

    @Test
    void theTourOfTheReadmeGivesTheResultsItShows() {
        String ns = "tour-" + Long.toString(System.nanoTime(), 36);
        assertEquals(ns, run("createNamespace", "name", ns).ok().string("data.createNamespace.name"));
        var v4 = run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "lab network").ok();
        assertEquals("V4", v4.string("data.createPrefix.family"));
        var rack = run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns,
                "description", "rack 1").ok();
        assertEquals("10.0.0.0/24", rack.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.1", run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns, "description", "gateway")
                .ok().string("data.acquireIP.address"));
        assertEquals("10.0.0.10", run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.10", "namespace", ns)
                .ok().string("data.acquireIP.address"));
        assertEquals("V6", run("createPrefix", "cidr", "2001:db8::/48", "namespace", ns).ok()
                .string("data.createPrefix.family"));
        assertEquals("2001:db8::/64", run("acquireChildPrefix", "parent", "2001:db8::/48", "length", 64,
                "namespace", ns).ok().string("data.acquireChildPrefix.cidr"));
        assertEquals("2001:db8:0:1::/72", run("acquireChildPrefix", "parent", "2001:db8::/48", "length", 72,
                "namespace", ns).ok().string("data.acquireChildPrefix.cidr"));
        assertEquals("2001:db8:0:1::1", run("acquireIP", "prefix", "2001:db8:0:1::/72", "namespace", ns).ok()
                .string("data.acquireIP.address"));

        var tree = run("tree", "name", ns).ok();
        assertEquals(List.of("10.0.0.0/16", "2001:db8::/48"), tree.list("data.namespace.prefixes.edges.node.cidr"));
        assertEquals(List.of("10.0.1.0/24", "10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20",
                "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17"),
                tree.list("data.namespace.prefixes.edges[0].node.usage.availablePrefixes"));
        assertEquals(BigInteger.valueOf(252), tree.get("data.namespace.prefixes.edges[0].node.children[0].usage.freeIPs"));
        assertEquals(List.of("10.0.0.1", "10.0.0.10"),
                tree.list("data.namespace.prefixes.edges[0].node.children[0].ips.edges.node.address"));
        assertEquals(new BigInteger("1208925819614629174706176"), tree.get("data.namespace.prefixes.edges[1].node.usage.size"));
        assertEquals(List.of("2001:db8::/64", "2001:db8:0:1::/72"),
                tree.list("data.namespace.prefixes.edges[1].node.children.cidr"));

        var taken = run("acquireIP", "prefix", "10.0.0.0/24", "address", "10.0.0.10", "namespace", ns);
        assertEquals("ALREADY_ALLOCATED", taken.errorCode());
        assertEquals("given ip:10.0.0.10 is already allocated", taken.errorMessage());

        List<Map<String, String>> prod = List.of(Map.of("key", "env", "value", "prod"));
        var labelled = run("createLabelledPrefix", "cidr", "10.1.0.0/16", "namespace", ns, "labels", prod).ok();
        assertEquals(prod, labelled.json().getList("data.createPrefix.labels"));
        assertEquals(BigInteger.ONE, labelled.get("data.createPrefix.version"));
        var selected = run("prefixesBySelector", "namespace", ns, "selector", "env=prod,tier notin (db)").ok();
        assertEquals(BigInteger.ONE, selected.get("data.prefixes.totalCount"));
        assertEquals(false, selected.get("data.prefixes.pageInfo.hasNextPage"));
        assertEquals(List.of(Map.of("node", Map.of("cidr", "10.1.0.0/16", "labels", prod))),
                selected.json().getList("data.prefixes.edges"));
        Object[] update = {"cidr", "10.1.0.0/16", "namespace", ns, "setLabels", List.of(Map.of("key", "owner", "value", "net")),
                "ifVersion", 1};
        var updated = run("updatePrefix", update).ok();
        assertNull(updated.get("data.updatePrefix.description"));
        assertEquals(List.of(prod.get(0), Map.of("key", "owner", "value", "net")),
                updated.json().getList("data.updatePrefix.labels"));
        assertEquals(BigInteger.TWO, updated.get("data.updatePrefix.version"));
        var stale = run("updatePrefix", update);
        assertEquals("VERSION_CONFLICT", stale.errorCode());
        assertEquals("prefix 10.1.0.0/16 is at version 2, not 1; read it again and retry", stale.errorMessage());
        assertEquals(List.of(Map.of("line", BigInteger.valueOf(3), "column", BigInteger.valueOf(3))),
                stale.json().getList("errors[0].locations"));
        assertEquals(List.of("updatePrefix"), stale.json().getList("errors[0].path"));
        assertNull(stale.get("data"));
        Map<String, Object> claimed = Map.of("address", "10.1.0.1", "prefixCidr", "10.1.0.0/16", "claim", "vm-42/eth0",
                "labels", List.of(), "version", BigInteger.ONE);
        assertEquals(claimed, run("claimIP", "prefix", "10.1.0.0/16", "namespace", ns, "claim", "vm-42/eth0").ok()
                .json().getMap("data.acquireIP"));
        assertEquals(claimed, run("claimIP", "prefix", "10.1.0.0/16", "namespace", ns, "claim", "vm-42/eth0").ok()
                .json().getMap("data.acquireIP"));
        assertEquals(Map.of("address", "10.1.0.1", "prefixCidr", "10.1.0.0/16", "claim", "vm-42/eth0", "version",
                BigInteger.ONE), run("ipInNamespace", "address", "10.1.0.1", "namespace", ns).ok().json().getMap("data.ip"));
        assertEquals(Map.of("address", "10.1.0.1", "prefixCidr", "10.1.0.0/16", "claim", "vm-42/eth0"),
                run("releaseIPByClaim", "claim", "vm-42/eth0", "namespace", ns).ok().json().getMap("data.releaseIPByClaim"));
        var build = run("buildInfo").ok();
        assertEquals("0.1.0-SNAPSHOT", build.string("data.buildInfo.version"));
        assertEquals(64, build.string("data.buildInfo.schemaDigest").length());

        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.10", "namespace", ns).ok();
        run("releaseIP", "prefix", "10.0.0.0/24", "address", "10.0.0.1", "namespace", ns).ok();
        assertEquals("2001:db8:0:1::1", run("releaseIP", "prefix", "2001:db8:0:1::/72",
                "address", "2001:db8:0:1:0:0:0:1", "namespace", ns).ok().string("data.releaseIP.address"));
        run("releaseChildPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("releaseChildPrefix", "cidr", "2001:db8::/64", "namespace", ns).ok();
        run("releaseChildPrefix", "cidr", "2001:db8:0:1::/72", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("deletePrefix", "cidr", "2001:db8::/48", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        assertEquals(ns, run("deleteNamespace", "name", ns).ok().string("data.deleteNamespace.name"));
        assertEquals(null, run("namespace", "name", ns).ok().string("data.namespace"));
    }

    @Test
    void thePoolsStepOfTheTourGivesTheResultsItShows() {
        String ns = "tour-b-" + Long.toString(System.nanoTime(), 36);
        run("createNamespace", "name", ns).ok();
        for (String cidr : List.of("10.2.0.0/29", "10.2.1.0/29")) {
            run("createLabelledPrefix", "cidr", cidr, "namespace", ns,
                    "labels", List.of(Map.of("key", "pool", "value", "edge"))).ok();
        }
        run("reserveRange", "prefix", "10.2.0.0/29", "first", "10.2.0.1", "last", "10.2.0.6", "namespace", ns).ok();
        assertEquals(BigInteger.ZERO, run("prefixRanges", "cidr", "10.2.0.0/29", "namespace", ns).ok()
                .get("data.prefix.usage.freeIPs"));
        run("createPool", "name", "edge", "kind", "IP", "selector", "pool=edge", "namespace", ns).ok();
        assertEquals("10.2.1.6", run("acquireIPWithStrategy", "pool", "edge", "strategy", "HIGHEST", "namespace", ns)
                .ok().string("data.acquireIP.address"));

        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("acquireChildPrefix", "parent", "10.0.0.0/16", "length", 24, "namespace", ns).ok();
        assertEquals(List.of("10.0.1.0/28", "10.0.1.16/28", "10.0.1.32/28"), run("acquireChildPrefixes",
                "parent", "10.0.0.0/16", "length", 28, "count", 3, "namespace", ns).ok().list("data.acquireChildPrefixes.cidr"));
    }

    @Test
    void everyExampleAndEveryOperationOfTheWebUiIsValidAgainstTheServedSchema() throws IOException {
        String sdl = given().header("Authorization", "Bearer " + Tokens.ADMIN).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl),
                RuntimeWiring.MOCKED_WIRING);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path directory : List.of(GraphQL.EXAMPLES, GraphQL.UI_OPERATIONS)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".graphql")).sorted().toList()) {
                    checked++;
                    ParseAndValidate.parseAndValidate(schema,
                            graphql.ExecutionInput.newExecutionInput(Files.readString(file)).build()).getErrors()
                            .forEach(e -> problems.add(directory.relativize(file) + ": " + e.getMessage()));
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 50, "operations checked: " + checked);
    }
}

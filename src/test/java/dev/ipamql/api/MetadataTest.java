package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.service.Sha256;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels, updates with versions, selectors and lookups of the metadata additions (Part A). */
@QuarkusTest
class MetadataTest {

    private static List<Map<String, String>> labels(String... keysAndValues) {
        List<Map<String, String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.add(Map.of("key", keysAndValues[i], "value", keysAndValues[i + 1]));
        }
        return out;
    }

    @Test
    void labelsGivenAtCreationComeBackOrderedByKeyAtVersionOne() {
        String ns = Namespaces.fresh();

        var created = run("createLabelledPrefix", "cidr", "10.0.0.0/16", "namespace", ns,
                "labels", labels("zone", "b", "env", "prod", "example.com/team", "")).ok();

        assertEquals(labels("env", "prod", "example.com/team", "", "zone", "b"), created.get("data.createPrefix.labels"));
        assertEquals(BigInteger.ONE, created.get("data.createPrefix.version"));
        assertEquals(created.string("data.createPrefix.createdAt"), created.string("data.createPrefix.updatedAt"));
    }

    @Test
    void aNamespaceKeepsItsDescriptionAndLabels() {
        String name = "m" + System.nanoTime() % 1_000_000_000L;

        var created = run("createLabelledNamespace", "name", name, "description", "lab", "labels", labels("env", "dev")).ok();

        assertEquals("lab", created.string("data.createNamespace.description"));
        assertEquals(labels("env", "dev"), created.get("data.createNamespace.labels"));
        assertEquals(BigInteger.ONE, created.get("data.createNamespace.version"));
        var updated = run("updateNamespace", "name", name, "setLabels", labels("tier", "1"), "ifVersion", 1).ok();
        assertEquals(labels("env", "dev", "tier", "1"), updated.get("data.updateNamespace.labels"));
        assertEquals(BigInteger.TWO, updated.get("data.updateNamespace.version"));
        assertEquals("lab", updated.string("data.updateNamespace.description"));
    }

    @Test
    void acquiredAddressesAndChildrenCarryTheirLabels() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/16", "namespace", ns).ok();
        run("createPrefix", "cidr", "10.2.0.0/24", "namespace", ns).ok();

        var child = run("claimChildPrefix", "parent", "10.1.0.0/16", "length", 24, "claim", "vpc-a", "namespace", ns,
                "labels", labels("env", "prod")).ok();
        var many = run("acquireLabelledIPs", "prefix", "10.2.0.0/24", "count", 2, "namespace", ns,
                "labels", labels("role", "db")).ok();

        assertEquals("10.1.0.0/24", child.string("data.acquireChildPrefix.cidr"));
        assertEquals(labels("env", "prod"), child.get("data.acquireChildPrefix.labels"));
        assertEquals(List.of("10.2.0.1", "10.2.0.2"), many.list("data.acquireIPs.address"));
        assertEquals(labels("role", "db"), many.get("data.acquireIPs[1].labels"));
    }

    @Test
    void setAndRemoveEditTheLabelsAndEachChangeIsOneVersion() {
        String ns = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "labels", labels("a", "1", "b", "2")).ok();

        var edited = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns,
                "setLabels", labels("b", "3", "c", "4"), "removeLabels", List.of("a", "missing"), "ifVersion", 1).ok();
        var same = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "setLabels", labels("c", "4")).ok();
        var replaced = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "labels", labels("z", "9"),
                "description", "core").ok();
        var cleared = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "description", "").ok();

        assertEquals(labels("b", "3", "c", "4"), edited.get("data.updatePrefix.labels"));
        assertEquals(BigInteger.TWO, edited.get("data.updatePrefix.version"));
        assertTrue(OffsetDateTime.parse(edited.string("data.updatePrefix.updatedAt"))
                .isAfter(OffsetDateTime.parse(edited.string("data.updatePrefix.createdAt"))));
        assertEquals(BigInteger.TWO, same.get("data.updatePrefix.version"), "an update that changes nothing");
        assertEquals(edited.string("data.updatePrefix.updatedAt"), same.string("data.updatePrefix.updatedAt"));
        assertEquals(labels("z", "9"), replaced.get("data.updatePrefix.labels"));
        assertEquals("core", replaced.string("data.updatePrefix.description"));
        assertEquals(BigInteger.valueOf(4), cleared.get("data.updatePrefix.version"));
        assertNull(cleared.string("data.updatePrefix.description"));
    }

    @Test
    void aStaleIfVersionIsAVersionConflictAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.0.0.0/16", "namespace", ns, "labels", labels("a", "1")).ok();
        run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "setLabels", labels("b", "2"), "ifVersion", 1).ok();

        var stale = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns, "setLabels", labels("c", "3"), "ifVersion", 1);

        assertEquals("VERSION_CONFLICT", stale.errorCode());
        assertTrue(stale.errorMessage().contains("version 2"), stale.errorMessage());
        var now = run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        assertEquals(labels("a", "1", "b", "2"), now.get("data.updatePrefix.labels"));
        assertEquals(BigInteger.TWO, now.get("data.updatePrefix.version"));
    }

    @Test
    void labelsWithSetOrRemoveAndMalformedLabelsAreInvalidArguments() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertEquals("INVALID_ARGUMENT", run("updatePrefix", "cidr", "10.0.0.0/16", "namespace", ns,
                "labels", labels("a", "1"), "removeLabels", List.of("b")).errorCode());
        var bad = run("createLabelledPrefix", "cidr", "10.9.0.0/16", "namespace", ns, "labels", labels("-bad", "1"));
        assertEquals("INVALID_ARGUMENT", bad.errorCode());
        assertTrue(bad.errorMessage().contains("'-bad'"), bad.errorMessage());
        assertEquals(BigInteger.ONE, run("prefixes", "namespace", ns).ok().get("data.prefixes.totalCount"));
    }

    @Test
    void anAddressIsUpdatedAndFoundWithoutItsPrefix() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        run("acquireIP", "prefix", "10.0.0.0/24", "namespace", ns).ok();

        var updated = run("updateIP", "address", "10.0.0.1", "namespace", ns, "setLabels", labels("host", "web1"),
                "description", "web").ok();
        var found = run("ipInNamespace", "address", "10.0.0.1", "namespace", ns).ok();
        var missing = run("ipInNamespace", "address", "10.0.0.2", "namespace", ns).ok();

        assertEquals(labels("host", "web1"), updated.get("data.updateIP.labels"));
        assertEquals("10.0.0.0/24", updated.string("data.updateIP.prefixCidr"));
        assertEquals(BigInteger.TWO, updated.get("data.updateIP.version"));
        assertEquals("10.0.0.0/24", found.string("data.ip.prefixCidr"));
        assertEquals(BigInteger.TWO, found.get("data.ip.version"));
        assertNull(missing.get("data.ip"));
        assertEquals("NOT_FOUND", run("updateIP", "address", "10.0.0.9", "namespace", ns,
                "setLabels", labels("a", "b")).errorCode());
    }

    @Test
    void aSelectorChoosesPrefixesAndAddressesByTheirLabels() {
        String ns = Namespaces.fresh();
        run("createLabelledPrefix", "cidr", "10.3.0.0/24", "namespace", ns, "labels", labels("env", "prod", "zone", "a")).ok();
        run("createLabelledPrefix", "cidr", "10.1.0.0/24", "namespace", ns, "labels", labels("env", "prod")).ok();
        run("createLabelledPrefix", "cidr", "10.2.0.0/24", "namespace", ns, "labels", labels("env", "dev")).ok();
        run("createPrefix", "cidr", "10.4.0.0/24", "namespace", ns).ok();
        run("claimIP", "prefix", "10.1.0.0/24", "claim", "n1", "namespace", ns, "labels", labels("role", "db")).ok();
        run("claimIP", "prefix", "10.2.0.0/24", "claim", "n2", "namespace", ns, "labels", labels("role", "web")).ok();
        run("acquireIP", "prefix", "10.3.0.0/24", "namespace", ns).ok();

        assertEquals(List.of("10.1.0.0/24", "10.3.0.0/24"), cidrs(ns, "env=prod"));
        assertEquals(List.of("10.1.0.0/24", "10.3.0.0/24"), cidrs(ns, "env==prod"));
        assertEquals(List.of("10.2.0.0/24", "10.4.0.0/24"), cidrs(ns, "env!=prod"));
        assertEquals(List.of("10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"), cidrs(ns, "env in (dev,prod)"));
        assertEquals(List.of("10.4.0.0/24"), cidrs(ns, "env notin (dev,prod)"));
        assertEquals(List.of("10.3.0.0/24"), cidrs(ns, "zone"));
        assertEquals(List.of("10.1.0.0/24", "10.2.0.0/24", "10.4.0.0/24"), cidrs(ns, "!zone"));
        assertEquals(List.of("10.1.0.0/24"), cidrs(ns, "env=prod,!zone"));
        assertEquals(4, cidrs(ns, "").size());
        var page = run("prefixesBySelector", "namespace", ns, "selector", "env=prod", "first", 1).ok();
        assertEquals(BigInteger.TWO, page.get("data.prefixes.totalCount"));
        assertEquals(true, page.get("data.prefixes.pageInfo.hasNextPage"));
        var next = run("prefixesBySelector", "namespace", ns, "selector", "env=prod", "first", 1,
                "after", page.string("data.prefixes.pageInfo.endCursor")).ok();
        assertEquals(List.of("10.3.0.0/24"), next.list("data.prefixes.edges.node.cidr"));
        var roots = run("namespaceRootsBySelector", "name", ns, "selector", "env=dev").ok();
        assertEquals(List.of("10.2.0.0/24"), roots.list("data.namespace.prefixes.edges.node.cidr"));

        var db = run("ips", "namespace", ns, "selector", "role=db").ok();
        assertEquals(List.of("10.1.0.1"), db.list("data.ips.edges.node.address"));
        assertEquals(BigInteger.ONE, db.get("data.ips.totalCount"));
        assertEquals(List.of("10.1.0.1", "10.2.0.1", "10.3.0.1"), run("ips", "namespace", ns).ok()
                .list("data.ips.edges.node.address"));
        assertEquals(List.of("10.2.0.1"), run("ips", "namespace", ns, "within", "10.2.0.0/16").ok()
                .list("data.ips.edges.node.address"));
        assertEquals(List.of("10.3.0.1"), run("ips", "namespace", ns, "selector", "!role").ok()
                .list("data.ips.edges.node.address"));
    }

    @Test
    void aMalformedSelectorIsAnInvalidArgumentNamingTheBadToken() {
        var bad = run("prefixesBySelector", "selector", "env in (a,b");

        assertEquals("INVALID_ARGUMENT", bad.errorCode());
        assertTrue(bad.errorMessage().contains("position"), bad.errorMessage());
        assertEquals("INVALID_ARGUMENT", run("ips", "selector", "a=b=c").errorCode());
    }

    @Test
    void buildInfoNamesTheVersionAndTheDigestOfTheServedSchema() throws Exception {
        var info = run("buildInfo").ok();
        String served = io.restassured.RestAssured.given().header("Authorization", "Bearer " + Tokens.ADMIN)
                .get("/graphql/schema.graphql").then().statusCode(200).extract().asString();

        assertEquals("0.1.0-SNAPSHOT", info.string("data.buildInfo.version"));
        assertEquals(Sha256.hex(served), info.string("data.buildInfo.schemaDigest"));
        assertNotEquals(Sha256.hex(""), info.string("data.buildInfo.schemaDigest"));
    }

    /** Built from a git checkout, the commit is HEAD's; built without one (no git, or no .git), it is null. */
    @Test
    void buildInfoNamesTheCommitOfAGitCheckout() throws Exception {
        String head;
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            head = git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (java.io.IOException noGit) {
            head = null;
        }

        assertEquals(head, run("buildInfo").ok().string("data.buildInfo.commit"));
    }

    @Test
    void aRepeatedRequestIdAnswersTheLabelsOfTheFirstResult() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/24", "namespace", ns).ok();
        String labelled = "mutation($ns: String, $labels: [LabelInput!]) { acquireIP(prefix: \"10.0.0.0/24\", "
                + "namespace: $ns, requestId: \"r-1\", labels: $labels) { address labels { key value } } }";

        var first = dev.ipamql.support.GraphQL.send(labelled,
                dev.ipamql.support.GraphQL.vars("ns", ns, "labels", labels("env", "prod"))).ok();
        var again = dev.ipamql.support.GraphQL.send(labelled,
                dev.ipamql.support.GraphQL.vars("ns", ns, "labels", labels("env", "prod"))).ok();

        assertEquals(labels("env", "prod"), first.get("data.acquireIP.labels"));
        assertEquals(first.body(), again.body());
    }

    private static List<String> cidrs(String ns, String selector) {
        return run("prefixesBySelector", "namespace", ns, "selector", selector).ok().list("data.prefixes.edges.node.cidr");
    }
}

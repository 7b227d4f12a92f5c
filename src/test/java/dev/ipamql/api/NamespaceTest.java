package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Namespaces;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Namespaces: naming rules, lifecycle, and their independence as address spaces. */
@QuarkusTest
class NamespaceTest {

    @Test
    void creatingANamespaceReturnsItsNameAndCreationTime() {
        String name = unusedName();

        var created = run("createNamespace", "name", name).ok();

        assertEquals(name, created.string("data.createNamespace.name"));
        assertNotNull(instant(created.string("data.createNamespace.createdAt")));
    }

    @Test
    void namespacesListsACreatedNamespaceBesideDefault() {
        String name = unusedName();
        run("createNamespace", "name", name).ok();

        List<String> names = run("namespaces").ok().list("data.namespaces.name");

        assertTrue(names.contains(name), () -> name + " missing from " + names);
        assertTrue(names.contains("default"), () -> "default missing from " + names);
        assertEquals(1, names.stream().filter(name::equals).count());
    }

    @Test
    void namespaceQueryReturnsTheNamespaceWithItsCreationTime() {
        String name = unusedName();
        var created = run("createNamespace", "name", name).ok();

        var found = run("namespace", "name", name).ok();

        assertEquals(name, found.string("data.namespace.name"));
        assertEquals(instant(created.string("data.createNamespace.createdAt")),
                instant(found.string("data.namespace.createdAt")));
        assertEquals(BigInteger.ZERO, found.get("data.namespace.prefixes.totalCount"));
    }

    @Test
    void namespaceQueryReturnsNullForAnUnknownName() {
        var found = run("namespace", "name", unusedName()).ok();

        assertNull(found.get("data.namespace"));
    }

    @Test
    void invalidNamesAreRefusedAndNothingIsCreated() {
        List<String> invalid = List.of("Bad", "-x", "", "a".repeat(64), "a_b", "caf\u00e9", "n\u00e4me", "a b", "a.b");
        for (String name : invalid) {
            var result = run("createNamespace", "name", name);

            assertEquals("INVALID_ARGUMENT", result.errorCode(), () -> "for name '" + name + "'");
            assertNull(result.get("data"), () -> "for name '" + name + "': " + result.body());
            if (!name.isEmpty()) {
                assertTrue(result.errorMessage().contains(name), () -> "message should name '" + name + "': " + result.body());
            }
        }
        List<String> names = run("namespaces").ok().list("data.namespaces.name");
        for (String name : invalid) {
            assertFalse(names.contains(name), () -> "invalid name '" + name + "' was created");
        }
    }

    @Test
    void aNameOfSixtyThreeCharactersIsAccepted() {
        String name = (unusedName() + "a".repeat(63)).substring(0, 63);

        var created = run("createNamespace", "name", name).ok();

        assertEquals(name, created.string("data.createNamespace.name"));
        assertEquals(name, run("namespace", "name", name).ok().string("data.namespace.name"));
    }

    @Test
    void namesMayStartWithADigitAndContainHyphens() {
        String name = "0-" + unusedName();

        assertEquals(name, run("createNamespace", "name", name).ok().string("data.createNamespace.name"));
    }

    @Test
    void creatingAnExistingNamespaceIsAlreadyExists() {
        String name = unusedName();
        var created = run("createNamespace", "name", name).ok();

        var again = run("createNamespace", "name", name);

        assertEquals("ALREADY_EXISTS", again.errorCode());
        assertTrue(again.errorMessage().contains(name), again.body());
        assertEquals(instant(created.string("data.createNamespace.createdAt")),
                instant(run("namespace", "name", name).ok().string("data.namespace.createdAt")));
    }

    @Test
    void creatingDefaultIsAlreadyExists() {
        assertEquals("ALREADY_EXISTS", run("createNamespace", "name", "default").errorCode());
    }

    @Test
    void deletingANamespaceReturnsItAndItIsGone() {
        String name = unusedName();
        var created = run("createNamespace", "name", name).ok();

        var deleted = run("deleteNamespace", "name", name).ok();

        assertEquals(name, deleted.string("data.deleteNamespace.name"));
        assertEquals(instant(created.string("data.createNamespace.createdAt")),
                instant(deleted.string("data.deleteNamespace.createdAt")));
        assertNull(run("namespace", "name", name).ok().get("data.namespace"));
        assertFalse(run("namespaces").ok().list("data.namespaces.name").contains(name));
    }

    @Test
    void aDeletedNamespaceCanBeCreatedAgain() {
        String name = unusedName();
        run("createNamespace", "name", name).ok();
        run("deleteNamespace", "name", name).ok();

        assertEquals(name, run("createNamespace", "name", name).ok().string("data.createNamespace.name"));
    }

    @Test
    void deletingAnUnknownNamespaceIsNotFound() {
        String name = unusedName();

        var result = run("deleteNamespace", "name", name);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains(name), result.body());
    }

    @Test
    void deletingDefaultIsInvalidArgumentAndDefaultRemains() {
        var result = run("deleteNamespace", "name", "default");

        assertEquals("INVALID_ARGUMENT", result.errorCode());
        assertEquals("default", run("namespace", "name", "default").ok().string("data.namespace.name"));
    }

    @Test
    void deletingANamespaceWithAnInvalidNameIsInvalidArgument() {
        assertEquals("INVALID_ARGUMENT", run("deleteNamespace", "name", "Not_Valid").errorCode());
    }

    @Test
    void deletingANamespaceThatHoldsAPrefixIsRefusedAndChangesNothing() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        var result = run("deleteNamespace", "name", ns);

        assertEquals("NAMESPACE_NOT_EMPTY", result.errorCode());
        assertTrue(result.errorMessage().contains(ns), result.body());
        assertEquals(ns, run("namespace", "name", ns).ok().string("data.namespace.name"));
        assertEquals(List.of("10.0.0.0/16"), run("prefixes", "namespace", ns).ok().list("data.prefixes.edges.node.cidr"));
    }

    @Test
    void aNamespaceCanBeDeletedOnceItsLastPrefixIsDeleted() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();
        run("deletePrefix", "cidr", "10.0.0.0/16", "namespace", ns).ok();

        assertEquals(ns, run("deleteNamespace", "name", ns).ok().string("data.deleteNamespace.name"));
    }

    @Test
    void theSameCidrInTwoNamespacesIsTwoIndependentPrefixes() {
        String one = Namespaces.fresh();
        String two = Namespaces.fresh();

        var first = run("createPrefix", "cidr", "10.0.0.0/8", "namespace", one).ok();
        var second = run("createPrefix", "cidr", "10.0.0.0/8", "namespace", two).ok();
        var childInOne = run("acquireChildPrefix", "parent", "10.0.0.0/8", "length", 16, "namespace", one).ok();
        var childInTwo = run("acquireChildPrefix", "parent", "10.0.0.0/8", "length", 16, "namespace", two).ok();

        assertEquals(one, first.string("data.createPrefix.namespace"));
        assertEquals(two, second.string("data.createPrefix.namespace"));
        assertEquals("10.0.0.0/16", childInOne.string("data.acquireChildPrefix.cidr"));
        assertEquals("10.0.0.0/16", childInTwo.string("data.acquireChildPrefix.cidr"));
        run("releaseChildPrefix", "cidr", "10.0.0.0/16", "namespace", one).ok();
        assertNull(run("prefix", "cidr", "10.0.0.0/16", "namespace", one).ok().get("data.prefix"));
        assertEquals("10.0.0.0/16",
                run("prefix", "cidr", "10.0.0.0/16", "namespace", two).ok().string("data.prefix.cidr"));
    }

    @Test
    void createPrefixInAMissingNamespaceIsNotFound() {
        String missing = unusedName();

        var result = run("createPrefix", "cidr", "10.0.0.0/16", "namespace", missing);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains(missing), result.body());
        assertNull(run("namespace", "name", missing).ok().get("data.namespace"));
    }

    @Test
    void prefixQueryInAMissingNamespaceIsNotFound() {
        String missing = unusedName();

        var result = run("prefix", "cidr", "10.0.0.0/16", "namespace", missing);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains(missing), result.body());
    }

    @Test
    void prefixesQueryInAMissingNamespaceIsNotFound() {
        String missing = unusedName();

        var result = run("prefixes", "namespace", missing);

        assertEquals("NOT_FOUND", result.errorCode());
        assertTrue(result.errorMessage().contains(missing), result.body());
    }

    @Test
    void anInvalidCidrInAMissingNamespaceIsInvalidArgumentBecauseValidationComesFirst() {
        var result = run("createPrefix", "cidr", "10.0.0.0/33", "namespace", unusedName());

        assertEquals("INVALID_ARGUMENT", result.errorCode());
    }

    @Test
    void anInvalidNamespaceNameInAPrefixOperationIsInvalidArgument() {
        assertEquals("INVALID_ARGUMENT", run("createPrefix", "cidr", "10.0.0.0/16", "namespace", "Bad").errorCode());
    }

    /** A valid namespace name that no test has created. */
    private static String unusedName() {
        return "n" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static Instant instant(String dateTime) {
        return OffsetDateTime.parse(dateTime).toInstant();
    }
}

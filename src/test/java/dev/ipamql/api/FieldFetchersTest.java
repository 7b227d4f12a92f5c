package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.GraphQL;
import dev.ipamql.support.Namespaces;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.TypeUtil;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dataloader.BatchLoaderWithContext;
import org.dataloader.CacheKey;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.junit.jupiter.api.Test;

/**
 * The fields served by {@link FieldFetchers} (straight from getters and data loaders, without SmallRye's
 * per-field context) are the schema's fields, and answer exactly what SmallRye's own fetchers answered.
 */
@QuarkusTest
class FieldFetchersTest {

    private static final Set<String> PLAIN_TYPES = Set.of("ID", "String", "Int", "Float", "Boolean", "BigInteger",
            "CIDR", "IPAddress");

    @Inject
    GraphQLSchema served;

    @Test
    void theServiceServesTheListedFieldsItself() {
        assertTrue(FieldFetchers.active(), "the schema hook did not run: fields are served by SmallRye's fetchers");
    }

    @Test
    void everyOperationIsFetchedWithoutItsSelectionSet() throws IOException {
        TypeDefinitionRegistry schema = new SchemaParser().parse(Files.readString(Path.of("graphql", "schema.graphql")));
        int operations = 0;
        for (GraphQLObjectType root : List.of(served.getQueryType(), served.getMutationType())) {
            for (GraphQLFieldDefinition operation : root.getFieldDefinitions()) {
                Object fetcher = served.getCodeRegistry().getDataFetcher(FieldCoordinates.coordinates(root, operation), operation);
                assertTrue(fetcher instanceof FieldFetchers.WithoutSelection,
                        root.getName() + "." + operation.getName() + " is fetched by " + fetcher.getClass().getSimpleName());
                operations++;
            }
        }
        // all of them: the schema's Query and Mutation fields (20 today)
        assertEquals(((ObjectTypeDefinition) schema.getType("Query").orElseThrow()).getFieldDefinitions().size()
                + ((ObjectTypeDefinition) schema.getType("Mutation").orElseThrow()).getFieldDefinitions().size(), operations);
        assertTrue(operations >= 20, "only " + operations + " operations");
    }

    @Test
    void everyListedFieldIsInTheSchemaWithTheArgumentsItPassesOn() throws IOException {
        TypeDefinitionRegistry schema = new SchemaParser().parse(Files.readString(Path.of("graphql", "schema.graphql")));
        for (FieldCoordinates plain : FieldFetchers.PLAIN_FIELDS.keySet()) {
            FieldDefinition field = field(schema, plain.getTypeName(), plain.getFieldName());
            String type = TypeUtil.unwrapAll(field.getType()).getName();
            assertTrue(PLAIN_TYPES.contains(type) || schema.getType(type).orElseThrow() instanceof ObjectTypeDefinition,
                    plain + " is of type " + type + ", which its getter's value may not serialize to");
            assertEquals(List.of(), field.getInputValueDefinitions(), plain + " takes arguments");
        }
        for (FieldFetchers.BatchField batch : FieldFetchers.BATCH_FIELDS) {
            FieldDefinition field = field(schema, batch.type(), batch.field());
            assertEquals(batch.arguments().stream().sorted().toList(),
                    field.getInputValueDefinitions().stream().map(InputValueDefinition::getName).sorted().toList(),
                    batch.coordinates() + " arguments");
            for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                String type = TypeUtil.unwrapAll(argument.getType()).getName();
                assertTrue(Set.of("Int", "String").contains(type), batch.coordinates() + "(" + argument.getName() + ")");
            }
        }
    }

    @Test
    void aLoaderCopyForOneSetOfArgumentsCachesByTheParentItselfNotByAHash() {
        // SmallRye's cache key of a field with arguments hashes the parent's (identity) hash code: let every
        // parent collide, as two of 10,000 do about once in a hundred requests
        CacheKey<Object> colliding = new CacheKey<>() {
            @Override
            public Object getKey(Object parent) {
                return 42;
            }

            @Override
            public Object getKeyWithContext(Object parent, Object context) {
                return 42;
            }
        };
        BatchLoaderWithContext<Object, Object> echo = (parents, environment) -> CompletableFuture.completedFuture(parents);
        DataLoader<Object, Object> original = DataLoaderFactory.newDataLoader(echo,
                DataLoaderOptions.newOptions().setCacheKeyFunction(colliding).build());
        Object a = new Object();
        Object b = new Object();

        CompletableFuture<Object> sharedA = original.load(a, Map.of());
        CompletableFuture<Object> sharedB = original.load(b, Map.of());
        original.dispatch();
        assertSame(a, sharedB.join(), "the premise: with a colliding key the second parent gets the first one's answer");
        assertSame(a, sharedA.join());

        DataLoader<Object, Object> copy = FieldFetchers.copy(original, "Prefix_ips/1");
        CompletableFuture<Object> forA = copy.load(a, Map.of());
        CompletableFuture<Object> forB = copy.load(b, Map.of());
        copy.dispatch();

        assertSame(a, forA.join());
        assertSame(b, forB.join());
        assertEquals("Prefix_ips/1", copy.getName());
    }

    @Test
    void aDefaultedArgumentOfABatchFieldReachesTheResolverAsAnInteger() {
        String ns = Namespaces.fresh();
        run("createPrefix", "cidr", "10.1.0.0/29", "namespace", ns).ok();
        for (int i = 0; i < 3; i++) {
            run("acquireIP", "prefix", "10.1.0.0/29", "namespace", ns).ok();
        }

        // no `first`: the field's default, 100, declared by SmallRye as a decimal
        GraphQL.Result prefix = GraphQL.send("query P($ns: String) { prefix(cidr: \"10.1.0.0/29\", namespace: $ns) "
                + "{ ips { totalCount edges { node { address } } } } }", GraphQL.vars("ns", ns)).ok();

        assertEquals(BigInteger.valueOf(3), prefix.get("data.prefix.ips.totalCount"));
        assertEquals(List.of("10.1.0.1", "10.1.0.2", "10.1.0.3"), prefix.list("data.prefix.ips.edges.node.address"));
    }

    private static FieldDefinition field(TypeDefinitionRegistry schema, String type, String name) {
        ObjectTypeDefinition object = (ObjectTypeDefinition) schema.getType(type).orElseThrow(
                () -> new AssertionError("no type " + type));
        Optional<FieldDefinition> field = object.getFieldDefinitions().stream().filter(f -> f.getName().equals(name)).findFirst();
        return field.orElseThrow(() -> new AssertionError("no field " + type + "." + name));
    }
}

package dev.ipamql.api;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.service.error.InvalidArgumentException;
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
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.dataloader.DataLoader;
import org.junit.jupiter.api.Test;

/**
 * The executed schema is wired by {@link GraphQLWiring}: its listed fields are the schema's, batch fields
 * load by (parent, arguments), and operations keep SmallRye's fetchers without a selection set.
 */
@QuarkusTest
class GraphQLWiringTest {

    private static final Set<String> PLAIN_TYPES = Set.of("ID", "String", "Int", "Float", "Boolean", "BigInteger",
            "CIDR", "IPAddress");

    /** The schema SmallRye built, before GraphQLWiring's code registry. */
    @Inject
    GraphQLSchema built;

    @Inject
    ExecutionService engine;

    @Test
    void everyOperationIsFetchedWithoutItsSelectionSet() throws IOException {
        run("namespaces").ok();
        GraphQLSchema executed = GraphQLWiring.executed();
        assertNotNull(executed, "the wiring hook did not run: the schema is served by SmallRye's fetchers alone");
        TypeDefinitionRegistry schema = committedSchema();
        int operations = 0;
        for (GraphQLObjectType root : List.of(executed.getQueryType(), executed.getMutationType())) {
            for (GraphQLFieldDefinition operation : root.getFieldDefinitions()) {
                Object fetcher = executed.getCodeRegistry().getDataFetcher(FieldCoordinates.coordinates(root, operation), operation);
                assertTrue(fetcher instanceof WithoutSelection,
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
    void smallRyeStillReadsTheSelectionOfEveryOperationItFetches() {
        // SmallRye GraphQL defect (docs/upstream.md): its fetchers render the selection below each field into
        // their Context. When this fails, SmallRye stopped doing so: remove WithoutSelection.
        long before = WithoutSelection.ASKED.sum();
        run("namespaces").ok();
        run("namespace", "name", "default").ok();
        assertTrue(WithoutSelection.ASKED.sum() - before >= 2, "SmallRye asked " + (WithoutSelection.ASKED.sum() - before)
                + " times for the selection of 2 operations");
    }

    @Test
    void smallRyeBlocksFieldsByPatternUnderTheDefaultVisibility() {
        // SmallRye GraphQL defect (docs/upstream.md): "default" becomes a block pattern matched on every field.
        // When this fails, SmallRye installs the default visibility itself: drop the replacement in GraphQLWiring.
        run("namespaces").ok();
        assertTrue(built.getCodeRegistry().getFieldVisibility() instanceof BlockedFields,
                built.getCodeRegistry().getFieldVisibility().getClass().getName());
        assertSame(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY,
                GraphQLWiring.executed().getCodeRegistry().getFieldVisibility());
    }

    @Test
    void smallRyeAnswersADocumentThatDoesNotParseWithoutACode() {
        // SmallRye GraphQL defect (docs/upstream.md): a syntax error is answered before graphql-java or any hook
        // runs, so GraphQLBodyCheck parses first. When this fails, drop that parse: RequestErrors codes the error.
        AtomicReference<ExecutionResponse> answer = new AtomicReference<>();
        engine.executeSync(Json.createObjectBuilder().add("query", "{ namespaces { name ").build(),
                new ExecutionResponseWriter() {
                    @Override
                    public void write(ExecutionResponse response) {
                        answer.set(response);
                    }
                });
        JsonObject error = answer.get().getExecutionResultAsJsonObject().getJsonArray("errors").getJsonObject(0);
        assertEquals("Unparseable input document", error.getString("message"));
        assertFalse(error.containsKey("extensions") && error.getJsonObject("extensions").containsKey("code"),
                error.toString());
    }

    @Test
    void everyListedFieldIsInTheSchemaWithTheArgumentsItPassesOn() throws IOException {
        TypeDefinitionRegistry schema = committedSchema();
        for (FieldCoordinates plain : GraphQLWiring.PLAIN_FIELDS.keySet()) {
            FieldDefinition field = field(schema, plain.getTypeName(), plain.getFieldName());
            String type = TypeUtil.unwrapAll(field.getType()).getName();
            assertTrue(PLAIN_TYPES.contains(type) || schema.getType(type).orElseThrow() instanceof ObjectTypeDefinition,
                    plain + " is of type " + type + ", which its getter's value may not serialize to");
            assertEquals(List.of(), field.getInputValueDefinitions(), plain + " takes arguments");
        }
        for (BatchFields.Field batch : BatchFields.ALL) {
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

    /** A parent whose hash code and equality say nothing about which parent it is. */
    private static final class Colliding {
        @Override
        public int hashCode() {
            return 42;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Colliding;
        }
    }

    @Test
    void parentsWithCollidingHashesEachGetTheirOwnAnswerAndEachArgumentSetOneCall() {
        List<List<Object>> calls = new ArrayList<>();
        DataLoader<BatchFields.Key, Object> loader = BatchFields.loader("Prefix.ips", (parents, arguments) -> {
            calls.add(arguments);
            return Uni.createFrom().item(parents.stream().map(parent -> List.of(parent, arguments)).toList());
        });
        Object a = new Colliding();
        Object b = new Colliding();

        CompletableFuture<Object> aFirst1 = loader.load(new BatchFields.Key(a, List.of(1)));
        CompletableFuture<Object> bFirst1 = loader.load(new BatchFields.Key(b, List.of(1)));
        CompletableFuture<Object> aFirst2 = loader.load(new BatchFields.Key(a, List.of(2)));
        CompletableFuture<Object> aAgain = loader.load(new BatchFields.Key(a, List.of(1)));
        loader.dispatchAndJoin();

        assertEquals(List.of(a, List.of(1)), aFirst1.join());
        assertSame(a, ((List<?>) aFirst1.join()).get(0));
        assertSame(b, ((List<?>) bFirst1.join()).get(0));
        assertEquals(List.of(a, List.of(2)), aFirst2.join());
        assertSame(aFirst1, aAgain, "the same parent with the same arguments is one key");
        assertEquals(List.of(List.of(1), List.of(2)), calls, "one call per argument set, in the order first asked");
    }

    @Test
    void aFailedCallFailsOnlyTheKeysOfItsArguments() {
        DataLoader<BatchFields.Key, Object> loader = BatchFields.loader("Prefix.ips", (parents, arguments) ->
                (Integer) arguments.get(0) < 0 ? Uni.createFrom().failure(new InvalidArgumentException("negative"))
                        : Uni.createFrom().item(parents.stream().map(parent -> "page").toList()));
        Object parent = new Object();

        CompletableFuture<Object> bad = loader.load(new BatchFields.Key(parent, List.of(-1)));
        CompletableFuture<Object> good = loader.load(new BatchFields.Key(parent, List.of(5)));
        loader.dispatchAndJoin();

        assertEquals("page", good.join());
        CompletionException failure = assertThrows(CompletionException.class, bad::join);
        assertTrue(failure.getCause() instanceof InvalidArgumentException, String.valueOf(failure.getCause()));
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

    private static TypeDefinitionRegistry committedSchema() throws IOException {
        return new SchemaParser().parse(Files.readString(Path.of("graphql", "schema.graphql")));
    }

    private static FieldDefinition field(TypeDefinitionRegistry schema, String type, String name) {
        ObjectTypeDefinition object = (ObjectTypeDefinition) schema.getType(type).orElseThrow(
                () -> new AssertionError("no type " + type));
        Optional<FieldDefinition> field = object.getFieldDefinitions().stream().filter(f -> f.getName().equals(name)).findFirst();
        return field.orElseThrow(() -> new AssertionError("no field " + type + "." + name));
    }
}

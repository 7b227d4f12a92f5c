package dev.ipamql.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Tokens;
import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The served schema is the committed {@code graphql/schema.graphql}, and it contains every type,
 * field, argument (with its type and default) and enum value of the contract.
 * Regenerate the committed file with {@code ./mvnw test -Dtest=SchemaTest -DupdateSchema=true}.
 */
@QuarkusTest
class SchemaTest {

    private static final Path COMMITTED = Path.of("graphql", "schema.graphql");
    private static final Path CONTRACT_COPY = Path.of("src", "test", "resources", "contract", "ipam.graphql");
    private static final Path SHARED_CONTRACT = Path.of("..", "shared", "contract", "ipam.graphql");

    @Test
    void theCommittedSchemaIsTheServedOne() throws IOException {
        String served = served();
        if (Boolean.getBoolean("updateSchema")) {
            Files.writeString(COMMITTED, served);
        }
        assertEquals(Files.readString(COMMITTED), served,
                "graphql/schema.graphql differs from the served schema; regenerate it (see the README)");
    }

    @Test
    void theServedSchemaHoldsTheWholeContract() throws IOException {
        TypeDefinitionRegistry contract = new SchemaParser().parse(Files.readString(CONTRACT_COPY));
        TypeDefinitionRegistry served = new SchemaParser().parse(served());
        List<String> missing = new ArrayList<>();
        for (String scalar : contract.scalars().keySet()) {
            if (!served.scalars().containsKey(scalar)) {
                missing.add("scalar " + scalar);
            }
        }
        for (Map.Entry<String, TypeDefinition> entry : contract.types().entrySet()) {
            Optional<TypeDefinition> mine = served.getType(entry.getKey());
            if (mine.isEmpty() || mine.get().getClass() != entry.getValue().getClass()) {
                missing.add("type " + entry.getKey());
            } else if (entry.getValue() instanceof ObjectTypeDefinition object) {
                compareFields(object, (ObjectTypeDefinition) mine.get(), missing);
            } else if (entry.getValue() instanceof EnumTypeDefinition values) {
                List<String> mineValues = ((EnumTypeDefinition) mine.get()).getEnumValueDefinitions().stream()
                        .map(EnumValueDefinition::getName).toList();
                values.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName)
                        .filter(v -> !mineValues.contains(v)).forEach(v -> missing.add(entry.getKey() + "." + v));
            }
        }
        assertEquals(List.of(), missing, "contract elements not served as specified");
    }

    @Test
    void theContractCopyIsCurrent() throws IOException {
        if (Files.exists(SHARED_CONTRACT)) {
            assertEquals(Files.readString(SHARED_CONTRACT), Files.readString(CONTRACT_COPY),
                    "src/test/resources/contract/ipam.graphql is not the shared contract; copy it again");
        }
        assertTrue(Files.size(CONTRACT_COPY) > 0);
    }

    private static void compareFields(ObjectTypeDefinition contract, ObjectTypeDefinition served, List<String> missing) {
        for (FieldDefinition field : contract.getFieldDefinitions()) {
            String where = contract.getName() + "." + field.getName();
            Optional<FieldDefinition> mine = served.getFieldDefinitions().stream()
                    .filter(f -> f.getName().equals(field.getName())).findFirst();
            if (mine.isEmpty()) {
                missing.add(where);
                continue;
            }
            if (!AstPrinter.printAst(field.getType()).equals(AstPrinter.printAst(mine.get().getType()))) {
                missing.add(where + " : " + AstPrinter.printAst(field.getType()) + " (served "
                        + AstPrinter.printAst(mine.get().getType()) + ")");
            }
            for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                Optional<InputValueDefinition> servedArgument = mine.get().getInputValueDefinitions().stream()
                        .filter(a -> a.getName().equals(argument.getName())).findFirst();
                if (servedArgument.isEmpty() || !describe(argument).equals(describe(servedArgument.get()))) {
                    missing.add(where + "(" + describe(argument) + ")"
                            + servedArgument.map(a -> " served as " + describe(a)).orElse(""));
                }
            }
            mine.get().getInputValueDefinitions().stream()
                    .filter(a -> field.getInputValueDefinitions().stream().noneMatch(c -> c.getName().equals(a.getName())))
                    .filter(a -> a.getType() instanceof graphql.language.NonNullType && a.getDefaultValue() == null)
                    .forEach(a -> missing.add(where + " has an added required argument " + a.getName()));
        }
    }

    private static String describe(InputValueDefinition argument) {
        return argument.getName() + ": " + AstPrinter.printAst(argument.getType())
                + (argument.getDefaultValue() == null ? "" : " = " + AstPrinter.printAst(argument.getDefaultValue()));
    }

    private static String served() {
        return given().header("Authorization", "Bearer " + Tokens.ADMIN).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
    }
}

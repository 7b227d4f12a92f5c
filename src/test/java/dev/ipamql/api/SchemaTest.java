package dev.ipamql.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.support.Tokens;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The served schema is the committed {@code graphql/schema.graphql}, and it contains every type, field,
 * argument (with its type and default) and enum value of the contract: the base file whole, and each part of
 * the additions that is built. The contract is kept in {@code src/test/resources/contract/}, equal to
 * {@code ../shared/contract/} where that exists. Regenerate the committed file with
 * {@code ./mvnw test -Dtest=SchemaTest -DupdateSchema=true}.
 */
@QuarkusTest
class SchemaTest {

    private static final Path COMMITTED = Path.of("graphql", "schema.graphql");
    private static final Path CONTRACT = Path.of("src", "test", "resources", "contract");
    private static final Path SHARED_CONTRACT = Path.of("..", "shared", "contract");
    private static final List<String> CONTRACT_FILES = List.of("ipam.graphql", "ipam-additions.graphql", "SEMANTICS.md");

    /** The parts of ipam-additions.graphql that are built, each served whole; add a part's letter when its issue lands. */
    static final Set<String> BUILT_PARTS = Set.of("A", "B", "C");

    private static final Pattern PART = Pattern.compile("(?m)^# ---- Part ([A-Z]):");

    @Test
    void theCommittedSchemaIsTheServedOne() throws IOException {
        String served = served();
        if (Boolean.getBoolean("updateSchema")) {
            // regenerating: the file becomes what is served, so only the contract is left to check
            assertEquals(List.of(), base().against(parse(served)).missing(),
                    "not written: the served schema lacks parts of the contract");
            Files.writeString(COMMITTED, served);
            return;
        }
        assertEquals(Files.readString(COMMITTED), served,
                "graphql/schema.graphql differs from the served schema; regenerate it (see the README)");
    }

    @Test
    void theServedSchemaHoldsTheWholeBaseContract() throws IOException {
        ContractSchema.Deviations deviations = base().against(parse(served()));
        assertEquals(List.of(), deviations.missing(), "contract elements not served");
        // a part may redefine a base argument, served exactly as it says, before the part is whole (Part A makes
        // ip's prefix optional, Part B acquireIP's)
        List<ContractSchema> parts = List.copyOf(additions().values());
        assertEquals(List.of(), deviations.different().stream().filter(d -> parts.stream().noneMatch(p -> p.redefines(d)))
                .toList(), "contract elements served otherwise than specified");
    }

    /**
     * A built part is served whole; a part not built yet is served nowhere otherwise than it says (what is
     * already there matches), and is not served whole either, or it belongs in {@link #BUILT_PARTS}.
     */
    @Test
    void theServedSchemaHoldsTheBuiltPartsOfTheAdditions() throws IOException {
        Map<String, ContractSchema> parts = additions();
        assertEquals(Set.of("A", "B", "C"), parts.keySet(), "parts found in ipam-additions.graphql");
        TypeDefinitionRegistry served = parse(served());
        List<String> wrong = new ArrayList<>();
        parts.forEach((part, contract) -> {
            ContractSchema.Deviations deviations = contract.against(served);
            deviations.different().forEach(d -> wrong.add("Part " + part + ": served otherwise: " + d));
            if (BUILT_PARTS.contains(part)) {
                deviations.missing().forEach(m -> wrong.add("Part " + part + ": not served: " + m));
            } else if (deviations.missing().isEmpty()) {
                wrong.add("Part " + part + " is served whole: add it to BUILT_PARTS");
            } else {
                System.out.println("Part " + part + " (not built) lacks " + deviations.missing().size() + ": "
                        + deviations.missing());
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theContractCopyIsTheSharedContract() throws IOException {
        for (String file : CONTRACT_FILES) {
            Path copy = CONTRACT.resolve(file);
            assertTrue(Files.isRegularFile(copy) && Files.size(copy) > 0, copy + " is missing or empty");
            if (Files.isDirectory(SHARED_CONTRACT)) {
                assertEquals(Files.readString(SHARED_CONTRACT.resolve(file)), Files.readString(copy),
                        copy + " is not ../shared/contract/" + file + "; copy it again");
            }
        }
    }

    private static ContractSchema base() throws IOException {
        return ContractSchema.parse(Files.readString(CONTRACT.resolve("ipam.graphql")));
    }

    /** The parts of ipam-additions.graphql by letter, each from its header to the next. */
    private static Map<String, ContractSchema> additions() throws IOException {
        String text = Files.readString(CONTRACT.resolve("ipam-additions.graphql"));
        Map<String, ContractSchema> parts = new LinkedHashMap<>();
        Matcher header = PART.matcher(text);
        List<Integer> starts = new ArrayList<>();
        List<String> letters = new ArrayList<>();
        while (header.find()) {
            starts.add(header.start());
            letters.add(header.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
            parts.put(letters.get(i), ContractSchema.parse(text.substring(starts.get(i), end)));
        }
        return parts;
    }

    private static TypeDefinitionRegistry parse(String sdl) {
        return new SchemaParser().parse(sdl);
    }

    private static String served() {
        return given().header("Authorization", "Bearer " + Tokens.ADMIN).get("/graphql/schema.graphql")
                .then().statusCode(200).extract().asString();
    }
}

package dev.ipamql.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tests' table of contract codes is the one SEMANTICS.md gives, neither more nor less. */
class AllowedTest {

    private static final Path SEMANTICS = Path.of("src", "test", "resources", "contract", "SEMANTICS.md");

    @Test
    void theContractCodesAreThoseOfTheSemanticsErrorSection() throws IOException {
        String text = Files.readString(SEMANTICS);
        int start = text.indexOf("\n## Errors\n");
        int end = text.indexOf("\n## ", start + 1);
        String errors = text.substring(start, end);
        Set<String> listed = new TreeSet<>();
        Matcher code = Pattern.compile("`([A-Z][A-Z_]+)`").matcher(errors);
        while (code.find()) {
            listed.add(code.group(1));
        }
        assertEquals(listed, new TreeSet<>(Allowed.CONTRACT_CODES));
    }
}

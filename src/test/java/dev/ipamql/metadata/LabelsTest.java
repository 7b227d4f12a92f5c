package dev.ipamql.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label syntax, the 64-label bound, duplicate keys and edits. */
class LabelsTest {

    @Test
    void labelsAreOrderedByKey() {
        Labels labels = Labels.of("labels", List.of(new Label("zone", "a"), new Label("app.kubernetes.io/name", "x"),
                new Label("env", "")));

        assertEquals(List.of(new Label("app.kubernetes.io/name", "x"), new Label("env", ""), new Label("zone", "a")),
                labels.asList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                 | label key '' is not a valid label key",
        "-a                 | label key '-a' is not a valid label key",
        "a-                 | label key 'a-' is not a valid label key",
        "a b                | label key 'a b' is not a valid label key",
        "UPPER.example/x    | label key 'UPPER.example/x' has an invalid prefix",
        "exa..mple.com/x    | label key 'exa..mple.com/x' has an invalid prefix",
        "example.com/       | label key 'example.com/' is not a valid label key",
        "ké                 | label key 'ké' is not a valid label key",
    })
    void badKeysAreRefusedByName(String key, String message) {
        assertEquals(true, assertThrows(InvalidMetadataException.class, () -> new Label(key, "v")).getMessage()
                .startsWith(message));
    }

    @Test
    void keysAndValuesAtTheirLimits() {
        String prefix = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertEquals(253, prefix.length());
        new Label(prefix + "/" + "n".repeat(63), "v".repeat(63));
        assertThrows(InvalidMetadataException.class, () -> new Label(prefix + "e/n", "v"));
        assertThrows(InvalidMetadataException.class, () -> new Label("n".repeat(64), "v"));
        assertThrows(InvalidMetadataException.class, () -> new Label("n", "v".repeat(64)));
        assertThrows(InvalidMetadataException.class, () -> new Label("n", "v\n"));
        assertThrows(InvalidMetadataException.class, () -> new Label("n", null));
    }

    @Test
    void sixtyFourLabelsAreAllowedAndSixtyFiveAreNot() {
        List<Label> many = new ArrayList<>(IntStream.range(0, 64).mapToObj(i -> new Label("k" + i, "v")).toList());
        assertEquals(64, Labels.of("labels", many).asMap().size());
        many.add(new Label("k64", "v"));

        assertEquals("labels: 65 labels given; at most 64 are allowed per object",
                assertThrows(InvalidMetadataException.class, () -> Labels.of("labels", many)).getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertEquals("setLabels: key 'env' is given more than once", assertThrows(InvalidMetadataException.class,
                () -> Labels.of("setLabels", List.of(new Label("env", "a"), new Label("env", "a")))).getMessage());
    }

    @Test
    void editsSetOverwriteAndRemoveKeys() {
        Labels labels = Labels.of("labels", List.of(new Label("env", "dev"), new Label("tier", "web")));

        Labels edited = labels.edited(Labels.of("setLabels", List.of(new Label("env", "prod"), new Label("new", "1"))),
                Set.of("tier", "missing"));

        assertEquals(List.of(new Label("env", "prod"), new Label("new", "1")), edited.asList());
        assertEquals(List.of(new Label("env", "dev"), new Label("tier", "web")), labels.asList());
    }

    @Test
    void anEditBeyondSixtyFourLabelsIsRefused() {
        Labels full = Labels.of("labels", IntStream.range(0, 64).mapToObj(i -> new Label("k" + i, "v")).toList());

        assertEquals("the edit would leave 65 labels; at most 64 are allowed per object",
                assertThrows(InvalidMetadataException.class,
                        () -> full.edited(Labels.of("setLabels", List.of(new Label("extra", "v"))), List.of())).getMessage());
        assertEquals(64, full.edited(Labels.of("setLabels", List.of(new Label("extra", "v"))), List.of("k0")).asMap().size());
    }

    @Test
    void removingAMalformedKeyIsRefused() {
        assertThrows(InvalidMetadataException.class, () -> Labels.NONE.edited(Labels.NONE, List.of("bad key")));
    }
}

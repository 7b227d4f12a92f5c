package dev.ipamql.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipamql.metadata.Selector.Operator;
import dev.ipamql.metadata.Selector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kubernetes selector syntax: every operator parsed and matched, every malformed form refused by position. */
class SelectorTest {

    private static final Labels PROD_WEB = labels(Map.of("env", "prod", "tier", "web", "example.com/owner", "net-team"));
    private static final Labels DEV = labels(Map.of("env", "dev"));
    private static final Labels NONE = Labels.NONE;

    @Test
    void everyOperatorParsesToItsRequirement() {
        Selector selector = Selector.parse("a, !b, c=1, d==2, e!=3, f in (y,x,y), g notin (z)");

        assertEquals(List.of(
                new Requirement("a", Operator.EXISTS, List.of()),
                new Requirement("b", Operator.NOT_EXISTS, List.of()),
                new Requirement("c", Operator.EQUALS, List.of("1")),
                new Requirement("d", Operator.EQUALS, List.of("2")),
                new Requirement("e", Operator.NOT_EQUALS, List.of("3")),
                new Requirement("f", Operator.IN, List.of("x", "y")),
                new Requirement("g", Operator.NOT_IN, List.of("z"))), selector.requirements());
        assertEquals("a,!b,c=1,d=2,e!=3,f in (x,y),g notin (z)", selector.toString());
        assertEquals(selector, Selector.parse(selector.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "env                        | true  | true  | false",
        "!env                       | false | false | true",
        "env=prod                   | true  | false | false",
        "env==prod                  | true  | false | false",
        "env!=prod                  | false | true  | true",
        "env in (prod,dev)          | true  | true  | false",
        "env in (staging)           | false | false | false",
        "env notin (prod)           | false | true  | true",
        "env=prod,tier=web          | true  | false | false",
        "env=prod,tier=db           | false | false | false",
        "example.com/owner=net-team | true  | false | false",
        "tier                       | true  | false | false",
        "''                         | true  | true  | true",
    })
    void requirementsMatchAsKubernetesDoes(String selector, boolean prodWeb, boolean dev, boolean none) {
        Selector parsed = Selector.parse(selector);

        assertEquals(prodWeb, parsed.matches(PROD_WEB), "prod web");
        assertEquals(dev, parsed.matches(DEV), "dev");
        assertEquals(none, parsed.matches(NONE), "no labels");
    }

    @Test
    void blanksAroundTokensAreIgnoredAndAnEmptySelectorMatchesEverything() {
        assertEquals(Selector.parse("env=prod,tier in (web)"), Selector.parse("  env = prod ,\ttier  in(  web )  "));
        assertTrue(Selector.parse("").matchesEverything());
        assertTrue(Selector.parse("   ").matchesEverything());
    }

    @Test
    void anEmptyValueIsAValue() {
        Selector selector = Selector.parse("env=");

        assertEquals(List.of(new Requirement("env", Operator.EQUALS, List.of(""))), selector.requirements());
        assertTrue(selector.matches(labels(Map.of("env", ""))));
        assertFalse(selector.matches(DEV));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "env=prod,                 | expected a label key at position 9, found the end of the selector",
        ",env                      | expected a label key at position 0, found ','",
        "env=prod,,tier            | expected a label key at position 9, found ','",
        "env in (a b)              | expected ',' or ')' in the list of values at position 10, found 'b'",
        "env in (a,b               | expected ',' or ')' in the list of values at position 11, found the end",
        "env in ()                 | expected at least one value in the list at position 8, found ')'",
        "env in a                  | expected '(' opening the list of values at position 7, found 'a'",
        "env notin                 | expected '(' opening the list of values at position 9, found the end",
        "env > 5                   | expected an operator (=, ==, !=, in, notin), ',' or the end at position 4, found '>'",
        "env prod                  | expected an operator (=, ==, !=, in, notin), ',' or the end at position 4, found 'prod'",
        "env=a=b                   | expected ',' between requirements or the end of the selector at position 5, found '='",
        "!env=prod                 | expected ',' between requirements or the end of the selector at position 4, found '='",
        "env!prod                  | expected '=' after '!' (key!=value) at position 4, found 'p'",
        "env===prod                | the end of the selector at position 5, found '='",
        "(env)                     | expected a label key at position 0, found '('",
        "-env=prod                 | key '-env' is not a valid label key",
        "env=-prod                 | value '-prod' is not a valid label value",
        "Example.com/env=prod      | key 'Example.com/env' has an invalid prefix",
        "/env                      | key '/env' has an invalid prefix",
        "env/                      | key 'env/' is not a valid label key",
        "a/b/c                     | key 'a/b/c' is not a valid label key",
    })
    void malformedSelectorsAreRefusedNamingTheBadToken(String selector, String expected) {
        InvalidMetadataException refused = assertThrows(InvalidMetadataException.class, () -> Selector.parse(selector));

        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void controlCharactersAreShownEscapedNeverRaw() {
        InvalidMetadataException refused = assertThrows(InvalidMetadataException.class,
                () -> Selector.parse("env=pr\u0000od"));

        assertEquals("selector: value 'pr\\u0000od' is not a valid label value: use nothing, or 1-63 characters of "
                + "A-Z, a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit (at position 4)",
                refused.getMessage());
    }

    @Test
    void sizesAreBounded() {
        String values = String.join(",", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "v" + i).toList());
        assertEquals("selector: a list of values holds more than 64 values",
                assertThrows(InvalidMetadataException.class, () -> Selector.parse("env in (" + values + ")")).getMessage());
        String requirements = String.join(",", java.util.stream.IntStream.range(0, 33).mapToObj(i -> "k" + i).toList());
        assertEquals("selector has more than 32 requirements",
                assertThrows(InvalidMetadataException.class, () -> Selector.parse(requirements)).getMessage());
        assertEquals("selector is 4097 characters long; at most 4096 are allowed",
                assertThrows(InvalidMetadataException.class, () -> Selector.parse("a".repeat(4097))).getMessage());
        assertEquals(64, Selector.parse("env in (" + values.substring(0, values.lastIndexOf(',')) + ")")
                .requirements().get(0).values().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/b", "x.y-z_1", "A9"})
    void oddButValidKeysAndValuesAreAccepted(String word) {
        String value = word.contains("/") ? "v" : word;
        assertEquals(List.of(new Requirement(word, Operator.EQUALS, List.of(value))),
                Selector.parse(word + "=" + value).requirements());
        String longest = "a".repeat(63);
        assertEquals(List.of(longest), Selector.parse(longest + "=" + longest).requirements().get(0).values());
    }

    @Test
    void aKeyOrValueOfSixtyFourCharactersIsRefused() {
        assertThrows(InvalidMetadataException.class, () -> Selector.parse("a".repeat(64)));
        assertThrows(InvalidMetadataException.class, () -> Selector.parse("env=" + "a".repeat(64)));
    }

    private static Labels labels(Map<String, String> map) {
        return Labels.of("labels", map.entrySet().stream().map(e -> new Label(e.getKey(), e.getValue())).toList());
    }
}

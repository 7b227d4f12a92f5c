package dev.ipamql.input;

import static dev.ipamql.support.Generators.chars;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.lists;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.stringsOf;
import static dev.ipamql.support.Generators.weight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.quicktheories.core.Gen;

/**
 * Generators of metadata arguments the contract refuses (SEMANTICS.md, Additions, Part A): label sets, label
 * keys, selectors and claims, each a valid shape with one defect, named in its {@code why}.
 */
final class HostileMetadata {

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Characters outside the label syntax that a selector does not read as its own punctuation or blanks. */
    private static final String OUTSIDE_SYNTAX = "#$%&'*+:;<>?@[\\]^`{|}~\"\u00e9\u00a0\u200b";

    private HostileMetadata() {
    }

    /** A value the contract refuses, and why. */
    record Refused<T>(T value, String why) {
        @Override
        public String toString() {
            String shown = JsonText.shown(String.valueOf(value));
            return why + ": " + (shown.length() > 160 ? shown.substring(0, 160) + "..." : shown);
        }
    }

    private static Gen<String> names(int min, int max) {
        return stringsOf(ALNUM, min, max);
    }

    /** Control characters that no label, selector or claim may hold; a selector reads none of them as a blank. */
    static Gen<String> controls() {
        // not \t, \n and \r, which a selector skips as blanks
        return frequency(weight(3, chars('\u0000', '\u0008')), weight(1, chars('\u000b', '\u000c')),
                weight(2, chars('\u000e', '\u001f')), weight(1, chars('\u007f', '\u009f'))).map(c -> String.valueOf(c));
    }

    /** {@code inserted} put inside {@code text} (neither first nor last, for a text of two or more). */
    private static Gen<String> inside(Gen<String> texts, Gen<String> inserted) {
        return texts.zip(inserted, integers(0, 1000), (text, junk, at) -> {
            int i = text.length() < 2 ? text.length() : 1 + at % (text.length() - 1);
            return text.substring(0, i) + junk + text.substring(i);
        });
    }

    /** Label keys that are refused in every place a key is taken, selectors included. */
    static Gen<Refused<String>> keys() {
        return oneOf(
                names(64, 300).map(key -> new Refused<>(key, "a key name over 63 characters")),
                stringsOf("abc", 254, 400).map(prefix -> new Refused<>(prefix + "/k", "a key prefix over 253 characters")),
                names(64, 100).map(name -> new Refused<>("example.com/" + name, "a prefixed key name over 63 characters")),
                inside(names(2, 20), controls()).map(key -> new Refused<>(key, "a control character in a key")),
                inside(names(2, 20), stringsOf(OUTSIDE_SYNTAX, 1, 1)).map(key -> new Refused<>(key, "a key outside the syntax")),
                names(1, 20).zip(of("-", ".", "_"), booleans(), (key, edge, before) ->
                        new Refused<>(before ? edge + key : key + edge, "a key that starts or ends with " + edge)));
    }

    private static Gen<Boolean> booleans() {
        return dev.ipamql.support.Generators.booleans();
    }

    /** Label values that are refused. */
    static Gen<Refused<String>> values() {
        return oneOf(
                names(64, 10_000).map(value -> new Refused<>(value, "a value over 63 characters")),
                inside(names(2, 20), controls()).map(value -> new Refused<>(value, "a control character in a value")),
                inside(names(2, 20), stringsOf(OUTSIDE_SYNTAX + " ,=()!/", 1, 1))
                        .map(value -> new Refused<>(value, "a value outside the syntax")),
                names(1, 20).zip(of("-", ".", "_"), (value, edge) -> new Refused<>(edge + value,
                        "a value that starts with " + edge)));
    }

    private static Map<String, String> label(String key, String value) {
        return Map.of("key", key, "value", value);
    }

    /** Valid labels with distinct keys, none of them {@code x}. */
    private static Gen<List<Map<String, String>>> validLabels(int min, int max) {
        return lists(names(0, 8).zip(names(0, 12), (suffix, value) -> value), min, max)
                .zip(names(0, 6), (values, suffix) -> IntStream.range(0, values.size())
                        .mapToObj(i -> label("k" + i + suffix, values.get(i))).collect(Collectors.toList()));
    }

    /** A list with {@code one} put in at a position the generator picks. */
    private static <T> Gen<List<T>> with(Gen<List<T>> lists, Gen<T> one) {
        return lists.zip(one, integers(0, 1000), (list, item, at) -> {
            List<T> all = new ArrayList<>(list);
            all.add(at % (all.size() + 1), item);
            return all;
        });
    }

    /** Label sets that are refused as labels or setLabels of any operation. */
    static Gen<Refused<List<Map<String, String>>>> labelSets() {
        return oneOf(
                keys().zip(validLabels(0, 4), names(0, 12), integers(0, 1000), (key, others, value, at) ->
                        new Refused<>(insert(others, label(key.value(), value), at), key.why())),
                values().zip(validLabels(0, 4), integers(0, 1000), (value, others, at) ->
                        new Refused<>(insert(others, label("x", value.value()), at), value.why())),
                validLabels(65, 200).map(labels -> new Refused<>(labels, labels.size() + " labels, more than 64")),
                validLabels(1, 5).zip(names(0, 12), integers(0, 1000), (labels, value, at) ->
                        new Refused<>(insert(labels, label(labels.get(0).get("key"), value), at), "a key given twice")));
    }

    private static <T> List<T> insert(List<T> list, T item, int at) {
        List<T> all = new ArrayList<>(list);
        all.add(at % (all.size() + 1), item);
        return all;
    }

    /** Key lists that are refused as removeLabels. */
    static Gen<Refused<List<String>>> removals() {
        Gen<List<String>> validKeys = validLabels(0, 4).map(labels -> labels.stream().map(l -> l.get("key")).toList());
        return oneOf(
                keys().zip(validKeys, integers(0, 1000), (key, others, at) -> new Refused<>(insert(others, key.value(), at),
                        key.why())),
                validLabels(65, 200).map(labels -> new Refused<>(labels.stream().map(l -> l.get("key")).toList(),
                        labels.size() + " keys, more than a labels set holds")));
    }

    /** Selectors that are refused: malformed, or beyond their limits. */
    static Gen<Refused<String>> selectors() {
        Gen<String> requirement = names(1, 10).zip(names(1, 10), of("=", "==", "!="), (key, value, op) -> key + op + value);
        Gen<String> valid = lists(requirement, 0, 4).map(terms -> String.join(",", terms));
        return oneOf(
                keys().zip(valid, names(1, 10), (key, rest, value) -> new Refused<>(join(rest, key.value() + "=" + value),
                        key.why() + " of a selector")),
                names(1, 10).zip(valid, of("k in (a,b", "k notin (a", "k in ()", "k notin ()", "=v", "k=v=w", "k!v", "!",
                        "k,,j", ",k", "k,", "k in a", "k in (a b)", "(k)", "k=(v)", "!k=v"),
                        (key, rest, broken) -> new Refused<>(join(rest, broken.replace("k", key)), "malformed: " + broken)),
                names(1, 10).zip(integers(65, 3000), of(" in ", " notin "), (key, count, op) -> new Refused<>(key + op + "("
                        + IntStream.range(0, count).mapToObj(i -> "v" + i).collect(Collectors.joining(",")) + ")",
                        "an in-list of " + count + " values")),
                integers(33, 200).map(count -> new Refused<>(IntStream.range(0, count).mapToObj(i -> "k" + i)
                        .collect(Collectors.joining(",")), count + " requirements")),
                names(4097, 6000).map(key -> new Refused<>(key, "a selector over 4096 characters")),
                valid.zip(names(64, 300), (rest, value) -> new Refused<>(join(rest, "k=" + value), "a value over 63 characters")));
    }

    private static String join(String rest, String requirement) {
        return rest.isEmpty() ? requirement : rest + "," + requirement;
    }

    /** Claims that are refused: empty, longer than 253 characters, or with a control character. */
    static Gen<Refused<String>> claims() {
        Gen<String> valid = stringsOf(ALNUM + "-/.:_ @", 1, 60);
        return oneOf(
                of(new Refused<>("", "an empty claim")),
                stringsOf(ALNUM + "/-", 254, 10_240).map(claim -> new Refused<>(claim, "a claim of " + claim.length()
                        + " characters")),
                valid.zip(controls(), integers(0, 1000), (claim, control, at) -> {
                    int i = at % (claim.length() + 1);
                    return new Refused<>(claim.substring(0, i) + control + claim.substring(i), "a control character in a claim");
                }),
                valid.zip(integers(0, 1000), (claim, at) -> {
                    int i = at % (claim.length() + 1);
                    return new Refused<>(claim.substring(0, i) + "\u0000" + claim.substring(i), "a NUL in a claim");
                }));
    }
}

package dev.ipamql.support;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The QuickTheories generators the properties are written with, under short names, plus the few it lacks:
 * strings over a character set, BigIntegers of every magnitude in a range, explicit edge cases, nulls.
 * Every value comes from the property's seeded source, so a seed gives the same values again.
 */
public final class Generators {

    private Generators() {
    }

    @SafeVarargs
    public static <T> Gen<T> of(T... values) {
        return Generate.pick(Arrays.asList(values));
    }

    public static <T> Gen<T> of(List<T> values) {
        return Generate.pick(List.copyOf(values));
    }

    public static <T> Gen<T> just(T value) {
        return Generate.constant(value);
    }

    public static <T> Pair<Integer, Gen<T>> weight(int weight, Gen<T> values) {
        return Pair.of(weight, values);
    }

    /** One of the generators, each chosen in proportion to its weight. */
    @SafeVarargs
    public static <T> Gen<T> frequency(Pair<Integer, Gen<T>>... choices) {
        return Generate.frequency(List.of(choices));
    }

    public static <T> Gen<T> frequency(List<Pair<Integer, Gen<T>>> choices) {
        return Generate.frequency(choices);
    }

    /** One of the generators, each as likely as the others. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<T>... choices) {
        return oneOf(List.of(choices));
    }

    public static <T> Gen<T> oneOf(List<Gen<T>> choices) {
        return Generate.frequency(choices.stream().map(choice -> Pair.of(1, choice)).toList());
    }

    public static Gen<Boolean> booleans() {
        return SourceDSL.booleans().all();
    }

    public static Gen<Integer> integers(int min, int max) {
        return Generate.range(min, max);
    }

    public static Gen<Integer> integers() {
        return SourceDSL.integers().all();
    }

    public static Gen<Long> longs(long min, long max) {
        return Generate.longRange(min, max);
    }

    public static Gen<Long> longs() {
        return SourceDSL.longs().all();
    }

    /**
     * Integers in [min, max] of every magnitude: a random number of random bits counted from one end, so that
     * values just past min, just below max and far from both are all drawn.
     */
    public static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min);
        Gen<BigInteger> offsets = integers(0, span.bitLength()).flatMap(bits -> longs(0, Long.MAX_VALUE)
                .zip(longs(0, Long.MAX_VALUE), (high, low) -> random(bits, high, low)));
        return offsets.zip(booleans(), (offset, fromMax) -> {
            BigInteger bounded = offset.mod(span.add(BigInteger.ONE));
            return fromMax ? max.subtract(bounded) : min.add(bounded);
        });
    }

    /** Integers in [min, max], each about as likely as the others. */
    public static Gen<BigInteger> uniformBigIntegers(BigInteger min, BigInteger max) {
        BigInteger values = max.subtract(min).add(BigInteger.ONE);
        int words = values.bitLength() / 62 + 1;
        return lists(longs(0, Long.MAX_VALUE), words, words).map(randomWords -> {
            BigInteger random = BigInteger.ZERO;
            for (long word : randomWords) {
                random = random.shiftLeft(63).or(BigInteger.valueOf(word));
            }
            return min.add(random.mod(values));
        });
    }

    /** A number of {@code bits} random bits made from 126 random ones (the spans here are at most 101 bits). */
    private static BigInteger random(int bits, long high, long low) {
        BigInteger all = BigInteger.valueOf(high).shiftLeft(63).or(BigInteger.valueOf(low));
        return bits >= 126 ? all : all.and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
    }

    /** Any UTF-16 unit from {@code first} to {@code last}, surrogates and noncharacters included. */
    public static Gen<Character> chars(char first, char last) {
        return Generate.range(first, last).map(unit -> (char) unit.intValue());
    }

    public static Gen<Character> charsOf(String units) {
        return of(units.chars().mapToObj(unit -> (char) unit).toList());
    }

    public static Gen<String> strings(Gen<Character> units, int minLength, int maxLength) {
        return lists(units, minLength, maxLength).map(list -> {
            StringBuilder text = new StringBuilder(list.size());
            list.forEach(text::append);
            return text.toString();
        });
    }

    /** Strings of any UTF-16 units: lone surrogates, controls and noncharacters too. */
    public static Gen<String> anyStrings(int minLength, int maxLength) {
        return strings(chars(Character.MIN_VALUE, Character.MAX_VALUE), minLength, maxLength);
    }

    public static Gen<String> asciiStrings(int minLength, int maxLength) {
        return strings(chars('\u0000', '\u007f'), minLength, maxLength);
    }

    public static Gen<String> stringsOf(String units, int minLength, int maxLength) {
        return strings(charsOf(units), minLength, maxLength);
    }

    public static <T> Gen<List<T>> lists(Gen<T> elements, int minSize, int maxSize) {
        return SourceDSL.lists().of(elements).ofSizeBetween(minSize, maxSize);
    }

    public static Gen<byte[]> bytes(int minSize, int maxSize) {
        return Generate.byteArrays(integers(minSize, maxSize), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    public static Gen<Byte> bytesBetween(byte min, byte max) {
        return Generate.bytes(min, max, min);
    }

    /** A java.util.Random seeded from the property's source, for generators that build a whole value in one go. */
    public static Gen<Random> randoms() {
        return longs().map(Random::new);
    }

    /** Null in {@code percent} of the tries. */
    public static <T> Gen<T> orNull(Gen<T> values, int percent) {
        return frequency(weight(percent, just(null)), weight(100 - percent, values));
    }

    /** The values, and in one try of ten one of the edge cases, so that a run of tens of tries meets them. */
    @SafeVarargs
    public static <T> Gen<T> withEdgeCases(Gen<T> values, T... edgeCases) {
        return frequency(weight(9, values), weight(1, of(edgeCases)));
    }

    /** The elements in a random order. */
    public static <T> Gen<List<T>> shuffled(List<T> elements) {
        return randoms().map(random -> {
            List<T> copy = new ArrayList<>(elements);
            Collections.shuffle(copy, random);
            return copy;
        });
    }

    /** Some of the elements (perhaps none, perhaps all), in their order. */
    public static <T> Gen<List<T>> subsets(List<T> elements) {
        return lists(booleans(), elements.size(), elements.size()).map(chosen -> {
            List<T> subset = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                if (chosen.get(i)) {
                    subset.add(elements.get(i));
                }
            }
            return subset;
        });
    }
}

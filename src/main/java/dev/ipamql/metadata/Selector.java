package dev.ipamql.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A Kubernetes label selector: comma-separated requirements that must all hold ({@code key}, {@code !key},
 * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin (a,b)}).
 * The empty selector matches everything. Sizes are bounded so that a selector is always a small query.
 */
public record Selector(List<Requirement> requirements) {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_REQUIREMENTS = 32;
    public static final int MAX_VALUES = 64;

    public static final Selector ALL = new Selector(List.of());

    /** How a requirement tests a label. */
    public enum Operator {
        EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN;

        /** Whether an object without the key matches. */
        public boolean matchesAbsent() {
            return this == NOT_EXISTS || this == NOT_EQUALS || this == NOT_IN;
        }
    }

    /** One requirement; {@code values} are distinct and sorted, one for (NOT_)EQUALS, none for (NOT_)EXISTS. */
    public record Requirement(String key, Operator operator, List<String> values) {

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            if (value == null) {
                return operator.matchesAbsent();
            }
            return switch (operator) {
                case EXISTS -> true;
                case NOT_EXISTS -> false;
                case EQUALS, IN -> values.contains(value);
                case NOT_EQUALS, NOT_IN -> !values.contains(value);
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case EXISTS -> key;
                case NOT_EXISTS -> "!" + key;
                case EQUALS -> key + "=" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            };
        }
    }

    public Selector {
        requirements = List.copyOf(requirements);
    }

    /** Parses {@code text}; an empty or blank text is {@link #ALL}. */
    public static Selector parse(String text) {
        if (text == null) {
            throw new InvalidMetadataException("selector is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidMetadataException("selector is " + text.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        return new Parser(text).selector();
    }

    public boolean matches(Labels labels) {
        return requirements.stream().allMatch(r -> r.matches(labels.asMap()));
    }

    public boolean matchesEverything() {
        return requirements.isEmpty();
    }

    /** The canonical text: requirements in the given order, no blanks but around in/notin. */
    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }

    /** A recursive-descent parser over the selector's tokens, reporting the first bad one by position. */
    private static final class Parser {

        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Selector selector() {
            List<Requirement> requirements = new ArrayList<>();
            skipBlanks();
            if (at == text.length()) {
                return ALL;
            }
            while (true) {
                if (requirements.size() == MAX_REQUIREMENTS) {
                    throw new InvalidMetadataException("selector has more than " + MAX_REQUIREMENTS + " requirements");
                }
                requirements.add(requirement());
                skipBlanks();
                if (at == text.length()) {
                    return new Selector(requirements);
                }
                expect(',', "',' between requirements or the end of the selector");
            }
        }

        private Requirement requirement() {
            skipBlanks();
            if (peek() == '!') {
                at++;
                String key = key();
                return new Requirement(key, Operator.NOT_EXISTS, List.of());
            }
            String key = key();
            skipBlanks();
            char next = peek();
            if (next == '=' || next == '!') {
                Operator operator = next == '=' ? Operator.EQUALS : Operator.NOT_EQUALS;
                at++;
                if (next == '!') {
                    expect('=', "'=' after '!' (key!=value)");
                } else if (peek() == '=') {
                    at++;
                }
                return new Requirement(key, operator, List.of(value()));
            }
            int wordStart = at;
            String word = word();
            if (word.equals("in") || word.equals("notin")) {
                return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, values());
            }
            if (!word.isEmpty()) {
                throw unexpected(wordStart, word, "an operator (=, ==, !=, in, notin), ',' or the end");
            }
            if (next == END || next == ',') {
                return new Requirement(key, Operator.EXISTS, List.of());
            }
            throw unexpected(at, String.valueOf(next), "an operator (=, ==, !=, in, notin), ',' or the end");
        }

        private List<String> values() {
            skipBlanks();
            expect('(', "'(' opening the list of values");
            skipBlanks();
            if (peek() == ')') {
                throw unexpected(at, ")", "at least one value in the list");
            }
            TreeSet<String> values = new TreeSet<>();
            while (true) {
                if (values.size() == MAX_VALUES) {
                    throw new InvalidMetadataException("selector: a list of values holds more than " + MAX_VALUES
                            + " values");
                }
                values.add(value());
                skipBlanks();
                if (peek() == ')') {
                    at++;
                    return List.copyOf(values);
                }
                expect(',', "',' or ')' in the list of values");
            }
        }

        private String key() {
            skipBlanks();
            int start = at;
            String key = word();
            if (key.isEmpty()) {
                throw unexpected(start, peek() == END ? null : String.valueOf(peek()), "a label key");
            }
            return checked(start, key, () -> LabelSyntax.requireKey("selector: key", key));
        }

        private String value() {
            skipBlanks();
            int start = at;
            String value = word();
            return checked(start, value, () -> LabelSyntax.requireValue("selector", value));
        }

        /** The word once {@code check} passed; its refusal gets the word's position added. */
        private static String checked(int start, String word, Runnable check) {
            try {
                check.run();
                return word;
            } catch (InvalidMetadataException e) {
                throw new InvalidMetadataException(e.getMessage() + " (at position " + start + ")");
            }
        }

        /** The longest run of characters that are not blanks or selector punctuation. */
        private String word() {
            int start = at;
            while (at < text.length() && !isPunctuation(text.charAt(at)) && !isBlank(text.charAt(at))) {
                at++;
            }
            return text.substring(start, at);
        }

        private void expect(char wanted, String what) {
            skipBlanks();
            if (peek() != wanted) {
                throw unexpected(at, peek() == END ? null : String.valueOf(peek()), what);
            }
            at++;
        }

        private InvalidMetadataException unexpected(int position, String token, String expected) {
            String found = token == null ? "the end of the selector" : LabelSyntax.shown(token);
            return new InvalidMetadataException("selector: expected " + expected + " at position " + position
                    + ", found " + found);
        }

        private static final char END = '\uffff';

        private char peek() {
            return at < text.length() ? text.charAt(at) : END;
        }

        private void skipBlanks() {
            while (at < text.length() && isBlank(text.charAt(at))) {
                at++;
            }
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        private static boolean isPunctuation(char c) {
            return c == ',' || c == '(' || c == ')' || c == '=' || c == '!';
        }
    }
}

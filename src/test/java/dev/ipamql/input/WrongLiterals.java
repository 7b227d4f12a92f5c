package dev.ipamql.input;

import static dev.ipamql.support.Generators.of;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Documents in which exactly one argument of one root field of the served schema gets a value of the
 * wrong type: an inline literal, the default of a variable of the argument's type, or a variable of
 * another type. The other required arguments get valid values (chosen so that the operation, if it ran,
 * would either succeed and show or fail with another code). Every argument of every query and mutation
 * of graphql/schema.graphql is covered; a new required argument without a valid value fails the property.
 */
final class WrongLiterals {

    /** One argument of a root field. */
    record Argument(String operation, String field, String name, String type, boolean hasDefault) {
    }

    record Case(String document, String label) {
        @Override
        public String toString() {
            return label + ": " + JsonText.shown(document, 400);
        }
    }

    enum Mode { INLINE, VARIABLE_DEFAULT, VARIABLE_OF_ANOTHER_TYPE }

    private static final Pattern FIELD = Pattern.compile("(\\w+)\\s*(?:\\(([^)]*)\\))?\\s*:\\s*([\\[\\]\\w!]+)");
    private static final Pattern ARGUMENT = Pattern.compile(
            "(\\w+)\\s*:\\s*([\\[\\]\\w!]+)(\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\s)]+))?");

    private WrongLiterals() {
    }

    /** Valid literals of the required (and some optional) arguments, by field. */
    static Map<String, Map<String, String>> validArguments() {
        String fixture = q(Fixture.NAMESPACE);
        String scratch = q(Fixture.SCRATCH);
        Map<String, Map<String, String>> valid = new LinkedHashMap<>();
        valid.put("auditLog", Map.of());
        valid.put("exportNamespace", Map.of("name", fixture));
        valid.put("ip", ordered("prefix", q(Fixture.Prefix.E4.cidr), "address", q(Fixture.E4_TAKEN), "namespace", fixture));
        valid.put("namespace", Map.of("name", fixture));
        valid.put("namespaces", Map.of());
        valid.put("prefix", ordered("cidr", q(Fixture.Prefix.R4.cidr), "namespace", fixture));
        valid.put("prefixes", ordered("namespace", fixture));
        valid.put("prefixesOverlapping", ordered("existing", "[\"10.0.0.0/8\"]", "candidates", "[\"10.1.0.0/16\"]"));
        valid.put("acquireChildPrefix", ordered("parent", q(Fixture.Prefix.R4.cidr), "length", "26", "namespace", fixture));
        // E4 has free addresses: an acquireIP that ran would take one, and the state check would see it
        valid.put("acquireIP", ordered("prefix", q(Fixture.Prefix.E4.cidr), "namespace", fixture));
        valid.put("acquireSpecificChildPrefix", ordered("parent", q(Fixture.Prefix.R4.cidr), "cidr", q("198.51.100.0/26"),
                "namespace", fixture));
        valid.put("createNamespace", Map.of("name", q("created-by-wrong-literal")));
        valid.put("createPrefix", ordered("cidr", q("192.0.2.0/24"), "namespace", scratch));
        valid.put("deleteNamespace", Map.of("name", scratch));
        valid.put("deletePrefix", ordered("cidr", q(Fixture.Prefix.L4.cidr), "namespace", fixture));
        valid.put("importNamespace", ordered("name", scratch, "data", q("[]")));
        valid.put("releaseChildPrefix", ordered("cidr", q(Fixture.Prefix.C4A.cidr), "namespace", fixture));
        valid.put("releaseIP", ordered("prefix", q(Fixture.Prefix.E4.cidr), "address", q(Fixture.E4_TAKEN), "namespace", fixture));
        valid.put("acquireIPs", ordered("prefix", q(Fixture.Prefix.E4.cidr), "count", "1", "namespace", fixture));
        valid.put("releaseIPs", ordered("prefix", q(Fixture.Prefix.E4.cidr), "addresses", "[" + q(Fixture.E4_TAKEN) + "]",
                "namespace", fixture));
        String claim = q("wrong-literal-claim");
        String changed = q("changed by a wrong literal");
        valid.put("ipByClaim", ordered("claim", claim, "namespace", fixture));
        valid.put("prefixByClaim", ordered("claim", claim, "namespace", fixture));
        valid.put("ips", ordered("namespace", fixture));
        // updates carry a change, so that one that ran would show in the state check
        valid.put("updateNamespace", ordered("name", fixture, "description", changed));
        valid.put("updatePrefix", ordered("cidr", q(Fixture.Prefix.R4.cidr), "namespace", fixture, "description", changed));
        valid.put("updateIP", ordered("address", q(Fixture.E4_TAKEN), "prefix", q(Fixture.Prefix.E4.cidr),
                "namespace", fixture, "description", changed));
        // E4's .1-.2 are free: a reserveRange that ran would show in the state check
        valid.put("reserveRange", ordered("prefix", q(Fixture.Prefix.E4.cidr), "first", q("198.51.102.1"),
                "last", q("198.51.102.2"), "namespace", fixture));
        valid.put("unreserveRange", ordered("prefix", q(Fixture.Prefix.E4.cidr), "first", q("198.51.102.1"),
                "namespace", fixture));
        valid.put("releaseIPByClaim", ordered("claim", claim, "namespace", fixture));
        valid.put("releaseChildPrefixByClaim", ordered("claim", claim, "namespace", fixture));
        valid.put("acquireChildPrefixes", ordered("parent", q(Fixture.Prefix.R4.cidr), "length", "26", "count", "1",
                "namespace", fixture));
        valid.put("createPool", ordered("name", q("created-by-wrong-literal"), "kind", "IP", "selector", q(""),
                "namespace", scratch));
        valid.put("updatePool", ordered("name", q(Fixture.IP_POOL), "namespace", fixture, "description", changed));
        valid.put("deletePool", ordered("name", q(Fixture.IP_POOL), "namespace", fixture));
        valid.put("pool", ordered("name", q(Fixture.IP_POOL), "namespace", fixture));
        valid.put("pools", ordered("namespace", fixture));
        valid.put("changes", ordered("namespace", fixture));
        // well-typed: a wrong literal beside them is refused before anything runs
        valid.put("createWebhook", ordered("url", q("https://hooks.example.com/ipam"), "secret", q("wrong-literal-secret"),
                "namespace", fixture));
        valid.put("deleteWebhook", ordered("id", q("1")));
        valid.put("activateWebhook", ordered("id", q("1")));
        return valid;
    }

    private static String q(String text) {
        return JsonText.graphql(text);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** Every argument of every field of Query and Mutation in the served schema. */
    static List<Argument> arguments() {
        String schema;
        try {
            schema = Files.readString(Path.of("graphql", "schema.graphql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Argument> arguments = new ArrayList<>();
        for (String operation : List.of("Query", "Mutation")) {
            Matcher block = Pattern.compile("(?s)\\ntype " + operation + " \\{(.*?)\\n\\}").matcher(schema);
            if (!block.find()) {
                throw new AssertionError("no type " + operation + " in graphql/schema.graphql");
            }
            StringBuilder body = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                if (!line.strip().startsWith("\"")) { // descriptions
                    body.append(line).append(' ');
                }
            }
            Matcher field = FIELD.matcher(body);
            while (field.find()) {
                if (field.group(2) == null) {
                    continue;
                }
                Matcher argument = ARGUMENT.matcher(field.group(2));
                while (argument.find()) {
                    arguments.add(new Argument(operation.equals("Query") ? "query" : "mutation", field.group(1),
                            argument.group(1), argument.group(2), argument.group(3) != null));
                }
            }
        }
        if (arguments.size() < 30) {
            throw new AssertionError("read only " + arguments.size() + " arguments from graphql/schema.graphql: " + arguments);
        }
        return arguments;
    }

    /** Object types of the schema, which need a selection. */
    static Set<String> objectTypes() {
        try {
            Matcher m = Pattern.compile("\\ntype (\\w+)").matcher("\n" + Files.readString(Path.of("graphql", "schema.graphql")));
            Set<String> names = new TreeSet<>();
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GraphQL literals that do not fit {@code type}. */
    static List<String> wrongFor(String type) {
        boolean nonNull = type.endsWith("!");
        String bare = type.substring(0, nonNull ? type.length() - 1 : type.length());
        List<String> wrong = new ArrayList<>();
        if (bare.startsWith("[")) {
            wrong.addAll(List.of("{a: \"10.0.0.0/8\"}", "{}", "5", "true", "1.5", "V4", "[5]", "[\"10.0.0.0/8\", 5]",
                    "[[\"10.0.0.0/8\"]]", "[true]", "[{a: 1}]", "[2147483648]", "-2147483648", "[V4]"));
            if (bare.endsWith("!]")) {
                wrong.add("[null]");
                wrong.add("[\"10.0.0.0/8\", null]");
            }
        } else {
            switch (bare) {
                case "Int" -> wrong.addAll(List.of("\"5\"", "\"\"", "\"-2147483648\"", "5.0", "1.5", "1e3", "true", "[5]",
                        "{a: 5}", "V4", "-2147483648", "2147483648", "-2147483649", "4294967296", "4294967322",
                        "9223372036854775808", "99999999999999999999999999", "-99999999999999999999", "[]"));
                case "Boolean" -> wrong.addAll(List.of("\"true\"", "\"false\"", "\"\"", "1", "0", "1.5", "TRUE", "True",
                        "yes", "V4", "[true]", "{a: true}", "2147483648"));
                case "IPFamily" -> wrong.addAll(List.of("\"V4\"", "\"V6\"", "\"\"", "4", "6", "true", "v4", "V5", "ipv4",
                        "[V4]", "{V4: true}", "2147483648", "1.5"));
                default -> {
                    wrong.addAll(List.of("5", "-1", "0", "1.5", "true", "false", "V4", "[\"x\"]", "[]", "{a: \"x\"}",
                            "2147483648", "-2147483648", "99999999999999999999", "1e400"));
                    if (bare.equals("DateTime")) {
                        wrong.addAll(List.of("\"yesterday\"", "\"2026-01-01\"", "\"\"", "\"2026-01-01T00:00:00\"",
                                "\"1735689600\""));
                    }
                }
            }
        }
        if (nonNull) {
            wrong.add("null");
        }
        return wrong;
    }

    /** Declared variable types that a variable in a position of {@code type} must not have. */
    static List<String> otherTypes(String type, boolean hasDefault) {
        boolean nonNull = type.endsWith("!");
        String bare = type.substring(0, nonNull ? type.length() - 1 : type.length());
        List<String> other = new ArrayList<>();
        for (String candidate : List.of("String", "Int", "Boolean", "Float", "ID", "IPFamily", "CIDR", "IPAddress",
                "DateTime", "BigInteger", "[String]", "[CIDR!]", "[[CIDR!]!]!", "[Int!]!", "Unknown")) {
            if (!candidate.equals(bare)) {
                other.add(candidate);
            }
        }
        if (nonNull && !hasDefault) {
            other.add(bare); // a nullable variable where a value is required
        }
        return other;
    }

    static Gen<Case> cases() {
        Map<String, Map<String, String>> valid = validArguments();
        Set<String> objects = objectTypes();
        Map<String, String> results = resultTypes();
        List<Argument> all = arguments();
        for (Argument argument : all) {
            boolean required = argument.type().endsWith("!") && !argument.hasDefault();
            if (!valid.containsKey(argument.field())) {
                throw new AssertionError("no valid arguments known for " + argument.field() + ": add it to WrongLiterals");
            }
            if (required && !valid.get(argument.field()).containsKey(argument.name())) {
                throw new AssertionError("no valid value known for the required argument " + argument.field() + "."
                        + argument.name() + ": add it to WrongLiterals");
            }
        }
        return of(all).flatMap(argument -> of(Mode.values()).<Case>flatMap(mode -> {
            List<String> values = mode == Mode.VARIABLE_OF_ANOTHER_TYPE ? otherTypes(argument.type(), argument.hasDefault())
                    : wrongFor(argument.type());
            return of(values).map(value -> build(argument, mode, value, valid.get(argument.field()),
                    objects.contains(results.get(argument.field()))));
        }));
    }

    /** The result type name of each root field. */
    static Map<String, String> resultTypes() {
        String schema;
        try {
            schema = Files.readString(Path.of("graphql", "schema.graphql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> results = new LinkedHashMap<>();
        for (String operation : List.of("Query", "Mutation")) {
            Matcher block = Pattern.compile("(?s)\\ntype " + operation + " \\{(.*?)\\n\\}").matcher(schema);
            block.find();
            StringBuilder body = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                if (!line.strip().startsWith("\"")) {
                    body.append(line).append(' ');
                }
            }
            Matcher field = FIELD.matcher(body);
            while (field.find()) {
                results.put(field.group(1), field.group(3).replaceAll("[\\[\\]!]", ""));
            }
        }
        return results;
    }

    private static Case build(Argument argument, Mode mode, String value, Map<String, String> valid, boolean object) {
        List<String> arguments = new ArrayList<>();
        String definition = "";
        String target = switch (mode) {
            case INLINE -> value;
            case VARIABLE_DEFAULT -> {
                definition = "($v: " + argument.type() + " = " + value + ")";
                yield "$v";
            }
            case VARIABLE_OF_ANOTHER_TYPE -> {
                definition = "($v: " + value + ")";
                yield "$v";
            }
        };
        arguments.add(argument.name() + ": " + target);
        valid.forEach((name, literal) -> {
            if (!name.equals(argument.name())) {
                arguments.add(name + ": " + literal);
            }
        });
        String document = argument.operation() + definition + " { " + argument.field() + "(" + String.join(", ", arguments)
                + ")" + (object ? " { __typename }" : "") + " }";
        String label = argument.field() + "(" + argument.name() + ": " + argument.type() + ") " + switch (mode) {
            case INLINE -> "given the literal " + value;
            case VARIABLE_DEFAULT -> "given a variable of its type defaulting to " + value;
            case VARIABLE_OF_ANOTHER_TYPE -> "given a variable of type " + value;
        };
        return new Case(document, label);
    }
}

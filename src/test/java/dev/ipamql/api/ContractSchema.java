package dev.ipamql.api;

import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One piece of the contract's SDL (the base file or one part of the additions) compared with the served
 * schema: what it names that is not served, and what is served otherwise than it says. New arguments of
 * existing fields, which SDL cannot express, come from the contract's comments
 * ({@code #   createPrefix(..., labels: [LabelInput!])} under {@code # New arguments on existing Mutation fields:}).
 */
record ContractSchema(TypeDefinitionRegistry types, Map<String, List<InputValueDefinition>> addedArguments) {

    private static final Pattern OWNER = Pattern.compile("^# New arguments on existing (\\w+) fields:");
    private static final Pattern ADDED = Pattern.compile("^#\\s{3,}([\\w./ ]+?)\\s*\\((.*)\\)");

    /** What the served schema lacks, and what it serves otherwise than the contract says. */
    record Deviations(List<String> missing, List<String> different) {
    }

    static ContractSchema parse(String sdl) {
        Map<String, List<InputValueDefinition>> added = new LinkedHashMap<>();
        String owner = null;
        for (String line : sdl.split("\n")) {
            Matcher header = OWNER.matcher(line);
            Matcher arguments = ADDED.matcher(line);
            if (header.find()) {
                owner = header.group(1);
            } else if (owner != null && arguments.find()) {
                String declared = arguments.group(2).replace("...", "").replaceAll("^[,\\s]+|[,\\s]+$", "")
                        .replaceAll(",\\s*,", ",");
                List<InputValueDefinition> values = new SchemaParser().parse("type T { f(" + declared + "): Int }")
                        .getType("T", ObjectTypeDefinition.class).orElseThrow().getFieldDefinitions().get(0)
                        .getInputValueDefinitions();
                for (String target : arguments.group(1).split("/")) {
                    String field = target.strip().contains(".") ? target.strip() : owner + "." + target.strip();
                    added.computeIfAbsent(field, f -> new ArrayList<>()).addAll(values);
                }
            } else if (!line.startsWith("#   ")) {
                owner = null;
            }
        }
        return new ContractSchema(new SchemaParser().parse(sdl), added);
    }

    /**
     * Every type, field (with its type), argument (with type and default), enum value and input field; an
     * argument that this piece makes optional and that is still served as required counts as missing.
     */
    Deviations against(TypeDefinitionRegistry served) {
        Deviations found = new Deviations(new ArrayList<>(), new ArrayList<>());
        types.scalars().keySet().stream().filter(scalar -> !served.scalars().containsKey(scalar))
                .forEach(scalar -> found.missing().add("scalar " + scalar));
        List<TypeDefinition> declared = new ArrayList<>(types.types().values());
        types.objectTypeExtensions().values().forEach(declared::addAll);
        for (TypeDefinition type : declared) {
            Optional<TypeDefinition> mine = served.getType(type.getName());
            if (mine.isEmpty()) {
                found.missing().add("type " + type.getName());
            } else if (type instanceof ObjectTypeDefinition object && mine.get() instanceof ObjectTypeDefinition servedObject) {
                compareFields(object, servedObject, found);
            } else if (type instanceof EnumTypeDefinition values && mine.get() instanceof EnumTypeDefinition servedValues) {
                List<String> mineValues = servedValues.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName).toList();
                values.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName)
                        .filter(v -> !mineValues.contains(v)).forEach(v -> found.missing().add(type.getName() + "." + v));
            } else if (type instanceof InputObjectTypeDefinition input && mine.get() instanceof InputObjectTypeDefinition servedInput) {
                compareValues(type.getName(), input.getInputValueDefinitions(), servedInput.getInputValueDefinitions(), found);
            } else {
                found.different().add("type " + type.getName() + " served as a " + mine.get().getClass().getSimpleName());
            }
        }
        addedArguments.forEach((field, arguments) -> {
            String[] name = field.split("\\.");
            Optional<FieldDefinition> mine = served.getType(name[0], ObjectTypeDefinition.class).flatMap(t -> t.getFieldDefinitions()
                    .stream().filter(f -> f.getName().equals(name[1])).findFirst());
            if (mine.isEmpty()) {
                found.missing().add(field);
                return;
            }
            Deviations changes = new Deviations(found.missing(), new ArrayList<>());
            compareValues(field, arguments, mine.get().getInputValueDefinitions(), changes);
            for (String change : changes.different()) {
                boolean stillRequired = arguments.stream().anyMatch(a -> a.getDefaultValue() == null && !(a.getType() instanceof NonNullType)
                        && change.endsWith(" served as " + a.getName() + ": " + AstPrinter.printAst(a.getType()) + "!"));
                (stillRequired ? found.missing() : found.different()).add(change);
            }
        });
        return found;
    }

    /** Whether {@code difference}, found against another piece, is an argument this piece redefines, served as it says. */
    boolean redefines(String difference) {
        return addedArguments.entrySet().stream().anyMatch(field -> field.getValue().stream().anyMatch(argument ->
                difference.startsWith(field.getKey() + "(" + argument.getName() + ": ")
                        && difference.endsWith(" served as " + describe(argument))));
    }

    private static void compareFields(ObjectTypeDefinition contract, ObjectTypeDefinition served, Deviations found) {
        for (FieldDefinition field : contract.getFieldDefinitions()) {
            String where = contract.getName() + "." + field.getName();
            Optional<FieldDefinition> mine = served.getFieldDefinitions().stream()
                    .filter(f -> f.getName().equals(field.getName())).findFirst();
            if (mine.isEmpty()) {
                found.missing().add(where);
                continue;
            }
            if (!AstPrinter.printAst(field.getType()).equals(AstPrinter.printAst(mine.get().getType()))) {
                found.different().add(where + " : " + AstPrinter.printAst(field.getType()) + " (served "
                        + AstPrinter.printAst(mine.get().getType()) + ")");
            }
            compareValues(where, field.getInputValueDefinitions(), mine.get().getInputValueDefinitions(), found);
            mine.get().getInputValueDefinitions().stream()
                    .filter(a -> field.getInputValueDefinitions().stream().noneMatch(c -> c.getName().equals(a.getName())))
                    .filter(a -> a.getType() instanceof NonNullType && a.getDefaultValue() == null)
                    .forEach(a -> found.different().add(where + " has an added required argument " + a.getName()));
        }
    }

    /** Arguments of a field, or fields of an input type. */
    private static void compareValues(String where, List<InputValueDefinition> contract, List<InputValueDefinition> served,
                                      Deviations found) {
        for (InputValueDefinition value : contract) {
            Optional<InputValueDefinition> mine = served.stream().filter(a -> a.getName().equals(value.getName())).findFirst();
            if (mine.isEmpty()) {
                found.missing().add(where + "(" + describe(value) + ")");
            } else if (!describe(value).equals(describe(mine.get()))) {
                found.different().add(where + "(" + describe(value) + ") served as " + describe(mine.get()));
            }
        }
    }

    private static String describe(InputValueDefinition value) {
        return value.getName() + ": " + AstPrinter.printAst(value.getType())
                + (value.getDefaultValue() == null ? "" : " = " + AstPrinter.printAst(value.getDefaultValue()));
    }
}

package dev.ipamql.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dataloader.BatchLoader;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.Try;

/**
 * The batch fields of {@link PrefixFields} and {@link NamespaceFields}, served by data loaders of this
 * request keyed by (parent, arguments): one resolver call per distinct set of arguments, whatever the
 * number of parents. A field its parent's own row settles ({@link SettledFields}) queues no load.
 */
final class BatchFields {

    private BatchFields() {
    }

    /** A batch resolver called with the parents of one set of arguments; answers in the parents' order. */
    @FunctionalInterface
    interface Resolver {
        Uni<? extends List<?>> resolve(List<Object> parents, List<Object> arguments);
    }

    /** A batch field and its arguments (Int or String, passed on as GraphQL coerced them). */
    record Field(String type, String field, List<String> arguments, SettledFields.Settle settled, Resolver resolver) {
        FieldCoordinates coordinates() {
            return FieldCoordinates.coordinates(type, field);
        }

        String loader() {
            return type + "." + field;
        }
    }

    static final List<Field> ALL = List.of(
            new Field("Prefix", "children", List.of(), SettledFields.CHILDREN,
                    (parents, args) -> prefixFields().children(cast(parents))),
            new Field("Prefix", "usage", List.of(), SettledFields.USAGE,
                    (parents, args) -> prefixFields().usage(cast(parents))),
            new Field("Prefix", "ips", List.of("first", "after"), SettledFields.IPS,
                    (parents, args) -> prefixFields().ips(cast(parents), (Integer) args.get(0), (String) args.get(1))),
            new Field("Prefix", "parent", List.of(), SettledFields.Settle.NEVER,
                    (parents, args) -> prefixFields().parent(cast(parents))),
            new Field("IP", "prefix", List.of(), SettledFields.Settle.NEVER,
                    (parents, args) -> prefixFields().prefix(cast(parents))),
            new Field("PrefixUsage", "availablePrefixes", List.of(), SettledFields.Settle.NEVER,
                    (parents, args) -> prefixFields().availablePrefixes(cast(parents))),
            new Field("Namespace", "prefixes", List.of("first", "after", "selector"), SettledFields.Settle.NEVER,
                    (parents, args) -> namespaceFields().prefixes(cast(parents), (Integer) args.get(0), (String) args.get(1),
                            (String) args.get(2))));

    /**
     * A key of a field's loader: the parent itself (by identity, never by hash code alone) and the arguments.
     * Two parents with equal hash codes are two keys, each with its own answer.
     */
    record Key(Object parent, List<Object> arguments) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.parent == parent && key.arguments.equals(arguments);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(parent) + arguments.hashCode();
        }
    }

    /** The field's fetcher: the settled answer, or a load joined to this request's loader of the field. */
    static DataFetcher<Object> fetcher(Field field) {
        return environment -> {
            List<Object> values = arguments(field, environment);
            Object answer = field.settled().answer(environment.getSource(), values);
            if (answer != null) {
                return answer;
            }
            DataLoader<Key, Object> loader = environment.getDataLoaderRegistry()
                    .computeIfAbsent(field.loader(), name -> loader(name, field.resolver()));
            return loader.load(new Key(environment.getSource(), values));
        };
    }

    private static List<Object> arguments(Field field, DataFetchingEnvironment environment) {
        if (field.arguments().isEmpty()) {
            return List.of();
        }
        List<Object> values = new ArrayList<>(field.arguments().size());
        for (String name : field.arguments()) {
            Object value = environment.getArgument(name);
            // SmallRye declares numeric defaults (@DefaultValue) as BigDecimal; the resolvers take Integer
            values.add(value instanceof Number number && !(value instanceof Integer) ? number.intValue() : value);
        }
        return values;
    }

    /**
     * A loader that calls the resolver once per distinct set of arguments among its keys; a failed call fails
     * only the keys of its arguments.
     */
    static DataLoader<Key, Object> loader(String name, Resolver resolver) {
        BatchLoader<Key, Try<Object>> batch = keys -> {
            Map<List<Object>, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                groups.computeIfAbsent(keys.get(i).arguments(), ignored -> new ArrayList<>()).add(i);
            }
            Try<?>[] answers = new Try<?>[keys.size()];
            List<Uni<Void>> calls = new ArrayList<>(groups.size());
            groups.forEach((arguments, positions) -> {
                List<Object> parents = positions.stream().map(i -> keys.get(i).parent()).toList();
                calls.add(Uni.createFrom().deferred(() -> resolver.resolve(parents, arguments)).onItemOrFailure()
                        .invoke((results, failure) -> {
                            for (int p = 0; p < positions.size(); p++) {
                                answers[positions.get(p)] = failure == null ? Try.succeeded(results.get(p)) : Try.failed(failure);
                            }
                        }).onFailure().recoverWithNull().replaceWithVoid());
            });
            @SuppressWarnings("unchecked")
            Supplier<List<Try<Object>>> all = () -> Arrays.asList((Try<Object>[]) answers);
            return Uni.join().all(calls).andFailFast().map(ignored -> all.get()).subscribeAsCompletionStage();
        };
        return DataLoaderFactory.newDataLoaderWithTry(name, batch, DataLoaderOptions.newOptions().build());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<Object> parents) {
        return (List<T>) parents;
    }

    private static PrefixFields prefixFields() {
        return Arc.container().instance(PrefixFields.class).get();
    }

    private static NamespaceFields namespaceFields() {
        return Arc.container().instance(NamespaceFields.class).get();
    }
}

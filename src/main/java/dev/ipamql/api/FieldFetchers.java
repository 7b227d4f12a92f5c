package dev.ipamql.api;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.DelegatingDataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.SelectedField;
import graphql.schema.LightDataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.graphql.spi.EventingService;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dataloader.CacheKey;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderRegistry;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Serves the fields of large responses without SmallRye GraphQL's per-field bookkeeping. SmallRye's
 * fetchers rebuild the request context for every field of every object (the selection below the field
 * rendered to JSON twice, its path as text, a CDI event and a timer for batch fields), which made a
 * 10,000-prefix tree spend most of its time and memory there. Here a plain field is read straight from
 * its getter and a batch field only joins its data loader, unless the parent's own row already settles its
 * answer ({@link SettledFields}: a leaf's children, usage and empty first page of IPs); the loader
 * (SmallRye's, unchanged) builds that context once per batch and calls the resolver with all parents, so
 * results, errors and authorization are exactly as before. A batch field with arguments gets a loader per distinct set of them: SmallRye's hands
 * a whole batch the arguments of its first key, which gave {@code ips(first: 1)} beside {@code ips} one
 * page size for both. Loaded by SmallRye GraphQL as an {@link EventingService} (META-INF/services): its
 * schema hook is the one place where data fetchers can still be changed, so the service refuses to start
 * without it.
 *
 * <p>The operations themselves (the fields of Query and Mutation) keep SmallRye's fetchers, which convert
 * arguments, call the resolver and map its errors, but are handed no selection set: SmallRye renders the
 * selection below every operation into its {@code Context} (twice), and computing it makes graphql-java build
 * the whole normalized operation, about a tenth of the CPU time of an acquireIP. Nothing here reads
 * SmallRye's {@code Context.getSelectedFields()}; it is empty.
 */
public class FieldFetchers implements EventingService {

    /** A batch field of PrefixFields or NamespaceFields and its arguments (Int or String only, passed on as GraphQL coerced them). */
    record BatchField(String type, String field, List<String> arguments, SettledFields.Settle settled) {
        FieldCoordinates coordinates() {
            return FieldCoordinates.coordinates(type, field);
        }
    }

    static final List<BatchField> BATCH_FIELDS = List.of(
            new BatchField("Prefix", "children", List.of(), SettledFields.CHILDREN),
            new BatchField("Prefix", "usage", List.of(), SettledFields.USAGE),
            new BatchField("Prefix", "ips", List.of("first", "after"), SettledFields.IPS),
            new BatchField("Prefix", "parent", List.of(), SettledFields.Settle.NEVER),
            new BatchField("IP", "prefix", List.of(), SettledFields.Settle.NEVER),
            new BatchField("PrefixUsage", "availablePrefixes", List.of(), SettledFields.Settle.NEVER),
            new BatchField("Namespace", "prefixes", List.of("first", "after", "selector"), SettledFields.Settle.NEVER));

    /**
     * Plain fields whose getter value GraphQL serializes as it is (strings, numbers, custom string scalars,
     * objects); DateTime and enum fields keep SmallRye's fetcher, which formats them.
     */
    static final Map<FieldCoordinates, Function<Object, Object>> PLAIN_FIELDS = plainFields();

    private static Map<FieldCoordinates, Function<Object, Object>> plainFields() {
        Map<FieldCoordinates, Function<Object, Object>> fields = new HashMap<>();
        plain(fields, "Prefix", Prefix.class, Map.of("cidr", Prefix::getCidr, "namespace", Prefix::getNamespace,
                "parentCidr", Prefix::getParentCidr, "description", Prefix::getDescription));
        plain(fields, "PrefixUsage", PrefixUsage.class, Map.of("size", PrefixUsage::getSize,
                "acquiredIPs", PrefixUsage::getAcquiredIPs, "freeIPs", PrefixUsage::getFreeIPs,
                "acquiredPrefixes", PrefixUsage::getAcquiredPrefixes,
                "availableSmallestPrefixes", PrefixUsage::getAvailableSmallestPrefixes,
                "utilization", PrefixUsage::getUtilization));
        plain(fields, "IP", IP.class, Map.of("address", IP::getAddress, "namespace", IP::getNamespace,
                "prefixCidr", IP::getPrefixCidr, "description", IP::getDescription));
        plain(fields, "IPConnection", IPConnection.class, Map.of("edges", IPConnection::getEdges,
                "pageInfo", IPConnection::getPageInfo, "totalCount", IPConnection::getTotalCount));
        plain(fields, "IPEdge", IPEdge.class, Map.of("node", IPEdge::getNode, "cursor", IPEdge::getCursor));
        plain(fields, "PrefixConnection", PrefixConnection.class, Map.of("edges", PrefixConnection::getEdges,
                "pageInfo", PrefixConnection::getPageInfo, "totalCount", PrefixConnection::getTotalCount));
        plain(fields, "PrefixEdge", PrefixEdge.class, Map.of("node", PrefixEdge::getNode, "cursor", PrefixEdge::getCursor));
        plain(fields, "PageInfo", PageInfo.class, Map.of("hasNextPage", PageInfo::isHasNextPage,
                "endCursor", PageInfo::getEndCursor));
        return Map.copyOf(fields);
    }

    private static <S> void plain(Map<FieldCoordinates, Function<Object, Object>> fields, String type, Class<S> source,
                                  Map<String, Function<S, Object>> getters) {
        getters.forEach((field, getter) -> fields.put(FieldCoordinates.coordinates(type, field),
                value -> getter.apply(source.cast(value))));
    }

    /**
     * A plain field's fetcher. As a {@link LightDataFetcher} it is handed the source object directly, so
     * graphql-java builds no DataFetchingEnvironment for it (one per field of every object otherwise).
     */
    record Getter(Function<Object, Object> getter) implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {
        @Override
        public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> environment) {
            return getter.apply(source);
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            return getter.apply(environment.getSource());
        }
    }

    /** An operation's fetcher (SmallRye's), called with an environment whose selection set is empty. */
    record WithoutSelection(DataFetcher<?> fetcher) implements DataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            return fetcher.get(new DelegatingDataFetchingEnvironment(environment) {
                @Override
                public DataFetchingFieldSelectionSet getSelectionSet() {
                    return NO_SELECTION;
                }
            });
        }
    }

    static final DataFetchingFieldSelectionSet NO_SELECTION = new DataFetchingFieldSelectionSet() {
        @Override
        public boolean contains(String fieldGlobPattern) {
            return false;
        }

        @Override
        public boolean containsAnyOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public boolean containsAllOf(String fieldGlobPattern, String... fieldGlobPatterns) {
            return false;
        }

        @Override
        public List<SelectedField> getFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getImmediateFields() {
            return List.of();
        }

        @Override
        public List<SelectedField> getFields(String fieldGlobPattern, String... fieldGlobPatterns) {
            return List.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey() {
            return Map.of();
        }

        @Override
        public Map<String, List<SelectedField>> getFieldsGroupedByResultKey(String fieldGlobPattern, String... fieldGlobPatterns) {
            return Map.of();
        }
    };

    /** Keys of SmallRye's batch key context (its BatchLoaderHelper), read back by its batch loader. */
    private static final String ARGUMENTS = "arguments";
    private static final String ENVIRONMENT = "dataFetchingEnvironment";
    private static final String DEFAULT_VISIBILITY = "default";

    private static volatile boolean active;

    /** Always on: SmallRye enables an eventing service without a configuration key. */
    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQLSchema.Builder beforeSchemaBuild(GraphQLSchema.Builder schema) {
        GraphQLCodeRegistry registry = registryOf(schema);
        schema.codeRegistry(registry.transform(code -> {
            BATCH_FIELDS.forEach(field -> code.dataFetcher(field.coordinates(),
                    joinLoader(field.type() + "_" + field.field(), field.arguments(), field.settled())));
            PLAIN_FIELDS.forEach((field, getter) -> code.dataFetcher(field, new Getter(getter)));
            for (GraphQLObjectType root : rootsOf(schema)) {
                for (GraphQLFieldDefinition operation : root.getFieldDefinitions()) {
                    FieldCoordinates coordinates = FieldCoordinates.coordinates(root, operation);
                    if (registry.hasDataFetcher(coordinates)) {
                        code.dataFetcher(coordinates, new WithoutSelection(registry.getDataFetcher(coordinates, operation)));
                    }
                }
            }
            if (registry.getFieldVisibility() instanceof BlockedFields && DEFAULT_VISIBILITY.equals(configuredVisibility())) {
                // SmallRye turns the setting "default" into a block pattern "default", matched by a regular
                // expression on every field of every response; the default visibility blocks nothing
                code.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY);
            }
        }));
        active = true;
        return schema;
    }

    /** Whether the schema hook ran and the fields are served here. */
    public static boolean active() {
        return active;
    }

    private static String configuredVisibility() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.smallrye-graphql.field-visibility", String.class)
                .orElse(DEFAULT_VISIBILITY);
    }

    private static DataFetcher<Object> joinLoader(String loader, List<String> arguments, SettledFields.Settle settled) {
        return environment -> {
            List<Object> values = arguments.isEmpty() ? List.of() : new ArrayList<>(arguments.size());
            for (String name : arguments) {
                Object value = environment.getArgument(name);
                // SmallRye declares numeric defaults (@DefaultValue) as BigDecimal; the resolvers take Integer
                values.add(value instanceof Number number && !(value instanceof Integer) ? number.intValue() : value);
            }
            Object answer = settled.answer(environment.getSource(), values);
            if (answer != null) {
                return answer;
            }
            // a HashMap: SmallRye's own cache key function (replaced in the copies below) casts it to one
            HashMap<String, Object> context = new HashMap<>(4);
            context.put(ARGUMENTS, values);
            context.put(ENVIRONMENT, environment);
            return loaderFor(environment, loader, values).load(environment.getSource(), context);
        };
    }

    /**
     * SmallRye's loader of the field when it takes no arguments; otherwise a copy of it (same resolver and
     * options) for these argument values, made once per request. A copy also keeps its own cache: the same
     * parent under two aliases is two keys.
     */
    private static DataLoader<Object, Object> loaderFor(DataFetchingEnvironment environment, String loader, List<Object> values) {
        if (values.isEmpty()) {
            return environment.getDataLoader(loader);
        }
        StringBuilder name = new StringBuilder(loader);
        for (Object value : values) {
            // unambiguous and cheap (one per field of a large response): an Int or a length-prefixed String
            if (value instanceof String text) {
                name.append("/s").append(text.length()).append(':').append(text);
            } else {
                name.append('/').append(value);
            }
        }
        return loaderNamed(environment, loader, name.toString());
    }

    private static DataLoader<Object, Object> loaderNamed(DataFetchingEnvironment environment, String loader, String name) {
        DataLoaderRegistry registry = environment.getDataLoaderRegistry();
        registry.computeIfAbsent(name, ignored -> copy(registry.getDataLoader(loader), name));
        return environment.getDataLoader(name);
    }

    /**
     * SmallRye's loader under another name, caching by the parent itself. SmallRye's cache key for a field with
     * arguments is a hash of the arguments and of the parent's hash code, an identity hash here: two of 10,000
     * parents share one about once in a hundred requests, and the second would get the first one's page.
     * A copy serves one set of arguments, so the parent alone is the key.
     */
    static DataLoader<Object, Object> copy(DataLoader<Object, Object> original, String name) {
        return original.transform(copy -> copy.name(name)
                .options(original.getOptions().transform(options -> options.setCacheKeyFunction(THE_PARENT))));
    }

    private static final CacheKey<Object> THE_PARENT = parent -> parent;

    /** The Query and Mutation types SmallRye set on the builder (graphql-java has no getters for them). */
    private static List<GraphQLObjectType> rootsOf(GraphQLSchema.Builder schema) {
        List<GraphQLObjectType> roots = new ArrayList<>(2);
        for (String name : List.of("queryType", "mutationType")) {
            if (builderField(schema, name) instanceof GraphQLObjectType root) {
                roots.add(root);
            }
        }
        return roots;
    }

    private static Object builderField(GraphQLSchema.Builder schema, String name) {
        try {
            Field field = GraphQLSchema.Builder.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(schema);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the schema's " + name + ": " + e, e);
        }
    }

    /**
     * The code registry SmallRye set on the builder; graphql-java has no getter for it. Without it batch fields
     * with arguments would answer wrongly, so start-up fails instead.
     */
    private static GraphQLCodeRegistry registryOf(GraphQLSchema.Builder schema) {
        if (builderField(schema, "codeRegistry") instanceof GraphQLCodeRegistry registry) {
            return registry;
        }
        throw new IllegalStateException("cannot install the data fetchers of batch fields with arguments: "
                + "SmallRye GraphQL set no code registry");
    }
}

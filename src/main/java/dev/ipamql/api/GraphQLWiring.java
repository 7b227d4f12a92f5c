package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.IpamConfig;
import graphql.GraphQL;
import graphql.TrivialDataFetcher;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.introspection.Introspection;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Wires the executed schema through SmallRye GraphQL's {@code beforeGraphQLBuild} hook (an
 * {@link EventingService}, META-INF/services), with graphql-java's public code registry: plain fields are
 * read from their getters, batch fields join this request's data loaders ({@link BatchFields}), operations
 * get SmallRye's fetchers without a selection set ({@link WithoutSelection}), and introspection needs a
 * valid token when authentication is on. Each request is checked on the document the engine parsed and
 * validated, or took from SmallRye's document cache ({@link DocumentChecks}), and the engine's request
 * errors get the contract's code ({@link RequestErrors}).
 */
public class GraphQLWiring implements EventingService {

    /**
     * Plain fields whose getter value GraphQL serializes as it is (strings, numbers, custom string scalars,
     * objects); DateTime and enum fields keep SmallRye's fetcher, which formats them.
     */
    static final Map<FieldCoordinates, Function<Object, Object>> PLAIN_FIELDS = plainFields();

    private static final String DEFAULT_VISIBILITY = "default";

    private static volatile GraphQLSchema executed;

    /** Always on: SmallRye enables an eventing service without a configuration key. */
    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        // what SmallRye has set so far, read through graphql-java's public getters
        GraphQL built = builder.build();
        GraphQLSchema schema = built.getGraphQLSchema();
        executed = schema.transformWithoutTypes(wiring -> wiring.codeRegistry(wired(schema)));
        IpamConfig.Graphql limits = Arc.container().instance(IpamConfig.class).get().graphql();
        return builder.schema(executed)
                .preparsedDocumentProvider(new DocumentChecks(built.getPreparsedDocumentProvider(), executed,
                        new DocumentChecks.Limits(limits.maxDepth(), limits.maxFields(), limits.introspection())))
                .instrumentation(new ChainedInstrumentation(built.getInstrumentation(), new RequestErrors()));
    }

    /** The schema requests run on, wired here; null before the first request. */
    static GraphQLSchema executed() {
        return executed;
    }

    private static GraphQLCodeRegistry wired(GraphQLSchema schema) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        return registry.transform(code -> {
            BatchFields.ALL.forEach(field -> code.dataFetcher(field.coordinates(), BatchFields.fetcher(field)));
            PLAIN_FIELDS.forEach((field, getter) -> code.dataFetcher(field, new Getter(getter)));
            for (GraphQLObjectType root : List.of(schema.getQueryType(), schema.getMutationType())) {
                for (GraphQLFieldDefinition operation : root.getFieldDefinitions()) {
                    FieldCoordinates coordinates = FieldCoordinates.coordinates(root, operation);
                    code.dataFetcher(coordinates, new WithoutSelection(registry.getDataFetcher(coordinates, operation)));
                }
            }
            GraphQLObjectType subscriptions = schema.getSubscriptionType();
            if (subscriptions != null) {
                for (GraphQLFieldDefinition subscription : subscriptions.getFieldDefinitions()) {
                    FieldCoordinates coordinates = FieldCoordinates.coordinates(subscriptions, subscription);
                    code.dataFetcher(coordinates, new Refusing(registry.getDataFetcher(coordinates, subscription)));
                }
            }
            for (GraphQLFieldDefinition meta : List.of(Introspection.SchemaMetaFieldDef, Introspection.TypeMetaFieldDef)) {
                FieldCoordinates coordinates = FieldCoordinates.systemCoordinates(meta.getName());
                code.dataFetcher(coordinates, new Authenticated(registry.getDataFetcher(coordinates, meta)));
            }
            FieldCoordinates typeName = FieldCoordinates.systemCoordinates(Introspection.TypeNameMetaFieldDef.getName());
            code.dataFetcher(typeName, new RootTypeName(registry.getDataFetcher(typeName, Introspection.TypeNameMetaFieldDef)));
            if (registry.getFieldVisibility() instanceof BlockedFields && DEFAULT_VISIBILITY.equals(configuredVisibility())) {
                // SmallRye turns the setting "default" into a block pattern "default", matched by a regular
                // expression on every field of every response; the default visibility blocks nothing
                code.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY);
            }
        });
    }

    private static String configuredVisibility() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.smallrye-graphql.field-visibility", String.class)
                .orElse(DEFAULT_VISIBILITY);
    }

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
     * graphql-java builds no DataFetchingEnvironment for it; SmallRye's would build its request context per field.
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

    /**
     * {@code __typename}: on an operation's root it is the whole request when asked alone, so it needs a valid
     * token like any request; below the root the operation's own fields have already checked the caller.
     */
    record RootTypeName(DataFetcher<?> fetcher) implements DataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            if (environment.getExecutionStepInfo().getParent().getParent() == null) {
                Arc.container().instance(AccessControl.class).get().authenticate();
            }
            return fetcher.get(environment);
        }
    }

    /** A subscription field whose stream fails when SmallRye made its first item of the resolver's failure. */
    record Refusing(DataFetcher<?> fetcher) implements DataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            return FeedOperation.refusingFailures(fetcher.get(environment));
        }
    }

    /** An introspection field, answered only to a caller with a valid token when authentication is on. */
    record Authenticated(DataFetcher<?> fetcher) implements DataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            Arc.container().instance(AccessControl.class).get().authenticate();
            return fetcher.get(environment);
        }
    }
}

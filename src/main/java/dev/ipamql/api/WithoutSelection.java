package dev.ipamql.api;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.DelegatingDataFetchingEnvironment;
import graphql.schema.SelectedField;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An operation's fetcher (SmallRye's) called with an empty selection set. Workaround for SmallRye GraphQL
 * rendering every operation's selection into its Context, which makes graphql-java build the whole
 * normalized operation per request (docs/upstream.md); no resolver here reads that Context.
 */
record WithoutSelection(DataFetcher<?> fetcher) implements DataFetcher<Object> {

    /** How often SmallRye asked for a selection: the defect is there while this grows (WiringTest). */
    static final LongAdder ASKED = new LongAdder();

    @Override
    public Object get(DataFetchingEnvironment environment) throws Exception {
        return fetcher.get(new DelegatingDataFetchingEnvironment(environment) {
            @Override
            public DataFetchingFieldSelectionSet getSelectionSet() {
                return NONE;
            }
        });
    }

    private static final DataFetchingFieldSelectionSet NONE = new DataFetchingFieldSelectionSet() {
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
            ASKED.increment();
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
}

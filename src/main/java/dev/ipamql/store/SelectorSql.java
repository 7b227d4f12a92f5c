package dev.ipamql.store;

import dev.ipamql.metadata.Selector;
import dev.ipamql.metadata.Selector.Requirement;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A label selector as SQL on a jsonb labels column: equality as containment ({@code @>}) and existence as
 * {@code ?}, both served by the partial GIN index on labelled rows, negations as their NOT.
 */
final class SelectorSql {

    private SelectorSql() {
    }

    /**
     * The condition for {@code column}, its values appended to {@code arguments} (numbered from
     * {@code next}); TRUE for a selector that matches everything.
     */
    static String where(Selector selector, String column, List<Object> arguments, int next) {
        if (selector == null || selector.matchesEverything()) {
            return "TRUE";
        }
        List<String> clauses = new ArrayList<>();
        if (needsLabels(selector)) {
            // implies the partial index's predicate, so the planner may use it
            clauses.add(column + " <> '{}'::jsonb");
        }
        for (Requirement requirement : selector.requirements()) {
            List<String> any = new ArrayList<>();
            if (requirement.values().isEmpty()) {
                arguments.add(requirement.key());
                any.add(column + " ? $" + (next + arguments.size() - 1));
            }
            for (String value : requirement.values()) {
                arguments.add(new JsonObject().put(requirement.key(), value).encode());
                any.add(column + " @> $" + (next + arguments.size() - 1) + "::text::jsonb");
            }
            String match = any.size() == 1 ? any.get(0) : "(" + String.join(" OR ", any) + ")";
            clauses.add(requirement.operator().matchesAbsent() ? "NOT " + match : match);
        }
        return String.join(" AND ", clauses);
    }

    /** Whether only labelled rows can match: then the index narrows the rows before anything else. */
    static boolean needsLabels(Selector selector) {
        return selector != null && selector.requirements().stream().anyMatch(r -> !r.operator().matchesAbsent());
    }
}

package dev.ipamql.api;

import dev.ipamql.service.Arguments;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.Page;
import dev.ipamql.service.UsageService;
import dev.ipamql.store.PrefixRow;
import io.quarkus.arc.Arc;
import java.util.List;

/**
 * Batch fields of a prefix that its own row already answers, so that no load is queued for them: a prefix
 * without child prefixes (its {@code child_count}, kept in every allocating transaction) has no children and
 * its whole block free for them, and one without addresses ({@code ip_count}) has an empty first page. In a
 * tree most prefixes are such leaves; every load queued instead would hold its field's whole execution state
 * (environment, futures, the join context) until the batch comes back, about 2 kB each, three per leaf.
 * The answers are those the loads would give, read from the same row as the parent itself; a row that is
 * not {@linkplain PrefixRow#current() current} (a deleted prefix, a replayed answer) settles nothing.
 */
final class SettledFields {

    private SettledFields() {
    }

    /** How a batch field's answer may be known without loading it: the answer, or null to load it. */
    @FunctionalInterface
    interface Settle {
        Object answer(Object source, List<Object> arguments);

        Settle NEVER = (source, arguments) -> null;
    }

    static final Settle CHILDREN = (source, arguments) -> {
        PrefixRow row = row(source);
        return !row.current() || row.hasChildren() ? null : List.of();
    };

    static final Settle USAGE = (source, arguments) -> {
        PrefixRow row = row(source);
        return !row.current() || row.hasChildren() ? null : new PrefixUsage(UsageService.ofChildless(row));
    };

    /** Arguments (first, after): only a first page without a cursor, of a valid size, is settled here. */
    static final Settle IPS = (source, arguments) -> {
        PrefixRow row = row(source);
        if (!row.current() || row.hasIps() || arguments.get(1) != null) {
            return null;
        }
        try {
            Arc.container().instance(Arguments.class).get().first((Integer) arguments.get(0));
        } catch (InvalidArgumentException invalid) {
            return null; // the load reports it, as for any prefix
        }
        return new IPConnection(new Page<>(List.of(), false, 0));
    };

    private static PrefixRow row(Object source) {
        return ((Prefix) source).getRow();
    }
}

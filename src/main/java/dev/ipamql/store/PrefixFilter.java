package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import dev.ipamql.metadata.Selector;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Conditions on the prefixes of one namespace, combined with AND; {@code roots} keeps only prefixes without a parent,
 * {@code members} (null: any) only those that may serve a pool of that kind.
 */
public record PrefixFilter(String namespace, Cidr within, Address contains, IPFamily family, Selector selector,
                           boolean roots, PoolKind members) {

    public PrefixFilter(String namespace, Cidr within, Address contains, IPFamily family) {
        this(namespace, within, contains, family, null, false);
    }

    public PrefixFilter(String namespace, Cidr within, Address contains, IPFamily family, Selector selector,
                        boolean roots) {
        this(namespace, within, contains, family, selector, roots, null);
    }

    /** The prefixes of the namespace that may serve a pool of {@code kind} with {@code selector}. */
    public static PrefixFilter members(String namespace, PoolKind kind, Selector selector) {
        return new PrefixFilter(namespace, null, null, null, selector, false, kind);
    }

    String where() {
        List<String> clauses = new ArrayList<>();
        int n = 1;
        clauses.add("p.namespace = $" + n++);
        if (within != null) {
            clauses.add("p.cidr <<= $" + n++ + "::text::cidr");
        }
        if (contains != null) {
            clauses.add("p.cidr >>= $" + n++ + "::text::inet");
        }
        if (family != null) {
            clauses.add("family(p.cidr) = " + (family == IPFamily.V4 ? 4 : 6));
        }
        if (roots) {
            clauses.add("p.parent_id IS NULL");
        }
        if (members != null) {
            clauses.add(members.memberCondition());
        }
        if (selector != null && !selector.matchesEverything()) {
            clauses.add(SelectorSql.where(selector, "p.labels", new ArrayList<>(), n));
        }
        return String.join(" AND ", clauses);
    }

    /** Whether the rows are best found through the labels index first, then ordered (a fence keeps that plan). */
    boolean byLabels() {
        return SelectorSql.needsLabels(selector);
    }

    Tuple arguments() {
        Tuple args = Tuple.tuple().addString(namespace);
        if (within != null) {
            args.addString(within.text());
        }
        if (contains != null) {
            args.addString(contains.text());
        }
        if (selector != null && !selector.matchesEverything()) {
            List<Object> values = new ArrayList<>();
            SelectorSql.where(selector, "p.labels", values, 1);
            values.forEach(args::addValue);
        }
        return args;
    }
}

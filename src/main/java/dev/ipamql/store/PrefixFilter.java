package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Conditions on the prefixes of one namespace, combined with AND. */
public record PrefixFilter(String namespace, Cidr within, Address contains, IPFamily family) {

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
        return String.join(" AND ", clauses);
    }

    Tuple arguments() {
        Tuple args = Tuple.tuple().addString(namespace);
        if (within != null) {
            args.addString(within.text());
        }
        if (contains != null) {
            args.addString(contains.text());
        }
        return args;
    }
}

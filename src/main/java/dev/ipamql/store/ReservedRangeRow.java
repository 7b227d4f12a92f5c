package dev.ipamql.store;

import dev.ipamql.address.Address;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigInteger;
import java.time.OffsetDateTime;

/** A stored reserved range {@code first..last} of one prefix. */
public record ReservedRangeRow(long prefixId, Address first, Address last, String description, OffsetDateTime createdAt) {

    /** Columns read by {@link #from(Row)}, for the reserved_range table aliased {@code r}. */
    static final String COLUMNS = "r.prefix_id, host(r.first_address) AS first_address, host(r.last_address) AS last_address, "
            + "r.description, r.created_at";

    static ReservedRangeRow from(Row row) {
        return new ReservedRangeRow(row.getLong("prefix_id"), Address.ofStored(row.getString("first_address")),
                Address.ofStored(row.getString("last_address")), row.getString("description"),
                row.getOffsetDateTime("created_at"));
    }

    /** How many addresses the range holds. */
    public BigInteger size() {
        return new FreeRange(first, last).size();
    }
}

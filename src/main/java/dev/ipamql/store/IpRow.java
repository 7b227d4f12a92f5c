package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** An acquired address of a prefix. */
public record IpRow(
        long prefixId,
        String namespace,
        Cidr prefixCidr,
        Address address,
        String description,
        OffsetDateTime createdAt) {

    static IpRow from(Row row, String namespace, Cidr prefixCidr) {
        return new IpRow(row.getLong("prefix_id"), namespace, prefixCidr,
                Address.ofStored(row.getString("address")), row.getString("description"),
                row.getOffsetDateTime("created_at"));
    }

    static IpRow from(Row row) {
        return from(row, row.getString("namespace"), Cidr.ofStored(row.getString("prefix_cidr")));
    }
}

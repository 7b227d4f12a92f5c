package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** An acquired address of a prefix. */
public record IpRow(
        long prefixId,
        String namespace,
        Cidr prefixCidr,
        Address address,
        String description,
        OffsetDateTime createdAt,
        Labels labels,
        String claim,
        int version,
        OffsetDateTime updatedAt) implements EditableRow {

    /** An address as first acquired: no labels, no claim, version 1. */
    public IpRow(long prefixId, String namespace, Cidr prefixCidr, Address address, String description,
                 OffsetDateTime createdAt) {
        this(prefixId, namespace, prefixCidr, address, description, createdAt, Labels.NONE, null, 1, createdAt);
    }

    /** Columns read by {@link #from(Row)}, for the ip table aliased {@code i}. */
    static final String COLUMNS = "i.prefix_id, host(i.address) AS address, i.description, i.created_at, "
            + "i.labels::text AS labels, i.version, COALESCE(i.updated_at, i.created_at) AS updated_at, "
            + "(SELECT c.claim FROM ip_claim c WHERE c.prefix_id = i.prefix_id AND c.address = i.address) AS claim";

    static IpRow from(Row row, String namespace, Cidr prefixCidr) {
        return new IpRow(row.getLong("prefix_id"), namespace, prefixCidr,
                Address.ofStored(row.getString("address")), row.getString("description"),
                row.getOffsetDateTime("created_at"), StoredLabels.read(row.getString("labels")), row.getString("claim"),
                row.getInteger("version"), row.getOffsetDateTime("updated_at"));
    }

    static IpRow from(Row row) {
        return from(row, row.getString("namespace"), Cidr.ofStored(row.getString("prefix_cidr")));
    }
}

package dev.ipamql.store;

import dev.ipamql.metadata.Labels;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/** A stored pool: a label selector over the prefixes of its namespace, of one kind. */
public record PoolRow(String namespace, String name, PoolKind kind, String selector, String description, Labels labels,
                      int version, OffsetDateTime createdAt) {

    static final String COLUMNS = "namespace, name, kind, selector, description, labels::text AS labels, version, created_at";

    static PoolRow from(Row row) {
        return new PoolRow(row.getString("namespace"), row.getString("name"), PoolKind.valueOf(row.getString("kind")),
                row.getString("selector"), row.getString("description"), StoredLabels.read(row.getString("labels")),
                row.getInteger("version"), row.getOffsetDateTime("created_at"));
    }
}

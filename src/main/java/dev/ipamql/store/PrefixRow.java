package dev.ipamql.store;

import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A stored prefix: a root (no parent) or a child acquired from its parent. {@code current} tells whether the
 * row is the prefix as stored now, read in this request and not deleted by it: only then do its counters
 * answer for its children and IPs (a deleted prefix's or a replayed answer's row is not current).
 */
public record PrefixRow(
        long id,
        String namespace,
        Cidr cidr,
        Long parentId,
        Cidr parentCidr,
        String description,
        OffsetDateTime createdAt,
        long ipCount,
        int childCount,
        boolean current,
        Labels labels,
        String claim,
        int version,
        OffsetDateTime updatedAt) implements EditableRow {

    /** A prefix as first written: no labels, no claim, version 1. */
    public PrefixRow(long id, String namespace, Cidr cidr, Long parentId, Cidr parentCidr, String description,
                     OffsetDateTime createdAt, long ipCount, int childCount, boolean current) {
        this(id, namespace, cidr, parentId, parentCidr, description, createdAt, ipCount, childCount, current,
                Labels.NONE, null, 1, createdAt);
    }

    /** Columns read by {@link #from(Row)}, for the prefix table aliased {@code p}. */
    static final String COLUMNS = "p.id, p.namespace, p.cidr::text AS cidr, p.parent_id, "
            + "p.parent_cidr::text AS parent_cidr, p.description, p.created_at, p.ip_count, p.child_count, "
            + "p.labels::text AS labels, p.claim, p.version, COALESCE(p.updated_at, p.created_at) AS updated_at";

    static PrefixRow from(Row row) {
        String parent = row.getString("parent_cidr");
        return new PrefixRow(
                row.getLong("id"),
                row.getString("namespace"),
                Cidr.ofStored(row.getString("cidr")),
                row.getLong("parent_id"),
                parent == null ? null : Cidr.ofStored(parent),
                row.getString("description"),
                row.getOffsetDateTime("created_at"),
                row.getLong("ip_count"),
                row.getInteger("child_count"),
                true,
                StoredLabels.read(row.getString("labels")),
                row.getString("claim"),
                row.getInteger("version"),
                row.getOffsetDateTime("updated_at"));
    }

    /** This row as it was before the request deleted the prefix. */
    public PrefixRow removed() {
        return new PrefixRow(id, namespace, cidr, parentId, parentCidr, description, createdAt, ipCount, childCount, false,
                labels, claim, version, updatedAt);
    }

    public boolean isRoot() {
        return parentId == null;
    }

    public boolean hasChildren() {
        return childCount > 0;
    }

    public boolean hasIps() {
        return ipCount > 0;
    }
}

package dev.ipamql.store;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

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
        OffsetDateTime updatedAt,
        boolean reserveEdges,
        int rangeCount,
        BigInteger reservedIps) implements EditableRow {

    /** A prefix as first written: no labels, no claim, version 1, edges reserved, no reserved range. */
    public PrefixRow(long id, String namespace, Cidr cidr, Long parentId, Cidr parentCidr, String description,
                     OffsetDateTime createdAt, long ipCount, int childCount, boolean current) {
        this(id, namespace, cidr, parentId, parentCidr, description, createdAt, ipCount, childCount, current,
                Labels.NONE, null, 1, createdAt, true, 0, BigInteger.ZERO);
    }

    /** Columns read by {@link #from(Row)}, for the prefix table aliased {@code p}. */
    static final String COLUMNS = "p.id, p.namespace, p.cidr::text AS cidr, p.parent_id, "
            + "p.parent_cidr::text AS parent_cidr, p.description, p.created_at, p.ip_count, p.child_count, "
            + "p.labels::text AS labels, p.claim, p.version, COALESCE(p.updated_at, p.created_at) AS updated_at, "
            + "p.reserve_edges, p.range_count, p.reserved_ips::text AS reserved_ips";

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
                row.getOffsetDateTime("updated_at"),
                row.getBoolean("reserve_edges"),
                row.getInteger("range_count"),
                new BigInteger(row.getString("reserved_ips")));
    }

    /** This row as it was before the request deleted the prefix. */
    public PrefixRow removed() {
        return new PrefixRow(id, namespace, cidr, parentId, parentCidr, description, createdAt, ipCount, childCount, false,
                labels, claim, version, updatedAt, reserveEdges, rangeCount, reservedIps);
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

    public boolean hasReservedRanges() {
        return rangeCount > 0;
    }

    /** The addresses acquireIP never hands out because of where they are: none when edges are not reserved. */
    public List<Address> reservedEdges() {
        return reserveEdges ? cidr.reservedAddresses() : List.of();
    }

    public boolean isReservedEdge(Address address) {
        return reservedEdges().contains(address);
    }

    /** The lowest and highest addresses acquireIP may ever hand out. */
    public Address firstUsable() {
        return cidr.firstUsable(reserveEdges);
    }

    public Address lastUsable() {
        return cidr.lastUsable(reserveEdges);
    }
}

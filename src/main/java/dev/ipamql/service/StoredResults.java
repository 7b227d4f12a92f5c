package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.ReservedRangeRow;
import dev.ipamql.store.StoredLabels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.time.OffsetDateTime;

/** JSON form of mutations' results, as the audit log and idempotency keys keep them. */
final class StoredResults {

    private StoredResults() {
    }

    static String ip(IpRow ip) {
        return ip(ip, AuditStore.resultTime(ip.createdAt()));
    }

    /** An address with its time written as given ({@link AuditStore#RESULT_NOW}: filled in by PostgreSQL). */
    static String ip(IpRow ip, String createdAt) {
        return metadata(new JsonObject()
                .put("prefixId", ip.prefixId())
                .put("namespace", ip.namespace())
                .put("prefixCidr", ip.prefixCidr().text())
                .put("address", ip.address().text())
                .put("description", ip.description())
                .put("createdAt", createdAt), ip.labels(), ip.claim())
                .encode();
    }

    static IpRow ip(String json) {
        JsonObject o = new JsonObject(json);
        OffsetDateTime createdAt = OffsetDateTime.parse(o.getString("createdAt"));
        return new IpRow(o.getLong("prefixId"), o.getString("namespace"), Cidr.ofStored(o.getString("prefixCidr")),
                Address.ofStored(o.getString("address")), o.getString("description"), createdAt, labels(o),
                o.getString("claim"), 1, createdAt);
    }

    /** Labels and claim of a new object, written only when it has them (so older results keep their shape). */
    private static JsonObject metadata(JsonObject result, Labels labels, String claim) {
        if (!labels.isEmpty()) {
            result.put("labels", new JsonObject(new HashMap<>(labels.asMap())));
        }
        if (claim != null) {
            result.put("claim", claim);
        }
        return result;
    }

    private static Labels labels(JsonObject result) {
        JsonObject labels = result.getJsonObject("labels");
        return labels == null ? Labels.NONE : StoredLabels.read(labels.encode());
    }

    /** Several addresses of one prefix, as one compact document (they share prefix, description and time). */
    static String ips(List<IpRow> ips) {
        JsonObject o = new JsonObject();
        if (!ips.isEmpty()) {
            IpRow first = ips.get(0);
            o.put("prefixId", first.prefixId()).put("namespace", first.namespace())
                    .put("prefixCidr", first.prefixCidr().text());
            metadata(o, first.labels(), null); // one acquireIPs gives all its addresses the same labels
        }
        o.put("ips", new JsonArray(ips.stream().map(ip -> new JsonObject().put("address", ip.address().text())
                .put("description", ip.description()).put("createdAt", AuditStore.resultTime(ip.createdAt()))).toList()));
        return o.encode();
    }

    static List<IpRow> ips(String json) {
        JsonObject o = new JsonObject(json);
        JsonArray items = o.getJsonArray("ips");
        List<IpRow> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject ip = items.getJsonObject(i);
            out.add(new IpRow(o.getLong("prefixId"), o.getString("namespace"), Cidr.ofStored(o.getString("prefixCidr")),
                    Address.ofStored(ip.getString("address")), ip.getString("description"),
                    OffsetDateTime.parse(ip.getString("createdAt")), labels(o), null, 1,
                    OffsetDateTime.parse(ip.getString("createdAt"))));
        }
        return out;
    }

    static String reservedRange(ReservedRangeRow range) {
        return new JsonObject()
                .put("prefixId", range.prefixId())
                .put("first", range.first().text())
                .put("last", range.last().text())
                .put("description", range.description())
                .put("createdAt", AuditStore.resultTime(range.createdAt()))
                .encode();
    }

    static String namespace(NamespaceEntity namespace) {
        return new JsonObject().put("name", namespace.name).put("createdAt", namespace.createdAt.toString()).encode();
    }

    static String pool(PoolRow pool) {
        JsonObject result = new JsonObject().put("namespace", pool.namespace()).put("name", pool.name())
                .put("kind", pool.kind().name()).put("selector", pool.selector()).put("description", pool.description())
                .put("version", pool.version()).put("createdAt", AuditStore.resultTime(pool.createdAt()));
        return metadata(result, pool.labels(), null).encode();
    }

    static String imported(NamespaceTransfer.Imported imported) {
        return new JsonObject().put("name", imported.namespace()).put("prefixes", imported.cidrs().size())
                .put("cidrs", new JsonArray(imported.cidrs().stream().map(Cidr::text).toList())).encode();
    }

    static String prefix(PrefixRow prefix) {
        JsonObject result = metadata(new JsonObject()
                .put("id", prefix.id())
                .put("namespace", prefix.namespace())
                .put("cidr", prefix.cidr().text())
                .put("parentId", prefix.parentId())
                .put("parentCidr", prefix.parentCidr() == null ? null : prefix.parentCidr().text())
                .put("description", prefix.description())
                .put("createdAt", AuditStore.resultTime(prefix.createdAt())), prefix.labels(), prefix.claim());
        // written only when not the default, so older results keep their shape
        return (prefix.reserveEdges() ? result : result.put("reserveEdges", false)).encode();
    }

    /** Several prefixes, each as {@link #prefix(PrefixRow)} writes it, in order. */
    static String prefixes(List<PrefixRow> prefixes) {
        return new JsonArray(prefixes.stream().map(prefix -> new JsonObject(prefix(prefix))).toList()).encode();
    }

    static List<PrefixRow> prefixes(String json) {
        JsonArray items = new JsonArray(json);
        List<PrefixRow> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(prefix(items.getJsonObject(i)));
        }
        return out;
    }

    static PrefixRow prefix(String json) {
        return prefix(new JsonObject(json));
    }

    private static PrefixRow prefix(JsonObject o) {
        String parent = o.getString("parentCidr");
        OffsetDateTime createdAt = OffsetDateTime.parse(o.getString("createdAt"));
        return new PrefixRow(o.getLong("id"), o.getString("namespace"), Cidr.ofStored(o.getString("cidr")),
                o.getLong("parentId"), parent == null ? null : Cidr.ofStored(parent), o.getString("description"),
                createdAt, 0, 0, false, labels(o), o.getString("claim"), 1, createdAt, o.getBoolean("reserveEdges", true),
                0, java.math.BigInteger.ZERO);
    }
}

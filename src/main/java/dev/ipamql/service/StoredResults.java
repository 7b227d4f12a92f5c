package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.PrefixRow;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** JSON form of the results kept for idempotency keys. */
final class StoredResults {

    private StoredResults() {
    }

    static String ip(IpRow ip) {
        return new JsonObject()
                .put("prefixId", ip.prefixId())
                .put("namespace", ip.namespace())
                .put("prefixCidr", ip.prefixCidr().text())
                .put("address", ip.address().text())
                .put("description", ip.description())
                .put("createdAt", ip.createdAt().toString())
                .encode();
    }

    static IpRow ip(String json) {
        JsonObject o = new JsonObject(json);
        return new IpRow(o.getLong("prefixId"), o.getString("namespace"), Cidr.parse(o.getString("prefixCidr")),
                Address.parse(o.getString("address")), o.getString("description"),
                OffsetDateTime.parse(o.getString("createdAt")));
    }

    static String prefix(PrefixRow prefix) {
        return new JsonObject()
                .put("id", prefix.id())
                .put("namespace", prefix.namespace())
                .put("cidr", prefix.cidr().text())
                .put("parentId", prefix.parentId())
                .put("parentCidr", prefix.parentCidr() == null ? null : prefix.parentCidr().text())
                .put("description", prefix.description())
                .put("createdAt", prefix.createdAt().toString())
                .encode();
    }

    static PrefixRow prefix(String json) {
        JsonObject o = new JsonObject(json);
        String parent = o.getString("parentCidr");
        return new PrefixRow(o.getLong("id"), o.getString("namespace"), Cidr.parse(o.getString("cidr")),
                o.getLong("parentId"), parent == null ? null : Cidr.parse(parent), o.getString("description"),
                OffsetDateTime.parse(o.getString("createdAt")), 0, 0);
    }
}

package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.metadata.Labels;
import dev.ipamql.store.PoolKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A whole namespace as a document: what {@code exportNamespace} writes and {@code importNamespace}
 * reads. The export format, version 1:
 *
 * <pre>{@code
 * {
 *   "format": "ipamql-export",
 *   "version": 1,
 *   "namespace": "lab",                               // informational; import uses its own argument
 *   "createdAt": "2024-05-01T09:30:00.123456Z",       // informational
 *   "description": "the lab", "labels": { "site": "a" },  // the namespace's; import sets them
 *   "prefixes": [                                      // address order: parents before their children
 *     { "cidr": "10.0.0.0/16", "parentCidr": null, "description": "site", "createdAt": "...",
 *       "ips": [] },
 *     { "cidr": "10.0.0.0/24", "parentCidr": "10.0.0.0/16", "description": null, "createdAt": "...",
 *       "labels": { "env": "prod" }, "claim": "vpc-a", "version": 2, "updatedAt": "...",
 *       "ips": [ { "address": "10.0.0.1", "description": "gw", "createdAt": "...",
 *                  "labels": {}, "claim": null, "version": 1, "updatedAt": "..." } ] },
 *     { "cidr": "10.0.1.0/24", "parentCidr": "10.0.0.0/16", "reserveEdges": false,   // written only when false
 *       "reservedRanges": [ { "first": "10.0.1.1", "last": "10.0.1.9", "description": "dhcp", "createdAt": "..." } ],
 *       "ips": [] }
 *   ],
 *   "pools": [                                         // only when the namespace has pools
 *     { "name": "web", "kind": "IP", "selector": "tier=web", "description": null, "labels": {}, "version": 1,
 *       "createdAt": "..." }
 *   ]
 * }
 * }</pre>
 *
 * CIDRs and addresses are canonical; reserved addresses are never listed; timestamps are ISO-8601 in
 * UTC with exactly six fraction digits (PostgreSQL's microseconds), so a round trip loses nothing. On
 * import {@code parentCidr}, {@code description}, {@code createdAt} (the time of the import), {@code ips} and
 * the metadata ({@code labels}, {@code claim}, {@code version}, {@code updatedAt}), {@code reserveEdges} (true) and
 * {@code reservedRanges} may be omitted, prefixes may come in any order, and unknown fields are refused.
 * The namespace's {@code description} and {@code labels} may be omitted too (older exports have neither): import
 * then leaves the namespace's own as they are.
 * <p>
 * {@code importNamespace} also reads go-ipam's {@code Dump()}: an array of
 * {@code {"Cidr","ParentCidr","Namespace","AvailableChildPrefixes","ChildPrefixLength","IsParent","IPs","Version"}}.
 * Both become this model; {@link Format} remembers which, so that messages name the fields as the
 * document spells them.
 *
 * @param namespace the namespace named in the document; null for go-ipam
 * @param createdAt when that namespace was created; null for go-ipam
 * @param description the namespace's description; null when the document has none
 * @param labels the namespace's labels; null when the document leaves them out
 */
public record NamespaceDocument(Format format, String namespace, OffsetDateTime createdAt, String description,
                                Labels labels, List<Prefix> prefixes, List<Pool> pools) {

    /** A document without pools. */
    public NamespaceDocument(Format format, String namespace, OffsetDateTime createdAt, String description,
                             Labels labels, List<Prefix> prefixes) {
        this(format, namespace, createdAt, description, labels, prefixes, List.of());
    }

    public static final String FORMAT = "ipamql-export";
    public static final int VERSION = 1;

    /** Microsecond timestamps in UTC, always with six fraction digits. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    /** The two document shapes, with the field names their prefixes use. */
    public enum Format {
        IPAMQL("cidr", "parentCidr"),
        GO_IPAM("Cidr", "ParentCidr");

        private final String cidrField;
        private final String parentField;

        Format(String cidrField, String parentField) {
            this.cidrField = cidrField;
            this.parentField = parentField;
        }

        public String cidrField() {
            return cidrField;
        }

        public String parentField() {
            return parentField;
        }
    }

    /**
     * A prefix of the document.
     *
     * @param path where it is in the document, such as {@code prefixes[3]} or {@code [3]}
     * @param parentCidr null for a root prefix
     * @param createdAt null when the document leaves it out: the time of the import
     */
    public record Prefix(String path, Cidr cidr, Cidr parentCidr, String description, OffsetDateTime createdAt,
                         List<Ip> ips, Metadata metadata, boolean reserveEdges, List<Range> reservedRanges) {
    }

    /**
     * A reserved range of a prefix of the document.
     *
     * @param path where it is in the document, such as {@code prefixes[3].reservedRanges[0]}
     * @param createdAt null when the document leaves it out: the time of the import
     */
    public record Range(String path, Address first, Address last, String description, OffsetDateTime createdAt) {
    }

    /**
     * Labels, claim and version of a prefix or an address.
     *
     * @param updatedAt null when the document leaves it out: the object's createdAt
     */
    public record Metadata(Labels labels, String claim, int version, OffsetDateTime updatedAt) {
        public static final Metadata NONE = new Metadata(Labels.NONE, null, 1, null);

        static JsonObject json(Labels labels) {
            return new JsonObject(new java.util.LinkedHashMap<>(labels.asMap()));
        }

        void writeTo(JsonObject object) {
            object.put("labels", json(labels))
                    .put("claim", claim)
                    .put("version", version)
                    .put("updatedAt", timestamp(updatedAt));
        }
    }

    /**
     * An acquired address of a prefix of the document.
     *
     * @param path where its address is in the document, such as {@code prefixes[3].ips[0].address}
     * @param createdAt null when the document leaves it out: the time of the import
     */
    public record Ip(String path, Address address, String description, OffsetDateTime createdAt, Metadata metadata) {
    }

    /**
     * A pool of the document (ipamql exports only); its selector is canonical.
     *
     * @param createdAt null when the document leaves it out: the time of the import
     */
    public record Pool(String path, String name, PoolKind kind, String selector, String description, Labels labels,
                       int version, OffsetDateTime createdAt) {
    }

    /** The document in the export format. */
    public JsonObject toJson() {
        JsonArray prefixArray = new JsonArray();
        for (Prefix prefix : prefixes) {
            JsonArray ipArray = new JsonArray();
            for (Ip ip : prefix.ips()) {
                JsonObject object = new JsonObject()
                        .put("address", ip.address().text())
                        .put("description", ip.description())
                        .put("createdAt", timestamp(ip.createdAt()));
                ip.metadata().writeTo(object);
                ipArray.add(object);
            }
            JsonObject object = new JsonObject()
                    .put("cidr", prefix.cidr().text())
                    .put("parentCidr", prefix.parentCidr() == null ? null : prefix.parentCidr().text())
                    .put("description", prefix.description())
                    .put("createdAt", timestamp(prefix.createdAt()));
            prefix.metadata().writeTo(object);
            // written only when not the default, so documents without them keep their shape
            if (!prefix.reserveEdges()) {
                object.put("reserveEdges", false);
            }
            if (!prefix.reservedRanges().isEmpty()) {
                object.put("reservedRanges", new JsonArray(prefix.reservedRanges().stream().map(range -> new JsonObject()
                        .put("first", range.first().text())
                        .put("last", range.last().text())
                        .put("description", range.description())
                        .put("createdAt", timestamp(range.createdAt()))).toList()));
            }
            prefixArray.add(object.put("ips", ipArray));
        }
        JsonObject document = new JsonObject()
                .put("format", FORMAT)
                .put("version", VERSION)
                .put("namespace", namespace)
                .put("createdAt", timestamp(createdAt))
                .put("description", description)
                .put("labels", labels == null ? null : Metadata.json(labels))
                .put("prefixes", prefixArray);
        if (!pools.isEmpty()) {
            // only then, so that a namespace without pools exports as it always did
            document.put("pools", new JsonArray(pools.stream().map(pool -> new JsonObject()
                    .put("name", pool.name())
                    .put("kind", pool.kind().name())
                    .put("selector", pool.selector())
                    .put("description", pool.description())
                    .put("labels", new JsonObject(new java.util.HashMap<>(pool.labels().asMap())))
                    .put("version", pool.version())
                    .put("createdAt", timestamp(pool.createdAt()))).toList()));
        }
        return document;
    }

    static String timestamp(OffsetDateTime time) {
        return time == null ? null : TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}

package dev.ipamql.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.IPFamily;
import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.service.NamespaceDocument.Format;
import dev.ipamql.metadata.Claim;
import dev.ipamql.metadata.InvalidMetadataException;
import dev.ipamql.metadata.Label;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import dev.ipamql.store.PoolKind;
import dev.ipamql.service.NamespaceDocument.Ip;
import dev.ipamql.service.NamespaceDocument.Metadata;
import dev.ipamql.service.NamespaceDocument.Prefix;
import dev.ipamql.service.NamespaceDocument.Range;
import dev.ipamql.service.error.InvalidArgumentException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads the text given to {@code importNamespace} into a {@link NamespaceDocument}: an ipamql export or
 * a go-ipam {@code Dump()}. Checks every value on its own (JSON types, CIDR and address syntax,
 * timestamps, descriptions); how the values fit together is {@link ImportPlan}'s business. Fails with
 * {@code INVALID_ARGUMENT} naming the first bad element by its path in the document.
 */
final class NamespaceDocumentReader {

    private static final Set<String> DOCUMENT_FIELDS = Set.of("format", "version", "namespace", "createdAt", "description",
            "labels", "prefixes", "pools");
    private static final Set<String> POOL_FIELDS = Set.of("name", "kind", "selector", "description", "labels", "version",
            "createdAt");
    private static final Set<String> PREFIX_FIELDS = Set.of("cidr", "parentCidr", "description", "createdAt", "ips",
            "labels", "claim", "version", "updatedAt", "reserveEdges", "reservedRanges");
    private static final Set<String> RANGE_FIELDS = Set.of("first", "last", "description", "createdAt");
    private static final Set<String> IP_FIELDS = Set.of("address", "description", "createdAt", "labels", "claim", "version",
            "updatedAt");

    private final int maxDescriptionLength;

    NamespaceDocumentReader(int maxDescriptionLength) {
        this.maxDescriptionLength = maxDescriptionLength;
    }

    NamespaceDocument read(String data) {
        Object root = parse(data);
        if (root instanceof JsonArray dump) {
            return goIpam(dump);
        }
        String expected = "expected an ipamql export (an object with \"format\": \"" + NamespaceDocument.FORMAT
                + "\") or a go-ipam Dump() (an array of prefixes)";
        if (!(root instanceof JsonObject document)) {
            throw invalid("data: unknown format: the document is " + type(root) + "; " + expected);
        }
        Object format = document.getValue("format");
        if (!NamespaceDocument.FORMAT.equals(format)) {
            throw invalid("format: unknown format " + (format == null ? "(missing)" : shown(format)) + "; " + expected);
        }
        return ipamql(document);
    }

    private static Object parse(String data) {
        try {
            return Json.decodeValue(data);
        } catch (DecodeException e) {
            String reason = e.getCause() instanceof JsonProcessingException jackson
                    ? withoutSource(jackson.getOriginalMessage()) + location(jackson)
                    : withoutSource(e.getMessage());
            throw invalid("data: not valid JSON: " + reason);
        }
    }

    /** The parser's reason without the excerpt of the document it may quote. */
    private static String withoutSource(String reason) {
        String text = reason == null ? "it does not parse" : reason;
        int source = text.indexOf(" (start marker at");
        if (source < 0) {
            source = text.indexOf("[Source");
        }
        return shortened((source < 0 ? text : text.substring(0, source)).replace('\n', ' ').strip());
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    // ---- ipamql export

    private NamespaceDocument ipamql(JsonObject document) {
        unknownFields(document, DOCUMENT_FIELDS, "");
        Object version = document.getValue("version");
        if (!((version instanceof Integer || version instanceof Long) && ((Number) version).longValue() == NamespaceDocument.VERSION)) {
            throw invalid("version: " + shown(version) + " is not supported; this service reads version "
                    + NamespaceDocument.VERSION);
        }
        String namespace = optionalString(document, "namespace", "namespace");
        OffsetDateTime createdAt = timestamp(document, "createdAt", "createdAt");
        String description = description(document, "description");
        Labels labels = document.getValue("labels") == null ? null : labels(document, "labels");
        Object prefixValue = document.getValue("prefixes");
        if (!(prefixValue instanceof JsonArray array)) {
            throw invalid("prefixes: " + (prefixValue == null ? "missing; " : "is " + type(prefixValue) + "; ")
                    + "expected an array of prefixes");
        }
        List<Prefix> prefixes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            prefixes.add(ipamqlPrefix(array.getValue(i), "prefixes[" + i + "]"));
        }
        uniqueClaims(prefixes);
        return new NamespaceDocument(Format.IPAMQL, namespace, createdAt, description, labels, prefixes,
                pools(document.getValue("pools")));
    }

    /** The pools of an export, each name once; none when the document has no pools. */
    private List<NamespaceDocument.Pool> pools(Object value) {
        Map<String, String> names = new java.util.HashMap<>();
        return elements(value, "pools", "pools", "a pool", POOL_FIELDS, (object, path) -> {
            String nameText = requiredString(object, "name", path + ".name");
            String name = inArgument(path + ".name", () -> Arguments.name("pool", nameText));
            String first = names.putIfAbsent(name, path);
            if (first != null) {
                throw invalid(path + ".name: pool " + name + " is named already by " + first);
            }
            String kindText = requiredString(object, "kind", path + ".kind");
            if (!Set.of("IP", "CHILD_PREFIX").contains(kindText)) {
                throw invalid(path + ".kind: " + shown(kindText) + " is not a pool kind; expected IP or CHILD_PREFIX");
            }
            String selector = inPath(path + ".selector",
                    () -> Selector.parse(requiredString(object, "selector", path + ".selector")).toString());
            Metadata metadata = metadata(object, path);
            return new NamespaceDocument.Pool(path, name, PoolKind.valueOf(kindText), selector,
                    description(object, path + ".description"), metadata.labels(), metadata.version(),
                    timestamp(object, "createdAt", path + ".createdAt"));
        });
    }

    /** A value checked as an argument is; its refusal names where in the document it is. */
    private static <T> T inArgument(String path, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidArgumentException e) {
            throw invalid(path + ": " + e.getMessage());
        }
    }

    private Prefix ipamqlPrefix(Object value, String path) {
        JsonObject object = object(value, path, "a prefix");
        unknownFields(object, PREFIX_FIELDS, path + ".");
        Cidr cidr = cidr(requiredString(object, "cidr", path + ".cidr"), path + ".cidr");
        String parentText = optionalString(object, "parentCidr", path + ".parentCidr");
        Cidr parent = parentText == null ? null : cidr(parentText, path + ".parentCidr");
        String description = description(object, path + ".description");
        OffsetDateTime createdAt = timestamp(object, "createdAt", path + ".createdAt");
        List<Ip> ips = elements(object.getValue("ips"), path + ".ips", "IPs", "an IP", IP_FIELDS, (ip, ipPath) ->
                new Ip(ipPath + ".address", address(requiredString(ip, "address", ipPath + ".address"), ipPath + ".address"),
                        description(ip, ipPath + ".description"), timestamp(ip, "createdAt", ipPath + ".createdAt"),
                        metadata(ip, ipPath)));
        Object edges = object.getValue("reserveEdges");
        if (edges != null && !(edges instanceof Boolean)) {
            throw invalid(path + ".reserveEdges: is " + type(edges) + "; expected true or false");
        }
        return new Prefix(path, cidr, parent, description, createdAt, ips, metadata(object, path), edges == null || (Boolean) edges,
                reservedRanges(object.getValue("reservedRanges"), path));
    }

    private List<Range> reservedRanges(Object value, String path) {
        return elements(value, path + ".reservedRanges", "ranges", "a reserved range", RANGE_FIELDS, (range, rangePath) ->
                new Range(rangePath, address(requiredString(range, "first", rangePath + ".first"), rangePath + ".first"),
                        address(requiredString(range, "last", rangePath + ".last"), rangePath + ".last"),
                        description(range, rangePath + ".description"), timestamp(range, "createdAt", rangePath + ".createdAt")));
    }

    /**
     * An optional array of objects at {@code path}, each with only {@code fields}, read in order by {@code read}
     * (given the object and its path, {@code path[i]}); none when absent.
     */
    private static <T> List<T> elements(Object value, String path, String plural, String singular, Set<String> fields,
                                        BiFunction<JsonObject, String, T> read) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw invalid(path + ": is " + type(value) + "; expected an array of " + plural);
        }
        List<T> elements = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + "[" + i + "]";
            JsonObject element = object(array.getValue(i), elementPath, singular);
            unknownFields(element, fields, elementPath + ".");
            elements.add(read.apply(element, elementPath));
        }
        return elements;
    }

    // ---- go-ipam Dump()

    /**
     * go-ipam's JSON: no descriptions, no timestamps. Its {@code IPs} map holds the acquired addresses
     * and the ones go-ipam blocks itself (the first address, and the last for IPv4), which never were
     * a user's and are left out here; entries set to false are not acquired. Namespace, IsParent,
     * AvailableChildPrefixes, ChildPrefixLength and Version are not needed: the tree follows from
     * ParentCidr.
     */
    private NamespaceDocument goIpam(JsonArray dump) {
        List<Prefix> prefixes = new ArrayList<>(dump.size());
        for (int i = 0; i < dump.size(); i++) {
            String path = "[" + i + "]";
            JsonObject object = object(dump.getValue(i), path, "a go-ipam prefix");
            Cidr cidr = cidr(requiredString(object, "Cidr", path + ".Cidr"), path + ".Cidr");
            String parentText = optionalString(object, "ParentCidr", path + ".ParentCidr");
            Cidr parent = parentText == null || parentText.isEmpty() ? null : cidr(parentText, path + ".ParentCidr");
            prefixes.add(new Prefix(path, cidr, parent, null, null, goIpamIps(object.getValue("IPs"), cidr, path),
                    Metadata.NONE, true, List.of()));
        }
        return new NamespaceDocument(Format.GO_IPAM, null, null, null, null, prefixes);
    }

    private static List<Ip> goIpamIps(Object value, Cidr cidr, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonObject map)) {
            throw invalid(path + ".IPs: is " + type(value) + "; expected an object of address: true");
        }
        List<Ip> ips = new ArrayList<>();
        for (Map.Entry<String, Object> entry : map) {
            String ipPath = path + ".IPs[\"" + shortened(entry.getKey()) + "\"]";
            if (!(entry.getValue() instanceof Boolean acquired)) {
                throw invalid(ipPath + ": is " + type(entry.getValue()) + "; expected true or false");
            }
            Address address = address(entry.getKey(), ipPath);
            if (acquired && !blockedByGoIpam(cidr, address)) {
                ips.add(new Ip(ipPath, address, null, null, Metadata.NONE));
            }
        }
        ips.sort(Comparator.comparing(Ip::address));
        return ips;
    }

    /** The addresses go-ipam puts in every new prefix's IPs: the first, and for IPv4 the last. */
    private static boolean blockedByGoIpam(Cidr cidr, Address address) {
        return address.equals(cidr.first()) || cidr.family() == IPFamily.V4 && address.equals(cidr.last());
    }

    // ---- values

    /** The object's {@code labels}, found at {@code labelsPath}; none when left out. */
    private static Labels labels(JsonObject object, String labelsPath) {
        Object labelValue = object.getValue("labels");
        if (labelValue == null) {
            return Labels.NONE;
        }
        if (!(labelValue instanceof JsonObject map)) {
            throw invalid(labelsPath + ": is " + type(labelValue) + "; expected an object of key: value");
        }
        List<Label> given = new ArrayList<>();
        for (Map.Entry<String, Object> entry : map) {
            if (!(entry.getValue() instanceof String value)) {
                throw invalid(labelsPath + ": the value of " + shortened(entry.getKey()) + " is "
                        + type(entry.getValue()) + "; expected a string");
            }
            given.add(inPath(labelsPath, () -> new Label(entry.getKey(), value)));
        }
        return inPath(labelsPath, () -> Labels.of("labels", given));
    }

    /** Labels, claim, version and updatedAt of a prefix or IP; each may be left out. */
    private static Metadata metadata(JsonObject object, String path) {
        Labels labels = labels(object, path + ".labels");
        String claimText = optionalString(object, "claim", path + ".claim");
        Claim claim = claimText == null ? null : inPath(path + ".claim", () -> new Claim(claimText));
        Object versionValue = object.getValue("version");
        int version = 1;
        if (versionValue != null) {
            if (!(versionValue instanceof Integer number) || number < 1) {
                throw invalid(path + ".version: " + shown(versionValue) + " is not a version; expected an integer from 1");
            }
            version = number;
        }
        return new Metadata(labels, claim == null ? null : claim.text(), version,
                timestamp(object, "updatedAt", path + ".updatedAt"));
    }

    /** A claim names one prefix, and one IP, per namespace. */
    private static void uniqueClaims(List<Prefix> prefixes) {
        Map<String, String> prefixClaims = new java.util.HashMap<>();
        Map<String, String> ipClaims = new java.util.HashMap<>();
        for (Prefix prefix : prefixes) {
            unique(prefixClaims, prefix.metadata().claim(), prefix.path());
            prefix.ips().forEach(ip -> unique(ipClaims, ip.metadata().claim(), ip.path()));
        }
    }

    private static void unique(Map<String, String> seen, String claim, String path) {
        String first = claim == null ? null : seen.putIfAbsent(claim, path);
        if (first != null) {
            throw invalid(path + ": claim " + shortened(claim) + " is held already by " + first);
        }
    }

    /** A metadata value; its refusal names where in the document it is. */
    private static <T> T inPath(String path, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidMetadataException e) {
            throw invalid(path + ": " + e.getMessage());
        }
    }

    private String description(JsonObject object, String path) {
        String description = optionalString(object, "description", path);
        if (description == null) {
            return null;
        }
        if (description.length() > maxDescriptionLength) {
            throw invalid(path + ": is " + description.length() + " characters long; at most "
                    + maxDescriptionLength + " are allowed");
        }
        return Arguments.storable(path, description);
    }

    private static OffsetDateTime timestamp(JsonObject object, String field, String path) {
        String text = optionalString(object, field, path);
        if (text == null) {
            return null;
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(path + ": " + shown(text) + " is not an ISO-8601 timestamp with offset, such as "
                    + "2024-05-01T09:30:00.123456Z");
        }
        OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            throw invalid(path + ": " + shown(text) + " is outside the years 1 to 9999");
        }
        if (time.getNano() % 1000 != 0) {
            throw invalid(path + ": " + shown(text) + " is more precise than microseconds, which is all that is stored");
        }
        return utc;
    }

    private static Cidr cidr(String text, String path) {
        try {
            return Cidr.parse(text);
        } catch (InvalidAddressException e) {
            throw invalid(path + ": " + e.getMessage());
        }
    }

    private static Address address(String text, String path) {
        try {
            return Address.parse(text);
        } catch (InvalidAddressException e) {
            throw invalid(path + ": " + e.getMessage());
        }
    }

    private static JsonObject object(Object value, String path, String what) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw invalid(path + ": is " + type(value) + "; expected " + what + " (an object)");
    }

    private static String requiredString(JsonObject object, String field, String path) {
        String text = optionalString(object, field, path);
        if (text == null) {
            throw invalid(path + ": missing");
        }
        return text;
    }

    private static String optionalString(JsonObject object, String field, String path) {
        Object value = object.getValue(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw invalid(path + ": is " + type(value) + "; expected a string");
    }

    private static void unknownFields(JsonObject object, Set<String> known, String pathPrefix) {
        for (String field : object.fieldNames()) {
            if (!known.contains(field)) {
                throw invalid(pathPrefix + shortened(field) + ": unknown field; expected only " + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
    }

    private static String type(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof JsonArray) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    private static String shown(Object value) {
        return value instanceof String text ? "'" + shortened(text) + "'" : String.valueOf(value);
    }

    private static String shortened(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    private static InvalidArgumentException invalid(String message) {
        return new InvalidArgumentException(message);
    }
}

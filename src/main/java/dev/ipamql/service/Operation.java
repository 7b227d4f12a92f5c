package dev.ipamql.service;

import dev.ipamql.service.NamespaceTransfer.Imported;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.ReservedRangeRow;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * A mutation of the contract as the service records it: its name (in the audit log, on idempotency keys and in
 * metrics), the arguments it records, in order, and how its result is written as JSON and read back.
 *
 * @param <T> the mutation's result
 */
public final class Operation<T> {

    /** What an update may change, recorded as given; like every metadata argument, left out when not given. */
    private static final List<String> UPDATE_ARGUMENTS =
            List.of("description", "labels", "setLabels", "removeLabels", "ifVersion");

    public static final Operation<NamespaceEntity> CREATE_NAMESPACE = new Operation<>("createNamespace",
            List.of("name"), List.of("description", "labels"), StoredResults::namespace, null);
    public static final Operation<NamespaceEntity> DELETE_NAMESPACE =
            new Operation<>("deleteNamespace", List.of("name"), StoredResults::namespace, null);
    public static final Operation<NamespaceEntity> UPDATE_NAMESPACE = new Operation<>("updateNamespace", List.of("name"),
            UPDATE_ARGUMENTS, StoredResults::namespace, null);
    public static final Operation<Imported> IMPORT_NAMESPACE =
            new Operation<>("importNamespace", List.of("name", "prefixes", "bytes"), StoredResults::imported, null);
    public static final Operation<PrefixRow> CREATE_PREFIX = new Operation<>("createPrefix",
            List.of("cidr", "description"), List.of("labels", "reserveEdges"), StoredResults::prefix, null);
    public static final Operation<PrefixRow> UPDATE_PREFIX = new Operation<>("updatePrefix", List.of("cidr"),
            UPDATE_ARGUMENTS, StoredResults::prefix, null);
    public static final Operation<PrefixRow> DELETE_PREFIX =
            new Operation<>("deletePrefix", List.of("cidr"), StoredResults::prefix, null);
    public static final Operation<PrefixRow> ACQUIRE_CHILD_PREFIX = new Operation<>("acquireChildPrefix",
            List.of("parent", "length", "description", "requestId"),
            List.of("labels", "claim", "strategy", "pool", "reserveEdges"), StoredResults::prefix, StoredResults::prefix);
    public static final Operation<List<PrefixRow>> ACQUIRE_CHILD_PREFIXES = new Operation<>("acquireChildPrefixes",
            List.of("parent", "length", "count", "description", "requestId"), List.of("labels", "strategy", "pool"),
            StoredResults::prefixes, StoredResults::prefixes);
    public static final Operation<PrefixRow> ACQUIRE_SPECIFIC_CHILD_PREFIX = new Operation<>("acquireSpecificChildPrefix",
            List.of("parent", "cidr", "description", "requestId"), List.of("labels", "claim", "reserveEdges"),
            StoredResults::prefix,
            StoredResults::prefix);
    public static final Operation<PrefixRow> RELEASE_CHILD_PREFIX =
            new Operation<>("releaseChildPrefix", List.of("cidr"), StoredResults::prefix, null);
    public static final Operation<PrefixRow> RELEASE_CHILD_PREFIX_BY_CLAIM =
            new Operation<>("releaseChildPrefixByClaim", List.of("claim"), StoredResults::prefix, null);
    public static final Operation<IpRow> ACQUIRE_IP = new Operation<>("acquireIP",
            List.of("prefix", "address", "description", "requestId"), List.of("labels", "claim", "strategy", "pool"),
            StoredResults::ip, StoredResults::ip);
    public static final Operation<IpRow> UPDATE_IP = new Operation<>("updateIP", List.of("prefix", "address"),
            UPDATE_ARGUMENTS, StoredResults::ip, null);
    public static final Operation<IpRow> RELEASE_IP =
            new Operation<>("releaseIP", List.of("prefix", "address"), StoredResults::ip, null);
    public static final Operation<IpRow> RELEASE_IP_BY_CLAIM =
            new Operation<>("releaseIPByClaim", List.of("claim"), StoredResults::ip, null);
    public static final Operation<List<IpRow>> ACQUIRE_IPS = new Operation<>("acquireIPs",
            List.of("prefix", "count", "description", "requestId"), List.of("labels", "strategy", "pool"),
            StoredResults::ips, StoredResults::ips);
    public static final Operation<List<IpRow>> RELEASE_IPS =
            new Operation<>("releaseIPs", List.of("prefix", "addresses"), StoredResults::ips, null);

    public static final Operation<PoolRow> CREATE_POOL = new Operation<>("createPool",
            List.of("name", "kind", "selector"), List.of("description", "labels"), StoredResults::pool, null);
    public static final Operation<PoolRow> UPDATE_POOL = new Operation<>("updatePool", List.of("name"),
            List.of("selector", "description", "labels", "ifVersion"), StoredResults::pool, null);
    public static final Operation<PoolRow> DELETE_POOL =
            new Operation<>("deletePool", List.of("name"), StoredResults::pool, null);
    public static final Operation<ReservedRangeRow> RESERVE_RANGE = new Operation<>("reserveRange",
            List.of("prefix", "first", "last", "description"), StoredResults::reservedRange, null);
    public static final Operation<ReservedRangeRow> UNRESERVE_RANGE =
            new Operation<>("unreserveRange", List.of("prefix", "first"), StoredResults::reservedRange, null);

    private final String name;
    private final List<String> argumentNames;
    /** Arguments recorded after {@link #argumentNames} only when given, so older records keep their shape. */
    private final List<String> optionalNames;
    private final Function<T, String> encode;
    /** Null for a mutation that takes no requestId: its results are never read back. */
    private final Function<String, T> decode;

    private Operation(String name, List<String> argumentNames, Function<T, String> encode, Function<String, T> decode) {
        this(name, argumentNames, List.of(), encode, decode);
    }

    private Operation(String name, List<String> argumentNames, List<String> optionalNames, Function<T, String> encode,
                      Function<String, T> decode) {
        this.name = name;
        this.argumentNames = argumentNames;
        this.optionalNames = optionalNames;
        this.encode = encode;
        this.decode = decode;
    }

    /** The mutation's name in the schema. */
    public String name() {
        return name;
    }

    /**
     * A call with these argument values, index for index with the arguments this operation records (the optional
     * ones may be left off at the end).
     */
    Call<T> call(Caller caller, String namespace, Object... values) {
        int all = argumentNames.size() + optionalNames.size();
        if (values.length < argumentNames.size() || values.length > all) {
            throw new IllegalArgumentException(name + " records " + argumentNames + optionalNames + ", not "
                    + values.length + " values");
        }
        JsonObject arguments = new JsonObject();
        for (int i = 0; i < values.length; i++) {
            if (i < argumentNames.size()) {
                arguments.put(argumentNames.get(i), values[i]);
            } else if (values[i] != null) {
                arguments.put(optionalNames.get(i - argumentNames.size()), values[i]);
            }
        }
        return new Call<>(this, caller, namespace, arguments);
    }

    String encode(T result) {
        return encode.apply(result);
    }

    T decode(String json) {
        return decode.apply(json);
    }

    /** One call of a mutation: who made it, in which namespace, with which arguments. */
    record Call<T>(Operation<T> operation, Caller caller, String namespace, JsonObject arguments) {

        /** The audit record of its success with {@code result}. */
        AuditStore.Entry record(T result) {
            return recordWritten(operation.encode(result));
        }

        /** The audit record of its success with a result already written as JSON. */
        AuditStore.Entry recordWritten(String result) {
            return new AuditStore.Entry(caller.subject(), namespace, operation.name(), arguments.encode(), result);
        }
    }
}

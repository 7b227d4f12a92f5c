package dev.ipamql.model;

import static dev.ipamql.support.GraphQL.run;

import dev.ipamql.model.IpamModel.Outcome;
import dev.ipamql.support.GraphQL.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One contract mutation with its arguments as a client types them: sent to the service, or applied to the model. */
sealed interface Operation {

    /** The example operation in graphql/examples/, which is also the mutation's field in the response. */
    String name();

    /** The mutation's field in the response, when the example is named otherwise. */
    default String field() {
        return name();
    }

    /** The fields the example operation selects. */
    List<String> selected();

    Outcome applyTo(IpamModel model);

    Result sendTo(String namespace);

    /** The CIDR texts this operation names, whose prefixes it may change. */
    List<String> cidrs();

    /** Every argument as typed (namespace aside), for checking that an error message names what it is about. */
    List<String> arguments();

    /** An argument as it would appear in a variables object, so that an empty one shows. */
    static String quoted(String text) {
        return '"' + text + '"';
    }

    record CreatePrefix(String cidr) implements Operation {
        public String name() {
            return "createPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.createPrefix(cidr);
        }

        public Result sendTo(String namespace) {
            return run(name(), "cidr", cidr, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(cidr);
        }

        public List<String> arguments() {
            return List.of(cidr);
        }

        @Override
        public String toString() {
            return "createPrefix(" + quoted(cidr) + ")";
        }
    }

    record DeletePrefix(String cidr) implements Operation {
        public String name() {
            return "deletePrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "parentCidr");
        }

        public Outcome applyTo(IpamModel model) {
            return model.deletePrefix(cidr);
        }

        public Result sendTo(String namespace) {
            return run(name(), "cidr", cidr, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(cidr);
        }

        public List<String> arguments() {
            return List.of(cidr);
        }

        @Override
        public String toString() {
            return "deletePrefix(" + quoted(cidr) + ")";
        }
    }

    record AcquireChildPrefix(String parent, int length) implements Operation {
        public String name() {
            return "acquireChildPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireChildPrefix(parent, length);
        }

        public Result sendTo(String namespace) {
            return run(name(), "parent", parent, "length", length, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(parent);
        }

        public List<String> arguments() {
            return List.of(parent, Integer.toString(length));
        }

        @Override
        public String toString() {
            return "acquireChildPrefix(" + quoted(parent) + ", " + length + ")";
        }
    }

    record AcquireSpecificChildPrefix(String parent, String cidr) implements Operation {
        public String name() {
            return "acquireSpecificChildPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireSpecificChildPrefix(parent, cidr);
        }

        public Result sendTo(String namespace) {
            return run(name(), "parent", parent, "cidr", cidr, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(parent, cidr);
        }

        public List<String> arguments() {
            return List.of(parent, cidr);
        }

        @Override
        public String toString() {
            return "acquireSpecificChildPrefix(" + quoted(parent) + ", " + quoted(cidr) + ")";
        }
    }

    record ReleaseChildPrefix(String cidr) implements Operation {
        public String name() {
            return "releaseChildPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "parentCidr");
        }

        public Outcome applyTo(IpamModel model) {
            return model.releaseChildPrefix(cidr);
        }

        public Result sendTo(String namespace) {
            return run(name(), "cidr", cidr, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(cidr);
        }

        public List<String> arguments() {
            return List.of(cidr);
        }

        @Override
        public String toString() {
            return "releaseChildPrefix(" + quoted(cidr) + ")";
        }
    }

    /** {@code acquireIP}; a null address asks for the lowest free one. */
    record AcquireIp(String prefix, String address) implements Operation {
        public String name() {
            return "acquireIP";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireIp(prefix, address);
        }

        public Result sendTo(String namespace) {
            List<Object> variables = new ArrayList<>(List.of("prefix", prefix, "namespace", namespace));
            if (address != null) {
                variables.addAll(List.of("address", address));
            }
            return run(name(), variables.toArray());
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return address == null ? List.of(prefix) : List.of(prefix, address);
        }

        @Override
        public String toString() {
            return address == null ? "acquireIP(" + quoted(prefix) + ")" : "acquireIP(" + quoted(prefix) + ", " + quoted(address) + ")";
        }
    }

    record ReleaseIp(String prefix, String address) implements Operation {
        public String name() {
            return "releaseIP";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr");
        }

        public Outcome applyTo(IpamModel model) {
            return model.releaseIp(prefix, address);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "address", address, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return List.of(prefix, address);
        }

        @Override
        public String toString() {
            return "releaseIP(" + quoted(prefix) + ", " + quoted(address) + ")";
        }
    }

    /** {@code acquireIPs}: the {@code count} lowest free addresses, all or none. */
    record AcquireIps(String prefix, int count) implements Operation {
        public String name() {
            return "acquireIPs";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireIps(prefix, count);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "count", count, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return List.of(prefix, Integer.toString(count));
        }

        @Override
        public String toString() {
            return "acquireIPs(" + quoted(prefix) + ", " + count + ")";
        }
    }

    /** {@code releaseIPs}: all the addresses or none, answered in the order given. */
    record ReleaseIps(String prefix, List<String> addresses) implements Operation {
        public String name() {
            return "releaseIPs";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr");
        }

        public Outcome applyTo(IpamModel model) {
            return model.releaseIps(prefix, addresses);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "addresses", addresses, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            List<String> arguments = new ArrayList<>(List.of(prefix));
            arguments.addAll(addresses);
            return arguments;
        }

        @Override
        public String toString() {
            // an over-long list is one address repeated: shown as a count
            String list = addresses.size() > 10 && addresses.stream().distinct().count() == 1
                    ? "[" + addresses.size() + " x " + quoted(addresses.get(0)) + "]"
                    : addresses.stream().map(Operation::quoted).collect(Collectors.joining(", ", "[", "]"));
            return "releaseIPs(" + quoted(prefix) + ", " + list + ")";
        }
    }
    /** acquireChildPrefix with a strategy (BEST_FIT, LOWEST, HIGHEST). */
    record AcquireChildPrefixBy(String parent, int length, String strategy) implements Operation {
        public String name() {
            return "acquireChildPrefixWithStrategy";
        }

        public String field() {
            return "acquireChildPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireChildPrefix(parent, length, strategy);
        }

        public Result sendTo(String namespace) {
            return run(name(), "parent", parent, "length", length, "strategy", strategy, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(parent);
        }

        public List<String> arguments() {
            return List.of(parent, Integer.toString(length));
        }

        @Override
        public String toString() {
            return "acquireChildPrefix(" + quoted(parent) + ", " + length + ", " + strategy + ")";
        }
    }

    record AcquireChildPrefixes(String parent, int length, int count, String strategy) implements Operation {
        public String name() {
            return "acquireChildPrefixes";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireChildPrefixes(parent, length, count, strategy);
        }

        public Result sendTo(String namespace) {
            return run(name(), "parent", parent, "length", length, "count", count, "strategy", strategy,
                    "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(parent);
        }

        public List<String> arguments() {
            return List.of(parent, Integer.toString(length), Integer.toString(count));
        }

        @Override
        public String toString() {
            return "acquireChildPrefixes(" + quoted(parent) + ", " + length + ", " + count + ", " + strategy + ")";
        }
    }

    /** acquireIP of the address a strategy (LOWEST, HIGHEST) picks. */
    record AcquireIpBy(String prefix, String strategy) implements Operation {
        public String name() {
            return "acquireIPWithStrategy";
        }

        public String field() {
            return "acquireIP";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireIp(prefix, null, strategy);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "strategy", strategy, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return List.of(prefix);
        }

        @Override
        public String toString() {
            return "acquireIP(" + quoted(prefix) + ", " + strategy + ")";
        }
    }

    /** updatePrefix setting label pool to a value: what pools select. */
    record LabelPrefix(String cidr, String value) implements Operation {
        public String name() {
            return "updatePrefix";
        }

        public List<String> selected() {
            return List.of("cidr");
        }

        public Outcome applyTo(IpamModel model) {
            return model.labelPrefix(cidr, value);
        }

        public Result sendTo(String namespace) {
            return run(name(), "cidr", cidr, "namespace", namespace, "setLabels",
                    List.of(java.util.Map.of("key", "pool", "value", value)));
        }

        public List<String> cidrs() {
            return List.of(cidr);
        }

        public List<String> arguments() {
            return List.of(cidr);
        }

        @Override
        public String toString() {
            return "updatePrefix(" + quoted(cidr) + ", setLabels: pool=" + value + ")";
        }
    }

    /** createPool of prefixes labelled pool=label. */
    record CreatePool(String pool, boolean ips, String label) implements Operation {
        public String name() {
            return "createPool";
        }

        public List<String> selected() {
            return List.of("name", "kind", "selector");
        }

        public Outcome applyTo(IpamModel model) {
            return model.createPool(pool, ips, label);
        }

        public Result sendTo(String namespace) {
            return run(name(), "name", pool, "kind", ips ? "IP" : "CHILD_PREFIX", "selector", "pool=" + label,
                    "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of();
        }

        public List<String> arguments() {
            return List.of(pool);
        }

        @Override
        public String toString() {
            return "createPool(" + quoted(pool) + ", " + (ips ? "IP" : "CHILD_PREFIX") + ", pool=" + label + ")";
        }
    }

    record AcquireIpFromPool(String pool, String strategy) implements Operation {
        public String name() {
            return "acquireIPWithStrategy";
        }

        public String field() {
            return "acquireIP";
        }

        public List<String> selected() {
            return List.of("address", "namespace", "prefixCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireIpFromPool(pool, strategy);
        }

        public Result sendTo(String namespace) {
            return run(name(), "pool", pool, "strategy", strategy, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of();
        }

        public List<String> arguments() {
            return List.of(pool);
        }

        @Override
        public String toString() {
            return "acquireIP(pool: " + quoted(pool) + ", " + strategy + ")";
        }
    }

    record AcquireChildFromPool(String pool, int length, String strategy) implements Operation {
        public String name() {
            return "acquireChildPrefixWithStrategy";
        }

        public String field() {
            return "acquireChildPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "namespace", "family", "parentCidr", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.acquireChildFromPool(pool, length, strategy);
        }

        public Result sendTo(String namespace) {
            return run(name(), "pool", pool, "length", length, "strategy", strategy, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of();
        }

        public List<String> arguments() {
            return List.of(pool, Integer.toString(length));
        }

        @Override
        public String toString() {
            return "acquireChildPrefix(pool: " + quoted(pool) + ", " + length + ", " + strategy + ")";
        }
    }

    /** createPrefix with reserveEdges given. */
    record CreatePrefixReserveEdges(String cidr, boolean reserveEdges) implements Operation {
        public String name() {
            return "createPrefixReserveEdges";
        }

        public String field() {
            return "createPrefix";
        }

        public List<String> selected() {
            return List.of("cidr", "parentCidr", "reserveEdges");
        }

        public Outcome applyTo(IpamModel model) {
            Outcome created = model.createPrefix(cidr, reserveEdges);
            if (created.failed()) {
                return created;
            }
            java.util.Map<String, String> values = new java.util.TreeMap<>();
            values.put("cidr", created.values().get("cidr"));
            values.put("parentCidr", null);
            values.put("reserveEdges", Boolean.toString(reserveEdges));
            return Outcome.ok(values);
        }

        public Result sendTo(String namespace) {
            return run(name(), "cidr", cidr, "namespace", namespace, "reserveEdges", reserveEdges);
        }

        public List<String> cidrs() {
            return List.of(cidr);
        }

        public List<String> arguments() {
            return List.of(cidr);
        }

        @Override
        public String toString() {
            return "createPrefix(" + quoted(cidr) + ", reserveEdges: " + reserveEdges + ")";
        }
    }

    record ReserveRange(String prefix, String first, String last) implements Operation {
        public String name() {
            return "reserveRange";
        }

        public List<String> selected() {
            return List.of("first", "last", "size", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.reserveRange(prefix, first, last);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "first", first, "last", last, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return List.of(prefix, first, last);
        }

        @Override
        public String toString() {
            return "reserveRange(" + quoted(prefix) + ", " + quoted(first) + ", " + quoted(last) + ")";
        }
    }

    record UnreserveRange(String prefix, String first) implements Operation {
        public String name() {
            return "unreserveRange";
        }

        public List<String> selected() {
            return List.of("first", "last", "size", "description");
        }

        public Outcome applyTo(IpamModel model) {
            return model.unreserveRange(prefix, first);
        }

        public Result sendTo(String namespace) {
            return run(name(), "prefix", prefix, "first", first, "namespace", namespace);
        }

        public List<String> cidrs() {
            return List.of(prefix);
        }

        public List<String> arguments() {
            return List.of(prefix, first);
        }

        @Override
        public String toString() {
            return "unreserveRange(" + quoted(prefix) + ", " + quoted(first) + ")";
        }
    }
}

package dev.ipamql.model;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static io.restassured.RestAssured.given;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.just;
import static dev.ipamql.support.Generators.lists;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.weight;

import dev.ipamql.model.IpamModel.Address;
import dev.ipamql.model.IpamModel.Cidr;
import dev.ipamql.model.IpamModel.Outcome;
import dev.ipamql.model.IpamModel.Prefix;
import dev.ipamql.model.IpamModel.Usage;
import dev.ipamql.support.Generators;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
import dev.ipamql.support.PropertyRuns;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Random sequences of contract mutations over a few small, partly overlapping IPv4 and IPv6 prefixes, run
 * against the packaged service and against {@link IpamModel}: every answer, every error code and the state
 * of every prefix touched must be the same. A burst of concurrent acquireIP requests (which the service
 * coalesces) must answer, in some order, what the model answers to them one after the other.
 */
class ReferenceModelIT {

    /**
     * Roots to create: mostly small, and overlapping on purpose (the /26 holds the /28, the /29, the /31 and the
     * /32); then IPv4-mapped space, whose addresses print in mixed notation, and two large prefixes whose counts
     * exceed a long and whose addresses have all kinds of zero runs.
     */
    private static final List<Cidr> ROOTS = Stream.of(
                    "10.0.0.0/28", "10.0.0.16/29", "10.0.0.0/26", "10.0.0.24/31", "10.0.0.30/32",
                    "2001:db8::/124", "2001:db8::/120", "2001:db8::10/126", "2001:db8::20/127", "2001:db8::ff/128",
                    "::ffff:10.0.0.0/124", "10.128.0.0/9", "2001:db8:1::/48")
            .map(ReferenceModelIT::cidr).toList();

    /** Where random prefixes are drawn from. */
    private static final List<Cidr> AREAS = List.of(cidr("10.0.0.0/24"), cidr("2001:db8::/118"));

    private static final List<String> MALFORMED_CIDRS = List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.300/28",
            "2001:db8::g/124", "localhost/28");

    private static final List<String> MALFORMED_ADDRESSES = List.of("10.0.0.256", "2001:db8::g1", "localhost", "10.0.0.1/32", "");

    /** The most acquireIP requests one action sends at once. */
    private static final int MAX_CONCURRENT = 8;

    /** The page size the prefix checks ask for: the service's largest. */
    private static final int PAGE = 1000;

    /** The steps of one try. */
    private static final int STEPS = 30;

    /** How often each operation got each outcome, printed at the end: it shows which answers the tries reached. */
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    private static StandalonePostgres postgres;
    private static ExecutorService clients;
    private static ServiceProcess service;
    private static int previousPort;

    @BeforeAll
    static void startService() throws Exception {
        postgres = StandalonePostgres.start();
        service = ServiceProcess.start("reference-model",
                ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
        previousPort = RestAssured.port;
        RestAssured.port = service.port();
        clients = Executors.newFixedThreadPool(MAX_CONCURRENT);
    }

    @AfterAll
    static void stopService() throws Exception {
        RestAssured.port = previousPort;
        if (clients != null) {
            clients.shutdownNow();
        }
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        System.out.println("ReferenceModelIT outcomes (operation, code: count): " + OUTCOMES);
    }

    /**
     * 40 tries of 30 steps, about 1,200 mutations (some of them bursts of concurrent acquireIP requests) each
     * checked against the model: 2 to 5 minutes on two busy cores. A failure prints its seed ({@link PropertyRuns});
     * a shrinking step replays a whole try, so there are few of them.
     */
    @Test
    void everyAnswerAndEveryPrefixAreAsTheModelSays() {
        PropertyRuns.check(40, 10, trials(), steps -> Trial.fresh().perform(steps));
    }

    /**
     * STEPS steps, each drawn from the state the steps before leave in a model of their own (the same state the
     * try's model will be in), so that most of them name existing prefixes; an action needing a prefix waits for one.
     */
    private static Gen<Steps> trials() {
        return source -> {
            IpamModel model = new IpamModel("planned");
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < STEPS; i++) {
                Step step = nextStep(model).generate(source);
                step.applyTo(model);
                steps.add(step);
            }
            return new Steps(steps);
        };
    }

    private static Gen<Step> nextStep(IpamModel model) {
        List<Pair<Integer, Gen<Step>>> actions = new ArrayList<>(List.of(weight(3, createPrefix()),
                weight(1, createPrefixReserveEdges())));
        if (!model.prefixes().isEmpty()) {
            actions.addAll(List.of(
                    weight(1, deletePrefix(model)),
                    weight(4, acquireChildPrefix(model)),
                    weight(3, acquireSpecificChildPrefix(model)),
                    weight(2, releaseChildPrefix(model)),
                    weight(4, acquireLowestIp(model)),
                    weight(3, acquireGivenIp(model)),
                    weight(4, releaseIp(model)),
                    weight(3, acquireIps(model)),
                    weight(3, releaseIps(model)),
                    weight(2, concurrentAcquireLowestIp(model)),
                    weight(2, acquireChildPrefixBy(model)),
                    weight(2, acquireChildPrefixes(model)),
                    weight(2, acquireIpBy(model)),
                    weight(2, labelPrefix(model)),
                    weight(3, drawFromPool()),
                    weight(3, reserveRange(model)),
                    weight(1, unreserveRange(model))));
        }
        actions.add(weight(1, createPool()));
        return frequency(actions);
    }

    /** One step of a try: one mutation, or acquireIP requests sent at once. */
    sealed interface Step {
        void applyTo(IpamModel model);

        void run(Trial trial);
    }

    record One(Operation operation) implements Step {
        @Override
        public void applyTo(IpamModel model) {
            operation.applyTo(model);
        }

        @Override
        public void run(Trial trial) {
            trial.perform(operation);
        }

        @Override
        public String toString() {
            return operation.toString();
        }
    }

    record AtOnce(List<Operation.AcquireIp> requests) implements Step {
        @Override
        public void applyTo(IpamModel model) {
            requests.forEach(request -> request.applyTo(model));
        }

        @Override
        public void run(Trial trial) {
            trial.performConcurrently(requests);
        }

        @Override
        public String toString() {
            return "concurrently " + requests;
        }
    }

    /** The steps of one try, one per line when a failure shows them. */
    record Steps(List<Step> steps) {
        @Override
        public String toString() {
            return IntStream.range(0, steps.size()).mapToObj(i -> "\n  " + (i + 1) + ". " + steps.get(i))
                    .collect(Collectors.joining());
        }
    }

    // ---- actions: arguments drawn from the current state, so that most of them name existing prefixes

    private static Gen<Step> createPrefix() {
        return frequency(
                        weight(20, frequency(weight(7, of(ROOTS)), weight(3, anyCidr()))
                                .flatMap(ReferenceModelIT::cidrText)),
                        weight(1, of(MALFORMED_CIDRS)))
                .map(text -> new One(new Operation.CreatePrefix(text)));
    }

    private static Gen<Step> createPrefixReserveEdges() {
        return frequency(weight(7, of(ROOTS)), weight(3, anyCidr())).flatMap(ReferenceModelIT::cidrText)
                .flatMap(text -> of(false, true).map(edges -> new One(new Operation.CreatePrefixReserveEdges(text, edges))));
    }

    /**
     * A short range (1 to 6 addresses) from anywhere in a prefix: its edges, acquired addresses and other ranges
     * included, so that OVERLAP and ALREADY_ALLOCATED come up; sometimes reversed or running out of the prefix.
     */
    private static Gen<Step> reserveRange(IpamModel model) {
        return someCidr(model, p -> p.children.isEmpty()).flatMap(prefix -> address(model, prefix, 2)
                .flatMap(first -> of(0, 1, 2, 5, -1).flatMap(span -> {
                    Optional<Address> start = Address.parse(first).filter(prefix::contains);
                    Gen<String> last = start.isEmpty() ? just(first)
                            : addressText(new Address(prefix.v6(), start.get().value().add(BigInteger.valueOf(span))));
                    return last.flatMap(end -> cidrText(prefix).map(text -> new One(new Operation.ReserveRange(text, first, end))));
                })));
    }

    private static Gen<Step> unreserveRange(IpamModel model) {
        return someCidr(model, p -> !p.ranges.isEmpty()).flatMap(prefix -> {
            List<Address> starts = model.prefix(prefix).map(p -> p.ranges.keySet().stream()
                    .map(value -> new Address(prefix.v6(), value)).toList()).orElse(List.of());
            Gen<String> first = starts.isEmpty() ? address(model, prefix, 0)
                    : frequency(weight(4, of(starts).flatMap(ReferenceModelIT::addressText)), weight(1, address(model, prefix, 0)));
            return first.flatMap(start -> cidrText(prefix).map(text -> new One(new Operation.UnreserveRange(text, start))));
        });
    }

    private static Gen<Step> deletePrefix(IpamModel model) {
        return someCidr(model, p -> p.ips.isEmpty() && p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> new One(new Operation.DeletePrefix(text)));
    }

    private static Gen<Step> releaseChildPrefix(IpamModel model) {
        return someCidr(model, p -> p.parent != null && p.ips.isEmpty() && p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> new One(new Operation.ReleaseChildPrefix(text)));
    }

    private static Gen<Step> acquireChildPrefix(IpamModel model) {
        return someCidr(model, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> childLength(parent)
                        .flatMap(length -> cidrText(parent).map(text -> new One(new Operation.AcquireChildPrefix(text, length)))));
    }

    private static Gen<String> childStrategy() {
        return of("BEST_FIT", "LOWEST", "HIGHEST");
    }

    private static Gen<Step> acquireChildPrefixBy(IpamModel model) {
        return someCidr(model, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> childLength(parent).flatMap(length -> childStrategy().flatMap(strategy ->
                        cidrText(parent).map(text -> new One(new Operation.AcquireChildPrefixBy(text, length, strategy))))));
    }

    private static Gen<Step> acquireChildPrefixes(IpamModel model) {
        return someCidr(model, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> childLength(parent).flatMap(length -> childStrategy().flatMap(strategy ->
                        of(1, 2, 3, 5, 9, 0, 1001).flatMap(count -> cidrText(parent).map(text ->
                                new One(new Operation.AcquireChildPrefixes(text, length, count, strategy)))))));
    }

    private static Gen<Step> acquireIpBy(IpamModel model) {
        return someCidr(model, p -> p.children.isEmpty())
                .flatMap(prefix -> of("LOWEST", "HIGHEST").flatMap(strategy -> cidrText(prefix)
                        .map(text -> new One(new Operation.AcquireIpBy(text, strategy)))));
    }

    /** Pools are named for what they select: {@code ips-a} hands out IPs from prefixes labelled pool=a. */
    private static final List<String> POOLS = List.of("ips-a", "ips-b", "kids-a", "kids-b");

    private static Gen<Step> labelPrefix(IpamModel model) {
        return someCidr(model, p -> true).flatMap(prefix -> of("a", "b").flatMap(value -> cidrText(prefix)
                .map(text -> new One(new Operation.LabelPrefix(text, value)))));
    }

    private static Gen<Step> createPool() {
        return of(POOLS).map(name -> new One(new Operation.CreatePool(name, name.startsWith("ips"),
                name.substring(name.length() - 1))));
    }

    /** A draw from a pool (one that may not exist, or be of the other kind), with a strategy. */
    private static Gen<Step> drawFromPool() {
        Gen<String> names = frequency(weight(8, of(POOLS)), weight(1, just("none")));
        return frequency(
                weight(1, names.flatMap(pool -> of("LOWEST", "HIGHEST")
                        .map(strategy -> new One(new Operation.AcquireIpFromPool(pool, strategy))))),
                weight(1, names.flatMap(pool -> of(27, 28, 30, 31, 32, 120, 124, 126, 128, 0, 129).flatMap(length ->
                        childStrategy().map(strategy -> new One(new Operation.AcquireChildFromPool(pool, length, strategy)))))));
    }

    private static Gen<Step> acquireSpecificChildPrefix(IpamModel model) {
        return someCidr(model, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> specificChild(model, parent)
                        .flatMap(child -> cidrText(parent)
                                .map(text -> new One(new Operation.AcquireSpecificChildPrefix(text, child)))));
    }

    private static Gen<Step> acquireLowestIp(IpamModel model) {
        return someCidr(model, p -> p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> new One(new Operation.AcquireIp(text, null)));
    }

    private static Gen<Step> acquireGivenIp(IpamModel model) {
        return someCidr(model, p -> p.children.isEmpty())
                .flatMap(prefix -> address(model, prefix, 1)
                        .flatMap(address -> cidrText(prefix).map(text -> new One(new Operation.AcquireIp(text, address)))));
    }

    private static Gen<Step> releaseIp(IpamModel model) {
        return someCidr(model, p -> !p.ips.isEmpty())
                .flatMap(prefix -> address(model, prefix, 6)
                        .flatMap(address -> cidrText(prefix).map(text -> new One(new Operation.ReleaseIp(text, address)))));
    }

    private static Gen<Step> acquireIps(IpamModel model) {
        return someCidr(model, p -> p.children.isEmpty())
                .flatMap(prefix -> bulkCount(model, prefix)
                        .flatMap(count -> cidrText(prefix).map(text -> new One(new Operation.AcquireIps(text, count)))));
    }

    private static Gen<Step> releaseIps(IpamModel model) {
        return someCidr(model, p -> !p.ips.isEmpty())
                .flatMap(prefix -> addressList(model, prefix)
                        .flatMap(addresses -> cidrText(prefix).map(text -> new One(new Operation.ReleaseIps(text, addresses)))));
    }

    /**
     * 2 to 8 acquireIP requests for the lowest address of one prefix (each typing the prefix its own way) sent at
     * once, mostly to a prefix with few free addresses left so that some of them find none.
     */
    private static Gen<Step> concurrentAcquireLowestIp(IpamModel model) {
        return frequency(
                        weight(2, someCidr(model, p -> p.children.isEmpty()
                                && model.usage(p).freeIPs().compareTo(BigInteger.valueOf(MAX_CONCURRENT)) <= 0)),
                        weight(1, someCidr(model, p -> p.children.isEmpty())))
                .flatMap(prefix -> integers(2, MAX_CONCURRENT).flatMap(k -> lists(cidrText(prefix), k, k)))
                .map(texts -> new AtOnce(texts.stream().map(text -> new Operation.AcquireIp(text, null)).toList()));
    }

    // ---- argument generators

    /** Mostly an existing prefix the operation suits, else any existing one, one of the roots or any small prefix. */
    private static Gen<Cidr> someCidr(IpamModel model, Predicate<Prefix> suited) {
        List<Cidr> existing = model.prefixes().stream().map(p -> p.cidr).toList();
        List<Cidr> fitting = model.prefixes().stream().filter(suited).map(p -> p.cidr).toList();
        List<Pair<Integer, Gen<Cidr>>> choices = new ArrayList<>();
        if (!fitting.isEmpty()) {
            choices.add(weight(12, of(fitting)));
        }
        if (!existing.isEmpty()) {
            choices.add(weight(4, of(existing)));
        }
        choices.add(weight(1, of(ROOTS)));
        choices.add(weight(1, anyCidr()));
        return frequency(choices);
    }

    /** A prefix somewhere in the areas, mostly a short one. */
    private static Gen<Cidr> anyCidr() {
        return of(AREAS).flatMap(area -> frequency(
                        weight(9, integers(area.length() + 2, area.bits())),
                        weight(1, integers(area.length(), area.bits())))
                .flatMap(length -> offsetIn(area).map(offset -> Cidr.masked(area.v6(), area.base().add(offset), length))));
    }

    /** Mostly a length the parent can hold, sometimes one it cannot: not longer than the parent, or beyond the family. */
    private static Gen<Integer> childLength(Cidr parent) {
        List<Pair<Integer, Gen<Integer>>> choices = new ArrayList<>();
        if (parent.length() < parent.bits()) {
            choices.add(weight(12, integers(parent.length() + 1, parent.bits())));
        }
        choices.add(weight(1, of(parent.length(), parent.bits() + 1, 0, -1, parent.v6() ? 200 : 64)));
        return frequency(choices);
    }

    /** A child to ask for: inside the parent (often over a taken block), or the parent itself, or outside it. */
    private static Gen<String> specificChild(IpamModel model, Cidr parent) {
        List<Cidr> taken = model.prefix(parent).map(p -> List.copyOf(p.children)).orElse(List.of());
        boolean room = parent.length() < parent.bits();
        List<Pair<Integer, Gen<Cidr>>> choices = new ArrayList<>();
        if (room) {
            choices.add(weight(6, integers(parent.length() + 1, parent.bits())
                    .flatMap(length -> offsetIn(parent).map(o -> Cidr.masked(parent.v6(), parent.base().add(o), length)))));
        }
        if (room && !taken.isEmpty()) {
            choices.add(weight(3, of(taken).flatMap(child -> integers(parent.length() + 1, parent.bits())
                    .flatMap(length -> offsetIn(child).map(o -> Cidr.masked(parent.v6(), child.base().add(o), length))))));
        }
        choices.add(weight(1, just(parent)));
        choices.add(weight(1, anyCidr()));
        choices.add(weight(1, of(ROOTS.stream().filter(root -> root.v6() != parent.v6()).toList())));
        return frequency(
                weight(30, frequency(choices).flatMap(ReferenceModelIT::cidrText)),
                weight(1, of(MALFORMED_CIDRS)));
    }

    /** An address for a prefix: inside, reserved, acquired (weighted by {@code acquiredWeight}), outside, or not one. */
    private static Gen<String> address(IpamModel model, Cidr prefix, int acquiredWeight) {
        List<Address> acquired = model.prefix(prefix)
                .map(p -> p.ips.stream().map(value -> new Address(prefix.v6(), value)).toList())
                .orElse(List.of());
        List<Pair<Integer, Gen<Address>>> choices = new ArrayList<>();
        choices.add(weight(4, offsetIn(prefix).map(o -> new Address(prefix.v6(), prefix.base().add(o)))));
        choices.add(weight(2, of(new Address(prefix.v6(), prefix.base()), new Address(prefix.v6(), prefix.last()))));
        if (!acquired.isEmpty() && acquiredWeight > 0) {
            choices.add(weight(acquiredWeight, of(acquired)));
        }
        choices.add(weight(1, of(new Address(prefix.v6(), prefix.base().subtract(BigInteger.ONE)),
                new Address(prefix.v6(), prefix.last().add(BigInteger.ONE)))));
        Gen<String> otherFamily = prefix.v6()
                ? of("10.0.0.5", "10.0.0.1")
                : of("2001:db8::5", "::ffff:" + IpamModel.v4Text(prefix.base().add(BigInteger.ONE)));
        return frequency(
                weight(20, frequency(choices).flatMap(ReferenceModelIT::addressText)),
                weight(1, otherFamily),
                weight(1, of(MALFORMED_ADDRESSES)));
    }

    /**
     * A count for acquireIPs: mostly near the prefix's free count (all of them, one more than there are, one
     * fewer, any up to it), or small; sometimes out of bounds.
     */
    private static Gen<Integer> bulkCount(IpamModel model, Cidr cidr) {
        Optional<BigInteger> free = model.prefix(cidr).filter(p -> p.children.isEmpty())
                .map(p -> model.usage(p).freeIPs());
        List<Pair<Integer, Gen<Integer>>> choices = new ArrayList<>();
        choices.add(weight(3, integers(1, 8)));
        choices.add(weight(1, of(0, -1, IpamModel.MAX_BULK, IpamModel.MAX_BULK + 1)));
        if (free.isPresent() && free.get().compareTo(BigInteger.valueOf(IpamModel.MAX_BULK)) < 0) {
            int n = free.get().intValueExact();
            choices.add(weight(3, just(Math.max(n, 1))));
            choices.add(weight(2, just(n + 1)));
            if (n > 1) {
                choices.add(weight(3, integers(1, n)));
                choices.add(weight(1, just(n - 1)));
            }
        } else if (free.isPresent()) {
            choices.add(weight(3, integers(1, 40)));
        }
        return frequency(choices);
    }

    /**
     * Addresses for releaseIPs: acquired ones in random order and forms (some or all of them), sometimes with one
     * more put in anywhere: a duplicate (perhaps in another form), or any address {@link #address} draws (not
     * acquired, reserved, outside, other family, malformed); rarely none, or more than MAX_BULK.
     */
    private static Gen<List<String>> addressList(IpamModel model, Cidr prefix) {
        List<Address> acquired = model.prefix(prefix)
                .map(p -> p.ips.stream().map(value -> new Address(prefix.v6(), value)).toList())
                .orElse(List.of());
        Gen<List<String>> chosen;
        if (acquired.isEmpty()) {
            chosen = lists(address(model, prefix, 0), 1, 3);
        } else {
            Gen<List<Address>> some = frequency(
                    weight(3, Generators.subsets(acquired).assuming(set -> !set.isEmpty())),
                    weight(1, just(acquired)),
                    weight(1, of(acquired).map(address -> List.of(address))));
            chosen = some.flatMap(Generators::shuffled).flatMap(ReferenceModelIT::addressTexts);
        }
        Gen<List<String>> spoiled = chosen.flatMap(list -> frequency(
                        weight(5, just(Optional.<String>empty())),
                        weight(1, of(list).flatMap(text -> Address.parse(text)
                                .map(ReferenceModelIT::addressText).orElse(just(text))).map(Optional::of)),
                        weight(2, address(model, prefix, 0).map(Optional::of)))
                .flatMap(extra -> integers(0, list.size()).map(at -> {
                    List<String> addresses = new ArrayList<>(list);
                    extra.ifPresent(text -> addresses.add(at, text));
                    return addresses;
                })));
        return frequency(
                weight(30, spoiled),
                weight(1, just(List.of())),
                weight(1, address(model, prefix, 3).map(text -> Collections.nCopies(IpamModel.MAX_BULK + 1, text))));
    }

    /** Each address as a client may type it. */
    private static Gen<List<String>> addressTexts(List<Address> addresses) {
        Gen<List<String>> texts = just(List.of());
        for (Address address : addresses) {
            texts = texts.zip(addressText(address), (before, text) -> {
                List<String> all = new ArrayList<>(before);
                all.add(text);
                return all;
            });
        }
        return texts;
    }

    /** An offset into the prefix: uniform, or in a large prefix also built of 0, 1 and ffff groups (zero runs). */
    private static Gen<BigInteger> offsetIn(Cidr cidr) {
        BigInteger last = cidr.size().subtract(BigInteger.ONE);
        Gen<BigInteger> uniform = Generators.uniformBigIntegers(BigInteger.ZERO, last);
        if (cidr.bits() - cidr.length() <= 16) {
            return uniform;
        }
        Gen<BigInteger> sparse = lists(of(0, 0, 1, 0xffff), 8, 8).map(groups -> groups.stream()
                .map(BigInteger::valueOf)
                .reduce(BigInteger.ZERO, (value, group) -> value.shiftLeft(16).or(group))
                .and(last));
        return oneOf(uniform, sparse);
    }

    /** The CIDR as a client may type it: canonical, with host bits set, or in another IPv6 notation. */
    private static Gen<String> cidrText(Cidr cidr) {
        return frequency(
                weight(8, just(cidr.text())),
                weight(1, offsetIn(cidr).flatMap(o -> addressText(new Address(cidr.v6(), cidr.base().add(o))))
                        .map(text -> text + "/" + cidr.length())),
                weight(1, addressText(new Address(cidr.v6(), cidr.base())).map(text -> text + "/" + cidr.length())));
    }

    /** The address as a client may type it: IPv6 also fully expanded, in upper case, or with a dotted tail. */
    private static Gen<String> addressText(Address address) {
        if (!address.v6()) {
            return just(address.text());
        }
        StringBuilder expanded = new StringBuilder();
        StringBuilder dotted = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            int group = address.value().shiftRight(16 * (7 - i)).intValue() & 0xffff;
            expanded.append(i == 0 ? "" : ":").append(String.format("%04x", group));
            if (i < 6) {
                dotted.append(Integer.toHexString(group)).append(':');
            }
        }
        dotted.append(IpamModel.v4Text(address.value().and(BigInteger.valueOf(0xffffffffL))));
        return frequency(
                weight(6, just(address.text())),
                weight(1, just(expanded.toString())),
                weight(1, just(address.text().toUpperCase())),
                weight(1, just(dotted.toString())));
    }

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow();
    }

    private static void tally(String operation, String outcome) {
        synchronized (OUTCOMES) {
            OUTCOMES.merge(operation + " " + outcome, 1, Integer::sum);
        }
    }

    /** One try: a fresh namespace on the service, the model of it, and the comparison after every step. */
    static final class Trial {

        final IpamModel model;

        private Trial(String namespace) {
            this.model = new IpamModel(namespace);
        }

        static Trial fresh() {
            return new Trial(Namespaces.fresh());
        }

        /** Runs the steps, each checked against the model, then checks every prefix; a failure names its step. */
        void perform(Steps planned) {
            List<Step> steps = planned.steps();
            for (int i = 0; i < steps.size(); i++) {
                try {
                    steps.get(i).run(this);
                } catch (AssertionError e) {
                    throw new AssertionError("step " + (i + 1) + " of " + steps.size() + " in namespace " + model.namespace()
                            + ", " + steps.get(i) + ":\n" + e.getMessage(), e);
                }
            }
            checkEveryPrefix();
        }

        void perform(Operation operation) {
            Outcome expected = operation.applyTo(model);
            Result actual = operation.sendTo(model.namespace());
            tally(operation.name(), expected.failed() ? expected.code() : "ok");
            compare(operation, expected, actual);
            Set<Cidr> touched = new TreeSet<>();
            operation.cidrs().forEach(text -> Cidr.parse(text).ifPresent(touched::add));
            if (expected.failed()) {
                // a failed mutation changes nothing: the prefixes it names are as they were
                touched.stream().filter(cidr -> model.prefix(cidr).isPresent())
                        .forEach(cidr -> checkPrefix(cidr, "after " + operation));
                return;
            }
            if (expected.values() != null) {
                Stream.of("cidr", "parentCidr", "prefixCidr").map(expected.values()::get).filter(Objects::nonNull)
                        .forEach(text -> touched.add(cidr(text)));
            }
            touched.forEach(cidr -> checkPrefix(cidr, "after " + operation));
            checkPrefixList("after " + operation);
        }

        /**
         * Sends the requests at once; the model takes them one after the other. Their order is not defined, so the
         * answers are compared as a multiset: the addresses handed out are the lowest free ones of the model, and
         * the others get the model's error (NO_IP_AVAILABLE for the surplus).
         */
        void performConcurrently(List<Operation.AcquireIp> requests) {
            List<Outcome> expected = requests.stream().map(request -> request.applyTo(model)).toList();
            double batchesBefore = metric("ipamql_acquire_ip_batch_size_count");
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Result>> pending = requests.stream().map(request -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return request.sendTo(model.namespace());
            }, clients)).toList();
            start.countDown();
            List<Result> actual = pending.stream().map(answer -> {
                try {
                    return answer.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("a concurrent acquireIP got no answer", e);
                }
            }).toList();
            double batches = metric("ipamql_acquire_ip_batch_size_count") - batchesBefore;
            String context = "concurrently " + requests + " answered " + actual.stream().map(Result::body).toList();
            long successes = expected.stream().filter(outcome -> !outcome.failed()).count();
            if (successes > 0) {
                tally("acquireIP concurrently", batches < requests.size() ? "coalesced" : "one transaction each");
            }
            expected.forEach(outcome -> tally("acquireIP concurrently", outcome.failed() ? outcome.code() : "ok"));
            // the same outcomes, whatever the order: sort both by address (successes) or code (errors)
            List<Integer> byOutcome = sortedIndices(expected.stream().map(Trial::key).toList());
            List<Integer> byAnswer = sortedIndices(actual.stream().map(Trial::key).toList());
            assertEquals(byOutcome.stream().map(i -> key(expected.get(i))).toList(),
                    byAnswer.stream().map(i -> key(actual.get(i))).toList(), context);
            for (int i = 0; i < requests.size(); i++) {
                int answered = byAnswer.get(i);
                compare(requests.get(answered), expected.get(byOutcome.get(i)), actual.get(answered));
            }
            Cidr.parse(requests.get(0).prefix()).filter(cidr -> model.prefix(cidr).isPresent())
                    .ifPresent(cidr -> checkPrefix(cidr, "after " + context));
            if (successes > 0) {
                checkPrefixList("after " + context);
            }
        }

        /** A success as its address, a failure as its code. */
        private static String key(Outcome outcome) {
            return outcome.failed() ? "error " + outcome.code() : outcome.values().get("address");
        }

        private static String key(Result result) {
            JsonObject body = new JsonObject(result.body());
            JsonArray errors = body.getJsonArray("errors", new JsonArray());
            if (!errors.isEmpty()) {
                return "error " + errors.getJsonObject(0).getJsonObject("extensions", new JsonObject()).getString("code");
            }
            return body.getJsonObject("data").getJsonObject("acquireIP").getString("address");
        }

        private static List<Integer> sortedIndices(List<String> keys) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                indices.add(i);
            }
            indices.sort(Comparator.comparing(keys::get, Comparator.nullsFirst(Comparator.naturalOrder())));
            return indices;
        }

        private static double metric(String name) {
            String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElse(0);
        }

        void checkEveryPrefix() {
            model.prefixes().forEach(prefix -> checkPrefix(prefix.cidr, "at the end"));
            checkPrefixList("at the end");
        }

        private static void compare(Operation operation, Outcome expected, Result actual) {
            String context = operation + " answered " + actual.body();
            JsonObject body = new JsonObject(actual.body());
            JsonArray errors = body.getJsonArray("errors", new JsonArray());
            if (expected.failed()) {
                if (errors.size() != 1) {
                    fail(operation + ": expected one " + expected.code() + " error, got " + actual.body());
                }
                JsonObject error = errors.getJsonObject(0);
                assertEquals(expected.code(), error.getJsonObject("extensions", new JsonObject()).getString("code"), context);
                String message = error.getString("message", "");
                if (expected.message() != null) {
                    assertEquals(expected.message(), message, context);
                } else if (!operation.arguments().contains("")) {
                    // (an empty argument has no text to name)
                    assertTrue(namedValues(operation).stream().anyMatch(message::contains),
                            "the message names none of the values involved: " + context);
                }
                return;
            }
            if (!errors.isEmpty()) {
                fail(operation + ": expected " + expected.values() + ", got " + actual.body());
            }
            if (expected.items() != null) {
                // a list answer: every element, in order
                List<Map<String, String>> items = new ArrayList<>();
                for (Object element : body.getJsonObject("data").getJsonArray(operation.field())) {
                    items.add(selectedValues(operation, (JsonObject) element));
                }
                assertEquals(expected.items(), items, context);
                return;
            }
            JsonObject returned = body.getJsonObject("data").getJsonObject(operation.field());
            assertEquals(expected.values(), selectedValues(operation, returned), context);
        }

        private static Map<String, String> selectedValues(Operation operation, JsonObject returned) {
            Map<String, String> values = new TreeMap<>();
            operation.selected().forEach(field -> values.put(field, text(returned.getValue(field))));
            return values;
        }

        /** The arguments as typed and, where they parse, in canonical form. */
        private static List<String> namedValues(Operation operation) {
            List<String> values = new ArrayList<>();
            for (String argument : operation.arguments()) {
                values.add(argument);
                Cidr.parse(argument).ifPresent(cidr -> values.add(cidr.text()));
                Address.parse(argument).ifPresent(address -> values.add(address.text()));
            }
            return values;
        }

        /** The prefix query's view of one prefix, from the model and from the service: they must be equal. */
        private void checkPrefix(Cidr cidr, String when) {
            Result result = run("prefix", "cidr", cidr.text(), "namespace", model.namespace(), "first", PAGE).ok();
            Optional<Prefix> prefix = model.prefix(cidr);
            assertEquals(prefix.map(this::expectedView).orElse(null),
                    observedView(new JsonObject(result.body()).getJsonObject("data").getJsonObject("prefix")),
                    "prefix " + cidr + " " + when + ": " + result.body());
            Result ranges = run("prefixRanges", "cidr", cidr.text(), "namespace", model.namespace(), "first", PAGE).ok();
            assertEquals(prefix.map(this::expectedSpace).orElse(null),
                    observedSpace(new JsonObject(ranges.body()).getJsonObject("data").getJsonObject("prefix")),
                    "address space of prefix " + cidr + " " + when + ": " + ranges.body());
        }

        /** Reserved edges, reserved ranges and free runs of a prefix, as the model finds them by walking addresses. */
        private Map<String, Object> expectedSpace(Prefix prefix) {
            Map<String, Object> view = new TreeMap<>();
            view.put("reserveEdges", prefix.reserveEdges);
            view.put("usage.reservedIPs", model.usage(prefix).reservedIPs());
            view.put("reservedRanges", prefix.ranges.entrySet().stream().map(range -> runText(prefix.cidr, range.getKey(), range.getValue())).toList());
            view.put("freeRanges", model.freeRuns(prefix).stream().limit(PAGE).map(run -> runText(prefix.cidr, run.get(0), run.get(1))).toList());
            return view;
        }

        private static String runText(Cidr cidr, BigInteger first, BigInteger last) {
            return new Address(cidr.v6(), first).text() + ".." + new Address(cidr.v6(), last).text() + " ("
                    + last.subtract(first).add(BigInteger.ONE) + ")";
        }

        private static Map<String, Object> observedSpace(JsonObject prefix) {
            if (prefix == null) {
                return null;
            }
            Map<String, Object> view = new TreeMap<>();
            view.put("reserveEdges", prefix.getBoolean("reserveEdges"));
            view.put("usage.reservedIPs", new BigInteger(text(prefix.getJsonObject("usage").getValue("reservedIPs"))));
            List<String> reserved = new ArrayList<>();
            for (Object range : prefix.getJsonArray("reservedRanges")) {
                reserved.add(observedRun((JsonObject) range));
            }
            view.put("reservedRanges", reserved);
            List<String> free = new ArrayList<>();
            for (Object edge : prefix.getJsonObject("freeRanges").getJsonArray("edges")) {
                free.add(observedRun(((JsonObject) edge).getJsonObject("node")));
            }
            view.put("freeRanges", free);
            return view;
        }

        private static String observedRun(JsonObject range) {
            return range.getString("first") + ".." + range.getString("last") + " (" + text(range.getValue("size")) + ")";
        }

        private Map<String, Object> expectedView(Prefix prefix) {
            Usage usage = model.usage(prefix);
            String parent = prefix.parent == null ? null : prefix.parent.text();
            Map<String, Object> view = new TreeMap<>();
            view.put("cidr", prefix.cidr.text());
            view.put("namespace", model.namespace());
            view.put("family", prefix.cidr.family());
            view.put("parentCidr", parent);
            view.put("parent.cidr", parent);
            view.put("children", prefix.children.stream().map(Cidr::text).toList());
            view.put("usage.size", usage.size());
            view.put("usage.acquiredIPs", usage.acquiredIPs());
            view.put("usage.freeIPs", usage.freeIPs());
            view.put("usage.acquiredPrefixes", BigInteger.valueOf(usage.acquiredPrefixes()));
            view.put("usage.availablePrefixes", usage.availablePrefixes());
            view.put("usage.availableSmallestPrefixes", usage.availableSmallestPrefixes());
            view.put("usage.utilization", rounded(BigDecimal.valueOf(usage.utilization())));
            view.put("ips.totalCount", BigInteger.valueOf(prefix.ips.size()));
            view.put("ips", prefix.ips.stream().limit(PAGE).map(value -> new Address(prefix.cidr.v6(), value).text()).toList());
            return view;
        }

        private static Map<String, Object> observedView(JsonObject prefix) {
            if (prefix == null) {
                return null;
            }
            JsonObject usage = prefix.getJsonObject("usage");
            JsonObject ips = prefix.getJsonObject("ips");
            JsonObject parent = prefix.getJsonObject("parent");
            Map<String, Object> view = new TreeMap<>();
            view.put("cidr", prefix.getString("cidr"));
            view.put("namespace", prefix.getString("namespace"));
            view.put("family", prefix.getString("family"));
            view.put("parentCidr", prefix.getString("parentCidr"));
            view.put("parent.cidr", parent == null ? null : parent.getString("cidr"));
            view.put("children", strings(prefix.getJsonArray("children"), "cidr"));
            for (String count : List.of("size", "acquiredIPs", "freeIPs", "acquiredPrefixes", "availableSmallestPrefixes")) {
                view.put("usage." + count, new BigInteger(text(usage.getValue(count))));
            }
            view.put("usage.availablePrefixes", strings(usage.getJsonArray("availablePrefixes"), null));
            view.put("usage.utilization", rounded(new BigDecimal(text(usage.getValue("utilization")))));
            view.put("ips.totalCount", new BigInteger(text(ips.getValue("totalCount"))));
            view.put("ips", strings(ips.getJsonArray("edges"), "node.address"));
            return view;
        }

        /** The namespace's prefixes (roots and children) with their parents, in address order within each family. */
        private void checkPrefixList(String when) {
            Result result = run("prefixes", "namespace", model.namespace()).ok();
            JsonObject prefixes = new JsonObject(result.body()).getJsonObject("data").getJsonObject("prefixes");
            List<String> observed = new ArrayList<>();
            for (Object edge : prefixes.getJsonArray("edges")) {
                JsonObject node = ((JsonObject) edge).getJsonObject("node");
                observed.add(node.getString("cidr") + " in " + node.getString("parentCidr"));
            }
            List<String> expected = model.prefixes().stream()
                    .map(p -> p.cidr.text() + " in " + (p.parent == null ? null : p.parent.text())).toList();
            // the contract orders by address, which says nothing about IPv4 against IPv6: each family on its own
            for (boolean v6 : List.of(false, true)) {
                assertEquals(family(expected, v6), family(observed, v6), "prefixes " + when + ": " + result.body());
            }
            assertEquals(expected.size(), prefixes.getInteger("totalCount"), "prefixes.totalCount " + when + ": " + result.body());
        }

        /** The values at {@code path} (dot-separated, null for the elements themselves) of each element. */
        private static List<String> strings(JsonArray array, String path) {
            List<String> values = new ArrayList<>();
            for (Object element : array) {
                Object value = element;
                if (path != null) {
                    for (String key : path.split("\\.")) {
                        value = ((JsonObject) value).getValue(key);
                    }
                }
                values.add(text(value));
            }
            return values;
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }

        private static List<String> family(List<String> entries, boolean v6) {
            return entries.stream().filter(entry -> entry.split(" ")[0].contains(":") == v6).collect(Collectors.toList());
        }

        private static BigDecimal rounded(BigDecimal value) {
            return value.setScale(9, RoundingMode.HALF_EVEN);
        }

        @Override
        public String toString() {
            return "Trial[" + model.namespace() + "]";
        }
    }
}

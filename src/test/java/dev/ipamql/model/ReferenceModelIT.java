package dev.ipamql.model;

import static dev.ipamql.support.GraphQL.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static io.restassured.RestAssured.given;

import dev.ipamql.model.IpamModel.Address;
import dev.ipamql.model.IpamModel.Cidr;
import dev.ipamql.model.IpamModel.Outcome;
import dev.ipamql.model.IpamModel.Prefix;
import dev.ipamql.model.IpamModel.Usage;
import dev.ipamql.support.GraphQL.Result;
import dev.ipamql.support.Namespaces;
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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

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

    private static StandalonePostgres postgres;
    private static ExecutorService clients;
    private static ServiceProcess service;
    private static int previousPort;

    @BeforeContainer
    static void startService() throws Exception {
        postgres = StandalonePostgres.start();
        service = ServiceProcess.start("reference-model",
                ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
        previousPort = RestAssured.port;
        RestAssured.port = service.port();
        clients = Executors.newFixedThreadPool(MAX_CONCURRENT);
    }

    @AfterContainer
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
    }

    /**
     * 40 tries of 30 steps, about 1,200 mutations (some of them bursts of concurrent acquireIP requests) each
     * checked against the model: 2 to 5 minutes on two busy cores.
     */
    @Property(tries = 40)
    void everyAnswerAndEveryPrefixAreAsTheModelSays(@ForAll("trials") ActionChain<Trial> chain) {
        chain.run().checkEveryPrefix();
    }

    @Provide
    Arbitrary<ActionChain<Trial>> trials() {
        return ActionChain.<Trial>startWith(Trial::fresh)
                .withAction(3, createPrefix())
                .withAction(1, deletePrefix())
                .withAction(4, acquireChildPrefix())
                .withAction(3, acquireSpecificChildPrefix())
                .withAction(2, releaseChildPrefix())
                .withAction(4, acquireLowestIp())
                .withAction(3, acquireGivenIp())
                .withAction(4, releaseIp())
                .withAction(3, acquireIps())
                .withAction(3, releaseIps())
                .withAction(2, concurrentAcquireLowestIp())
                .withMaxTransformations(30);
    }

    // ---- actions: arguments drawn from the current state, so that most of them name existing prefixes

    private static Action.Dependent<Trial> createPrefix() {
        return trial -> Arbitraries.frequencyOf(
                        Tuple.of(20, Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.of(ROOTS)), Tuple.of(3, anyCidr()))
                                .flatMap(ReferenceModelIT::cidrText)),
                        Tuple.of(1, Arbitraries.of(MALFORMED_CIDRS)))
                .map(text -> step(new Operation.CreatePrefix(text)));
    }

    private static Action.Dependent<Trial> deletePrefix() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.ips.isEmpty() && p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> step(new Operation.DeletePrefix(text))));
    }

    private static Action.Dependent<Trial> releaseChildPrefix() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.parent != null && p.ips.isEmpty() && p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> step(new Operation.ReleaseChildPrefix(text))));
    }

    private static Action.Dependent<Trial> acquireChildPrefix() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> childLength(parent)
                        .flatMap(length -> cidrText(parent).map(text -> step(new Operation.AcquireChildPrefix(text, length))))));
    }

    private static Action.Dependent<Trial> acquireSpecificChildPrefix() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.ips.isEmpty() && p.cidr.length() < p.cidr.bits())
                .flatMap(parent -> specificChild(trial, parent)
                        .flatMap(child -> cidrText(parent)
                                .map(text -> step(new Operation.AcquireSpecificChildPrefix(text, child))))));
    }

    private static Action.Dependent<Trial> acquireLowestIp() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.children.isEmpty())
                .flatMap(ReferenceModelIT::cidrText)
                .map(text -> step(new Operation.AcquireIp(text, null))));
    }

    private static Action.Dependent<Trial> acquireGivenIp() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.children.isEmpty())
                .flatMap(prefix -> address(trial, prefix, 1)
                        .flatMap(address -> cidrText(prefix).map(text -> step(new Operation.AcquireIp(text, address))))));
    }

    private static Action.Dependent<Trial> releaseIp() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> !p.ips.isEmpty())
                .flatMap(prefix -> address(trial, prefix, 6)
                        .flatMap(address -> cidrText(prefix).map(text -> step(new Operation.ReleaseIp(text, address))))));
    }

    private static Action.Dependent<Trial> acquireIps() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> p.children.isEmpty())
                .flatMap(prefix -> bulkCount(trial, prefix)
                        .flatMap(count -> cidrText(prefix).map(text -> step(new Operation.AcquireIps(text, count))))));
    }

    private static Action.Dependent<Trial> releaseIps() {
        return onceAPrefixExists(trial -> someCidr(trial, p -> !p.ips.isEmpty())
                .flatMap(prefix -> addressList(trial, prefix)
                        .flatMap(addresses -> cidrText(prefix).map(text -> step(new Operation.ReleaseIps(text, addresses))))));
    }

    /**
     * 2 to 8 acquireIP requests for the lowest address of one prefix (each typing the prefix its own way) sent at
     * once, mostly to a prefix with few free addresses left so that some of them find none.
     */
    private static Action.Dependent<Trial> concurrentAcquireLowestIp() {
        return onceAPrefixExists(trial -> Arbitraries.frequencyOf(
                        Tuple.of(2, someCidr(trial, p -> p.children.isEmpty()
                                && trial.model.usage(p).freeIPs().compareTo(BigInteger.valueOf(MAX_CONCURRENT)) <= 0)),
                        Tuple.of(1, someCidr(trial, p -> p.children.isEmpty())))
                .flatMap(prefix -> Arbitraries.integers().between(2, MAX_CONCURRENT)
                        .flatMap(k -> cidrText(prefix).list().ofSize(k)))
                .map(texts -> {
                    List<Operation.AcquireIp> requests = texts.stream().map(text -> new Operation.AcquireIp(text, null)).toList();
                    return Transformer.mutate("concurrently " + requests, trial2 -> trial2.performConcurrently(requests));
                }));
    }

    /** An action tried only once the namespace holds a prefix, so that few steps are spent on an empty one. */
    private static Action.Dependent<Trial> onceAPrefixExists(Function<Trial, Arbitrary<Transformer<Trial>>> transformers) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(Trial trial) {
                return !trial.model.prefixes().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<Trial>> transformer(Trial trial) {
                return transformers.apply(trial);
            }
        };
    }

    private static Transformer<Trial> step(Operation operation) {
        return Transformer.mutate(operation.toString(), trial -> trial.perform(operation));
    }

    // ---- argument generators

    /** Mostly an existing prefix the operation suits, else any existing one, one of the roots or any small prefix. */
    private static Arbitrary<Cidr> someCidr(Trial trial, Predicate<Prefix> suited) {
        List<Cidr> existing = trial.model.prefixes().stream().map(p -> p.cidr).toList();
        List<Cidr> fitting = trial.model.prefixes().stream().filter(suited).map(p -> p.cidr).toList();
        List<Tuple2<Integer, Arbitrary<Cidr>>> choices = new ArrayList<>();
        if (!fitting.isEmpty()) {
            choices.add(Tuple.of(12, Arbitraries.of(fitting)));
        }
        if (!existing.isEmpty()) {
            choices.add(Tuple.of(4, Arbitraries.of(existing)));
        }
        choices.add(Tuple.of(1, Arbitraries.of(ROOTS)));
        choices.add(Tuple.of(1, anyCidr()));
        return Arbitraries.frequencyOf(choices);
    }

    /** A prefix somewhere in the areas, mostly a short one. */
    private static Arbitrary<Cidr> anyCidr() {
        return Arbitraries.of(AREAS).flatMap(area -> Arbitraries.frequencyOf(
                        Tuple.of(9, Arbitraries.integers().between(area.length() + 2, area.bits())),
                        Tuple.of(1, Arbitraries.integers().between(area.length(), area.bits())))
                .flatMap(length -> offsetIn(area).map(offset -> Cidr.masked(area.v6(), area.base().add(offset), length))));
    }

    /** Mostly a length the parent can hold, sometimes one it cannot: not longer than the parent, or beyond the family. */
    private static Arbitrary<Integer> childLength(Cidr parent) {
        List<Tuple2<Integer, Arbitrary<Integer>>> choices = new ArrayList<>();
        if (parent.length() < parent.bits()) {
            choices.add(Tuple.of(12, Arbitraries.integers().between(parent.length() + 1, parent.bits())));
        }
        choices.add(Tuple.of(1, Arbitraries.of(parent.length(), parent.bits() + 1, 0, -1, parent.v6() ? 200 : 64)));
        return Arbitraries.frequencyOf(choices);
    }

    /** A child to ask for: inside the parent (often over a taken block), or the parent itself, or outside it. */
    private static Arbitrary<String> specificChild(Trial trial, Cidr parent) {
        List<Cidr> taken = trial.model.prefix(parent).map(p -> List.copyOf(p.children)).orElse(List.of());
        boolean room = parent.length() < parent.bits();
        List<Tuple2<Integer, Arbitrary<Cidr>>> choices = new ArrayList<>();
        if (room) {
            choices.add(Tuple.of(6, Arbitraries.integers().between(parent.length() + 1, parent.bits())
                    .flatMap(length -> offsetIn(parent).map(o -> Cidr.masked(parent.v6(), parent.base().add(o), length)))));
        }
        if (room && !taken.isEmpty()) {
            choices.add(Tuple.of(3, Arbitraries.of(taken).flatMap(child -> Arbitraries.integers()
                    .between(parent.length() + 1, parent.bits())
                    .flatMap(length -> offsetIn(child).map(o -> Cidr.masked(parent.v6(), child.base().add(o), length))))));
        }
        choices.add(Tuple.of(1, Arbitraries.just(parent)));
        choices.add(Tuple.of(1, anyCidr()));
        choices.add(Tuple.of(1, Arbitraries.of(ROOTS).filter(root -> root.v6() != parent.v6())));
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.frequencyOf(choices).flatMap(ReferenceModelIT::cidrText)),
                Tuple.of(1, Arbitraries.of(MALFORMED_CIDRS)));
    }

    /** An address for a prefix: inside, reserved, acquired (weighted by {@code acquiredWeight}), outside, or not one. */
    private static Arbitrary<String> address(Trial trial, Cidr prefix, int acquiredWeight) {
        List<Address> acquired = trial.model.prefix(prefix)
                .map(p -> p.ips.stream().map(value -> new Address(prefix.v6(), value)).toList())
                .orElse(List.of());
        List<Tuple2<Integer, Arbitrary<Address>>> choices = new ArrayList<>();
        choices.add(Tuple.of(4, offsetIn(prefix).map(o -> new Address(prefix.v6(), prefix.base().add(o)))));
        choices.add(Tuple.of(2, Arbitraries.of(new Address(prefix.v6(), prefix.base()), new Address(prefix.v6(), prefix.last()))));
        if (!acquired.isEmpty()) {
            choices.add(Tuple.of(acquiredWeight, Arbitraries.of(acquired)));
        }
        choices.add(Tuple.of(1, Arbitraries.of(new Address(prefix.v6(), prefix.base().subtract(BigInteger.ONE)),
                new Address(prefix.v6(), prefix.last().add(BigInteger.ONE)))));
        Arbitrary<String> otherFamily = prefix.v6()
                ? Arbitraries.of("10.0.0.5", "10.0.0.1")
                : Arbitraries.of("2001:db8::5", "::ffff:" + IpamModel.v4Text(prefix.base().add(BigInteger.ONE)));
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.frequencyOf(choices).flatMap(ReferenceModelIT::addressText)),
                Tuple.of(1, otherFamily),
                Tuple.of(1, Arbitraries.of(MALFORMED_ADDRESSES)));
    }

    /**
     * A count for acquireIPs: mostly near the prefix's free count (all of them, one more than there are, one
     * fewer, any up to it), or small; sometimes out of bounds.
     */
    private static Arbitrary<Integer> bulkCount(Trial trial, Cidr cidr) {
        Optional<BigInteger> free = trial.model.prefix(cidr).filter(p -> p.children.isEmpty())
                .map(p -> trial.model.usage(p).freeIPs());
        List<Tuple2<Integer, Arbitrary<Integer>>> choices = new ArrayList<>();
        choices.add(Tuple.of(3, Arbitraries.integers().between(1, 8)));
        choices.add(Tuple.of(1, Arbitraries.of(0, -1, IpamModel.MAX_BULK, IpamModel.MAX_BULK + 1)));
        if (free.isPresent() && free.get().compareTo(BigInteger.valueOf(IpamModel.MAX_BULK)) < 0) {
            int n = free.get().intValueExact();
            choices.add(Tuple.of(3, Arbitraries.just(Math.max(n, 1))));
            choices.add(Tuple.of(2, Arbitraries.just(n + 1)));
            if (n > 1) {
                choices.add(Tuple.of(3, Arbitraries.integers().between(1, n)));
                choices.add(Tuple.of(1, Arbitraries.just(n - 1)));
            }
        } else if (free.isPresent()) {
            choices.add(Tuple.of(3, Arbitraries.integers().between(1, 40)));
        }
        return Arbitraries.frequencyOf(choices);
    }

    /**
     * Addresses for releaseIPs: acquired ones in random order and forms (some or all of them), sometimes with one
     * more put in anywhere: a duplicate (perhaps in another form), or any address {@link #address} draws (not
     * acquired, reserved, outside, other family, malformed); rarely none, or more than MAX_BULK.
     */
    private static Arbitrary<List<String>> addressList(Trial trial, Cidr prefix) {
        List<Address> acquired = trial.model.prefix(prefix)
                .map(p -> p.ips.stream().map(value -> new Address(prefix.v6(), value)).toList())
                .orElse(List.of());
        Arbitrary<List<String>> chosen;
        if (acquired.isEmpty()) {
            chosen = address(trial, prefix, 0).list().ofMinSize(1).ofMaxSize(3);
        } else {
            Arbitrary<List<Address>> some = Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.subsetOf(acquired).filter(set -> !set.isEmpty()).map(List::copyOf)),
                    Tuple.of(1, Arbitraries.just(acquired)),
                    Tuple.of(1, Arbitraries.of(acquired).map(List::of)));
            chosen = some.flatMap(Arbitraries::shuffle).flatMap(list -> Combinators.combine(
                    list.stream().map(ReferenceModelIT::addressText).toList()).as(texts -> texts));
        }
        Arbitrary<List<String>> spoiled = chosen.flatMap(list -> Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.just(Optional.<String>empty())),
                        Tuple.of(1, Arbitraries.of(list).flatMap(text -> Address.parse(text)
                                .map(ReferenceModelIT::addressText).orElse(Arbitraries.just(text))).map(Optional::of)),
                        Tuple.of(2, address(trial, prefix, 0).map(Optional::of)))
                .flatMap(extra -> Arbitraries.integers().between(0, list.size()).map(at -> {
                    List<String> addresses = new ArrayList<>(list);
                    extra.ifPresent(text -> addresses.add(at, text));
                    return addresses;
                })));
        return Arbitraries.frequencyOf(
                Tuple.of(30, spoiled),
                Tuple.of(1, Arbitraries.just(List.of())),
                Tuple.of(1, address(trial, prefix, 3).map(text -> Collections.nCopies(IpamModel.MAX_BULK + 1, text))));
    }

    /** An offset into the prefix: uniform, or in a large prefix also built of 0, 1 and ffff groups (zero runs). */
    private static Arbitrary<BigInteger> offsetIn(Cidr cidr) {
        BigInteger last = cidr.size().subtract(BigInteger.ONE);
        Arbitrary<BigInteger> uniform = Arbitraries.bigIntegers().between(BigInteger.ZERO, last);
        if (cidr.bits() - cidr.length() <= 16) {
            return uniform;
        }
        Arbitrary<BigInteger> sparse = Arbitraries.of(0, 0, 1, 0xffff).list().ofSize(8).map(groups -> groups.stream()
                .map(BigInteger::valueOf)
                .reduce(BigInteger.ZERO, (value, group) -> value.shiftLeft(16).or(group))
                .and(last));
        return Arbitraries.oneOf(uniform, sparse);
    }

    /** The CIDR as a client may type it: canonical, with host bits set, or in another IPv6 notation. */
    private static Arbitrary<String> cidrText(Cidr cidr) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(cidr.text())),
                Tuple.of(1, offsetIn(cidr).flatMap(o -> addressText(new Address(cidr.v6(), cidr.base().add(o))))
                        .map(text -> text + "/" + cidr.length())),
                Tuple.of(1, addressText(new Address(cidr.v6(), cidr.base())).map(text -> text + "/" + cidr.length())));
    }

    /** The address as a client may type it: IPv6 also fully expanded, in upper case, or with a dotted tail. */
    private static Arbitrary<String> addressText(Address address) {
        if (!address.v6()) {
            return Arbitraries.just(address.text());
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
        return Arbitraries.frequency(
                Tuple.of(6, address.text()),
                Tuple.of(1, expanded.toString()),
                Tuple.of(1, address.text().toUpperCase()),
                Tuple.of(1, dotted.toString()));
    }

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow();
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

        void perform(Operation operation) {
            Outcome expected = operation.applyTo(model);
            Result actual = operation.sendTo(model.namespace());
            Statistics.label("outcomes").collect(operation.name(), expected.failed() ? expected.code() : "ok");
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
                Statistics.label("concurrent acquireIP").collect(requests.size() + " requests, "
                        + (batches < requests.size() ? "coalesced" : "one transaction each"));
            }
            expected.forEach(outcome -> Statistics.label("outcomes")
                    .collect("acquireIP concurrently", outcome.failed() ? outcome.code() : "ok"));
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
                for (Object element : body.getJsonObject("data").getJsonArray(operation.name())) {
                    items.add(selectedValues(operation, (JsonObject) element));
                }
                assertEquals(expected.items(), items, context);
                return;
            }
            JsonObject returned = body.getJsonObject("data").getJsonObject(operation.name());
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

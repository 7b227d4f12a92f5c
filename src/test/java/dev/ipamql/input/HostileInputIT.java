package dev.ipamql.input;

import static dev.ipamql.input.Allowed.ALREADY_ALLOCATED;
import static dev.ipamql.input.Allowed.ALREADY_EXISTS;
import static dev.ipamql.input.Allowed.HAS_CHILDREN;
import static dev.ipamql.input.Allowed.HAS_IPS;
import static dev.ipamql.input.Allowed.INVALID_ARGUMENT;
import static dev.ipamql.input.Allowed.NAMESPACE_NOT_EMPTY;
import static dev.ipamql.input.Allowed.NOT_FOUND;
import static dev.ipamql.input.Allowed.NO_IP_AVAILABLE;
import static dev.ipamql.input.Allowed.NO_PREFIX_AVAILABLE;
import static dev.ipamql.input.Allowed.OVERLAP;
import static dev.ipamql.input.Allowed.given;
import static dev.ipamql.input.Allowed.only;
import static dev.ipamql.support.Generators.anyStrings;
import static dev.ipamql.support.Generators.asciiStrings;
import static dev.ipamql.support.Generators.bigIntegers;
import static dev.ipamql.support.Generators.booleans;
import static dev.ipamql.support.Generators.bytes;
import static dev.ipamql.support.Generators.chars;
import static dev.ipamql.support.Generators.frequency;
import static dev.ipamql.support.Generators.integers;
import static dev.ipamql.support.Generators.just;
import static dev.ipamql.support.Generators.lists;
import static dev.ipamql.support.Generators.longs;
import static dev.ipamql.support.Generators.of;
import static dev.ipamql.support.Generators.oneOf;
import static dev.ipamql.support.Generators.orNull;
import static dev.ipamql.support.Generators.strings;
import static dev.ipamql.support.Generators.stringsOf;
import static dev.ipamql.support.Generators.weight;
import static dev.ipamql.support.Generators.withEdgeCases;

import dev.ipamql.input.Fixture.Prefix;
import dev.ipamql.support.Generators;
import dev.ipamql.support.GraphQL;
import dev.ipamql.support.PropertyRuns;
import dev.ipamql.support.ServiceProcess;
import dev.ipamql.support.StandalonePostgres;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.quicktheories.api.Pair;
import org.quicktheories.api.QuadConsumer;
import org.quicktheories.api.TriConsumer;
import org.quicktheories.core.Gen;

/**
 * Random and hostile input thrown at every argument of every query and mutation of the packaged
 * service (a separate process on its own PostgreSQL), as variables and as literals, plus malformed and
 * abusive documents and bodies. Every answer must be HTTP 200 JSON whose errors all carry a contract code
 * (INVALID_ARGUMENT or NOT_FOUND for bad input, never INTERNAL), or a 4xx for a body that is not a
 * GraphQL request; no answer shows a stack trace, class name or SQL; and nothing in the fixture changes.
 * Each property is a QuickTheories property ({@link PropertyRuns}: a failure prints the seed that repeats it).
 */
class HostileInputIT {

    private static StandalonePostgres postgres;
    private static ServiceProcess service;
    private static String baseline;
    private static int restarts;
    private static String property;

    @BeforeAll
    static void startServiceWithFixture() throws Exception {
        postgres = StandalonePostgres.start();
        service = ServiceProcess.start("hostile", ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
        use(service);
        Fixture.database(postgres.jdbcUrl());
        Fixture.build();
        baseline = Fixture.snapshot();
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void nameTheProperty(TestInfo test) {
        property = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse(test.getDisplayName());
    }

    private static void use(ServiceProcess running) {
        RestAssured.port = running.port();
        RawClient.port(running.port());
        RawHttp.port(running.port());
    }

    // ================================================================ attacks

    // A property is its tries and the request each try sends: a function of generated values that only the runner
    // below calls, each time followed by the check of the whole state, so no attack can be made that sends nothing.

    private static <A> void attack(int tries, Gen<A> a, Consumer<A> request) {
        attack(tries, PropertyRuns.SHRINK_CYCLES, a, request);
    }

    private static <A, B> void attack(int tries, Gen<A> a, Gen<B> b, BiConsumer<A, B> request) {
        attack(tries, a.zip(b, Values2::new), values -> request.accept(values.a(), values.b()));
    }

    private static <A, B, C> void attack(int tries, Gen<A> a, Gen<B> b, Gen<C> c, TriConsumer<A, B, C> request) {
        attack(tries, a.zip(b, c, Values3::new), values -> request.accept(values.a(), values.b(), values.c()));
    }

    private static <A, B, C, D> void attack(int tries, Gen<A> a, Gen<B> b, Gen<C> c, Gen<D> d,
                                            QuadConsumer<A, B, C, D> request) {
        attack(tries, a.zip(b, c, d, Values4::new), values -> request.accept(values.a(), values.b(), values.c(), values.d()));
    }

    private static <A> void attack(int tries, int shrinkCycles, Gen<A> values, Consumer<A> request) {
        int tried = PropertyRuns.check(tries, shrinkCycles, values, value -> send(() -> request.accept(value)));
        RawClient.log(property + ": " + tried + " tries, all passed\n");
    }

    private record Values2<A, B>(A a, B b) {
        @Override
        public String toString() {
            return "\n  " + a + "\n  " + b;
        }
    }

    private record Values3<A, B, C>(A a, B b, C c) {
        @Override
        public String toString() {
            return "\n  " + a + "\n  " + b + "\n  " + c;
        }
    }

    private record Values4<A, B, C, D>(A a, B b, C c, D d) {
        @Override
        public String toString() {
            return "\n  " + a + "\n  " + b + "\n  " + c + "\n  " + d;
        }
    }

    /**
     * Sends one hostile request and checks its answer, then compares the whole state with the baseline (putting
     * it back when it changed): a failed check and a changed state are reported together.
     */
    private static void send(Runnable request) {
        serviceIsRunning();
        AssertionError failure = null;
        try {
            request.run();
        } catch (AssertionError e) {
            failure = e;
        }
        String changed = Fixture.changes(baseline);
        if (changed != null) {
            RawClient.log("STATE CHANGED: " + changed + "\n");
        }
        if (failure != null && changed != null) {
            throw new AssertionError(failure.getMessage() + "\n  and " + changed, failure);
        }
        if (failure != null) {
            throw failure;
        }
        if (changed != null) {
            throw new AssertionError(changed);
        }
    }

    /** A request that killed the service has failed its own try; the next tries need a service again. */
    private static void serviceIsRunning() {
        if (service != null && !service.process().isAlive()) {
            restarts++;
            try {
                service = ServiceProcess.start("hostile-restart-" + restarts,
                        ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
            } catch (Exception e) {
                throw new IllegalStateException("the service died and could not be started again", e);
            }
            use(service);
        }
    }

    /** Page arguments of a connection: {@code first} (or omitted) and {@code after} (null when omitted). */
    record Page(Object first, Hostile after) {
        @Override
        public String toString() {
            return "first " + (first instanceof String text ? JsonText.shown(text) : first) + ", after "
                    + (after == null ? "(omitted)" : after);
        }
    }

    private static Gen<Page> pages(Gen<Object> firsts, Gen<Hostile> afters) {
        return firsts.zip(afters, Page::new);
    }

    private static Gen<Junk> junk() {
        return controlCharacters().zip(booleans(), Junk::new);
    }

    /** Control characters put before or after a text. */
    record Junk(String characters, boolean before) {
        String around(String text) {
            return before ? characters + text : text + characters;
        }

        @Override
        public String toString() {
            return JsonText.shown(characters) + (before ? " before" : " after");
        }
    }

    // ================================================================ queries

    @Test
    void aPrefixLookupAnswersWithDataOrAContractCode() {
        attack(120, anyCidr(), anyNamespace(), booleans(), (cidr, namespace, inline) ->
                Operation.query("prefix").arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                        .select("cidr namespace family")
                        .expect(given(namespace.exists() ? Allowed.data() : only(NOT_FOUND), cidr.verdict(), namespace.verdict())));
    }

    /** The filters of a prefix listing, each null when left out. */
    record Filters(Hostile within, Hostile contains, Hostile family) {
        @Override
        public String toString() {
            return "within " + within + ", contains " + contains + ", family " + family;
        }
    }

    @Test
    void aPrefixListingAnswersWithDataOrAContractCode() {
        Gen<Filters> filters = optionalCidr().zip(optionalAddress(), optionalFamily(), Filters::new);
        attack(150, anyNamespace(), filters, pages(optionalInt(), optionalPrefixCursor()), booleans(),
                (namespace, filter, page, inline) -> Operation.query("prefixes").namespace(namespace, inline)
                        .arg("within", "CIDR", filter.within() == null ? Operation.OMIT : filter.within(), inline)
                        .arg("contains", "IPAddress", filter.contains() == null ? Operation.OMIT : filter.contains(), inline)
                        .arg("family", "IPFamily", filter.family() == null ? Operation.OMIT
                                : new JsonText.EnumName(filter.family().text()), inline)
                        .arg("first", "Int", page.first(), inline)
                        .arg("after", "String", page.after() == null ? Operation.OMIT : page.after(), inline)
                        .select("totalCount pageInfo { hasNextPage endCursor } edges { cursor node { cidr } }")
                        .expect(given(namespace.exists() ? Allowed.data() : only(NOT_FOUND), namespace.verdict(),
                                verdict(filter.within()), verdict(filter.contains()), verdict(filter.family()),
                                firstVerdict(page.first()), verdict(page.after()))));
    }

    @Test
    void anIpLookupAnswersWithDataOrAContractCode() {
        attack(120, anyCidr(), anyAddress(), anyNamespace(), booleans(), (prefix, address, namespace, inline) -> {
            // a valid address outside its prefix (or of the other family) is INVALID_ARGUMENT too
            Allowed whenValid = namespace.exists() ? Allowed.dataOr(NOT_FOUND, INVALID_ARGUMENT) : only(NOT_FOUND, INVALID_ARGUMENT);
            Operation.query("ip").arg("prefix", "CIDR!", prefix, inline).arg("address", "IPAddress!", address, inline)
                    .namespace(namespace, inline).select("address prefixCidr")
                    .expect(given(whenValid, prefix.verdict(), address.verdict(), namespace.verdict()));
        });
    }

    /**
     * Whether a document holding these texts inline (null ones are absent) fails to parse: graphql-java cannot
     * read a string literal with a lone surrogate, so the request is refused before anything runs.
     */
    private static boolean unparsableInline(boolean inline, String... texts) {
        return inline && java.util.Arrays.stream(texts).anyMatch(text -> text != null && !HostileValues.wellFormed(text));
    }

    @Test
    void aNamespaceLookupChecksItsNameAndItsPageArguments() {
        attack(100, anyName(), pages(optionalInt(), optionalPrefixCursor()), booleans(), (name, page, inline) -> {
            Operation operation = Operation.query("namespace").arg("name", "String!", name.name(), inline);
            String arguments = operation.nested("first", "Int", page.first(), inline) + operation.nested("after", "String",
                    page.after() == null ? Operation.OMIT : page.after(), inline);
            operation.select("name prefixes" + (arguments.isEmpty() ? "" : "(" + arguments + ")") + " { totalCount edges { cursor } }");
            // the page arguments only count when there is a namespace to page through
            // (an integer beyond 32 bits, or -2^31, is refused before anything runs, wherever it is, and so is a
            // document that does not parse: a lone surrogate in an inline cursor)
            boolean unparsable = unparsableInline(inline, page.after() == null ? null : page.after().text());
            Allowed allowed = name.exists() ? given(Allowed.data(), name.verdict(), firstVerdict(page.first()), verdict(page.after()))
                    : given(Allowed.data(), name.verdict(), Verdict.of(!unparsable && !(page.first() instanceof BigInteger)
                            && !Integer.valueOf(Integer.MIN_VALUE).equals(page.first())));
            operation.expect(allowed);
        });
    }

    @Test
    void thePageArgumentsOfAPrefixsIpsAreChecked() {
        attack(100, fixturePrefixes(), pages(optionalInt(), optionalIpCursor()), booleans(), (prefix, page, inline) -> {
            Operation operation = Operation.query("prefix").arg("cidr", "CIDR!", prefix.cidr, inline)
                    .arg("namespace", "String", Fixture.NAMESPACE, inline);
            String arguments = operation.nested("first", "Int", page.first(), inline) + operation.nested("after", "String",
                    page.after() == null ? Operation.OMIT : page.after(), inline);
            String ips = "ips" + (arguments.isEmpty() ? "" : "(" + arguments + ")") + " { totalCount edges { cursor node { address } } }";
            operation.select("cidr " + ips + " children { cidr " + ips + " }")
                    .expect(given(Allowed.data(), firstVerdict(page.first()), verdict(page.after())));
        });
    }

    @Test
    void anOverlapComputationAnswersWithDataOrInvalidArgument() {
        attack(100, cidrLists(), cidrLists(), booleans(), booleans(), (existing, candidates, inline, bareSingleValue) -> {
            Verdict[] verdicts = java.util.stream.Stream.concat(existing.stream(), candidates.stream())
                    .map(Hostile::verdict).toArray(Verdict[]::new);
            Operation.query("prefixesOverlapping")
                    .arg("existing", "[CIDR!]!", listValue(existing, bareSingleValue), inline)
                    .arg("candidates", "[CIDR!]!", listValue(candidates, bareSingleValue), inline)
                    .select("candidate existing")
                    .expect(given(Allowed.data(), verdicts));
        });
    }

    @Test
    void anAddressOfTheOtherFamilyIsAnInvalidArgumentEverywhere() {
        attack(120, otherFamilyCases(), booleans(), (other, inline) -> {
            Prefix prefix = other.prefix();
            Operation operation = switch (other.operation()) {
                case 0 -> Operation.query("ip").arg("prefix", "CIDR!", other.prefixForm(), inline)
                        .arg("address", "IPAddress!", other.value(), inline).select("address");
                case 1 -> Operation.mutation("acquireIP").arg("prefix", "CIDR!", other.prefixForm(), inline)
                        .arg("address", "IPAddress", other.value(), inline).select("address");
                case 2 -> Operation.mutation("releaseIP").arg("prefix", "CIDR!", other.prefixForm(), inline)
                        .arg("address", "IPAddress!", other.value(), inline).select("address");
                default -> Operation.mutation("acquireSpecificChildPrefix").arg("parent", "CIDR!", other.prefixForm(), inline)
                        .arg("cidr", "CIDR!", other.value() + (prefix.v6() ? "/32" : "/128"), inline).select("cidr");
            };
            operation.arg("namespace", "String", Fixture.NAMESPACE, inline).expect(only(INVALID_ARGUMENT));
        });
    }

    // ================================================================ classes of malformed text, one property each

    /** One form of check for a generated CIDR text: pure computation, lookup, or creation in the empty scratch namespace. */
    private static Operation cidrUse(String cidr, int use, boolean inline) {
        return switch (use) {
            case 0 -> Operation.query("prefixesOverlapping").arg("existing", "[CIDR!]!", List.of("0.0.0.0/0", "::/0"), inline)
                    .arg("candidates", "[CIDR!]!", List.of(cidr), inline).select("candidate existing");
            case 1 -> Operation.query("prefix").arg("cidr", "CIDR!", cidr, inline)
                    .arg("namespace", "String", Fixture.NAMESPACE, inline).select("cidr");
            default -> Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline)
                    .arg("namespace", "String", Fixture.SCRATCH, inline).select("cidr");
        };
    }

    /** One form of check for a generated address text: lookup of, or release of, the acquired address of E4 / E6. */
    private static Operation addressUse(String address, boolean v6, boolean release, boolean inline) {
        return (release ? Operation.mutation("releaseIP") : Operation.query("ip"))
                .arg("prefix", "CIDR!", v6 ? Prefix.E6.cidr : Prefix.E4.cidr, inline)
                .arg("address", "IPAddress!", address, inline)
                .arg("namespace", "String", Fixture.NAMESPACE, inline).select("address");
    }

    @Test
    void prefixLengthsFrom2To31OnAreInvalidArguments() {
        attack(100, lengthsFrom2To31(), freeAddresses(), uses(), booleans(), (length, address, use, inline) ->
                cidrUse(address + "/" + length, use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void prefixLengthsFrom2To32OnAreInvalidArgumentsNotWrappedAround() {
        attack(100, lengthsFrom2To32(), freeAddresses(), uses(), booleans(), (length, address, use, inline) ->
                cidrUse(address + "/" + length, use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void controlCharactersBeforeOrAfterACidrMakeItInvalid() {
        attack(100, junk(), freeCidrs(), uses(), booleans(), (junk, cidr, use, inline) ->
                cidrUse(junk.around(cidr), use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void controlCharactersBeforeOrAfterAnAddressMakeItInvalidAndReleaseNothing() {
        attack(100, junk(), booleans(), booleans(), booleans(), (junk, v6, release, inline) ->
                addressUse(junk.around(v6 ? Fixture.E6_TAKEN : Fixture.E4_TAKEN), v6, release, inline)
                        .expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void anEmbeddedIPv4AddressMustBeAFullDottedQuad() {
        attack(100, malformedEmbeddedIPv4(), uses(), booleans(), booleans(), (address, use, asAddress, inline) ->
                (asAddress ? addressUse(address, true, use == 2, inline) : cidrUse(address + "/120", use, inline))
                        .expect(only(INVALID_ARGUMENT)));
    }

    // ================================================================ mutations: prefixes

    @Test
    void creatingAPrefixFromInvalidTextIsAnInvalidArgumentAndCreatesNothing() {
        attack(120, invalidCidrOrFixtureForm(), existingNamespace(), optionalDescription(), booleans(),
                (cidr, namespace, description, inline) -> Operation.mutation("createPrefix")
                        .arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                        .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                        .select("cidr namespace")
                        .expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void creatingAPrefixThatOverlapsTheFixtureIsAnOverlapInEveryValidForm() {
        attack(100, overlappingForms(), optionalDescription(), booleans(), (cidr, description, inline) ->
                Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline)
                        .arg("namespace", "String", Fixture.NAMESPACE, inline)
                        .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                        .select("cidr")
                        .expect(given(only(OVERLAP), cidr.verdict(), verdict(description))));
    }

    @Test
    void creatingAPrefixInAMissingOrInvalidNamespaceCreatesNothing() {
        attack(100, anyCidr(), absentNamespace(), optionalDescription(), booleans(), (cidr, namespace, description, inline) ->
                Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                        .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                        .select("cidr")
                        .expect(given(only(NOT_FOUND), cidr.verdict(), namespace.verdict(), verdict(description))));
    }

    @Test
    void deletingOrReleasingAPrefixAnswersByTheContractAndRemovesNothing() {
        attack(150, targets(), targetNamespace(), booleans(), booleans(), (target, namespace, release, inline) -> {
            Allowed whenValid;
            if (!namespace.exists() || !namespace.name().equals(Fixture.NAMESPACE)) {
                whenValid = only(NOT_FOUND);
            } else if (target.known() && target.prefix() != null) {
                whenValid = only(release ? target.prefix().releaseCode() : target.prefix().deleteCode());
            } else if (target.known()) {
                whenValid = only(NOT_FOUND);
            } else {
                whenValid = only(NOT_FOUND, HAS_IPS, HAS_CHILDREN, INVALID_ARGUMENT);
            }
            Operation.mutation(release ? "releaseChildPrefix" : "deletePrefix").arg("cidr", "CIDR!", target.form(), inline)
                    .namespace(namespace, inline).select("cidr")
                    .expect(given(whenValid, target.form().verdict(), namespace.verdict()));
        });
    }

    /** The parent and length of acquireChildPrefix. */
    record ChildLength(Target parent, Object length) {
        @Override
        public String toString() {
            return "parent " + parent + ", length " + length;
        }
    }

    @Test
    void acquiringAChildPrefixAnswersByTheContractAndTakesNothing() {
        attack(150, targets().zip(intArgument(), ChildLength::new), targetNamespace(), optionalDescription(), booleans(),
                (child, namespace, description, inline) -> {
                    Target parent = child.parent();
                    Object length = child.length();
                    Allowed whenValid;
                    if (!(length instanceof Integer)) {
                        whenValid = only(INVALID_ARGUMENT);
                    } else if (!parent.known()) {
                        whenValid = only(NOT_FOUND, INVALID_ARGUMENT, HAS_IPS, NO_PREFIX_AVAILABLE);
                    } else if (!lengthFits(parent.form().text(), (Integer) length)) {
                        whenValid = only(INVALID_ARGUMENT);
                    } else if (namespace.exists() && Fixture.NAMESPACE.equals(namespace.name()) && parent.prefix() != null) {
                        whenValid = only(parent.prefix().childCode());
                    } else {
                        whenValid = only(NOT_FOUND);
                    }
                    Operation.mutation("acquireChildPrefix").arg("parent", "CIDR!", parent.form(), inline)
                            .arg("length", "Int!", length, inline).namespace(namespace, inline)
                            .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                            .select("cidr")
                            .expect(given(whenValid, parent.form().verdict(), namespace.verdict(), verdict(description)));
                });
    }

    @Test
    void acquiringASpecificChildPrefixAnswersByTheContractAndTakesNothing() {
        attack(150, specificChildCases(), targetNamespace(), optionalDescription(), booleans(),
                (child, namespace, description, inline) -> {
                    Target parent = child.parent();
                    boolean inFixture = namespace.exists() && Fixture.NAMESPACE.equals(namespace.name());
                    Allowed whenValid;
                    if (!parent.known()) {
                        whenValid = only(NOT_FOUND, INVALID_ARGUMENT, HAS_IPS, ALREADY_ALLOCATED);
                    } else if (child.inside() && child.cidr().verdict() == Verdict.VALID) {
                        whenValid = !inFixture || parent.prefix() == null ? only(NOT_FOUND)
                                : only(parent.prefix().hasChildren() ? ALREADY_ALLOCATED : HAS_IPS);
                    } else {
                        // a child outside the parent is INVALID_ARGUMENT, inside it is taken or the parent holds IPs
                        whenValid = !inFixture || parent.prefix() == null ? only(NOT_FOUND, INVALID_ARGUMENT)
                                : only(INVALID_ARGUMENT, parent.prefix().hasChildren() ? ALREADY_ALLOCATED : HAS_IPS);
                    }
                    Operation.mutation("acquireSpecificChildPrefix").arg("parent", "CIDR!", parent.form(), inline)
                            .arg("cidr", "CIDR!", child.cidr(), inline).namespace(namespace, inline)
                            .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                            .select("cidr")
                            .expect(given(whenValid, parent.form().verdict(), child.cidr().verdict(), namespace.verdict(),
                                    verdict(description)));
                });
    }

    // ================================================================ mutations: IPs

    /** One acquisition from a pool: the field, the pool's name, and its other arguments (OMIT when left out). */
    record PoolDraw(String field, Object pool, Object strategy, Object count, Object length) {
        @Override
        public String toString() {
            return field + " pool " + pool + ", strategy " + strategy + ", count " + count + ", length " + length;
        }
    }

    private static Gen<Object> poolNames() {
        return frequency(
                weight(3, of(Fixture.IP_POOL, Fixture.CHILD_POOL)),
                weight(2, HostileValues.missingNames().map(name -> (Object) name)),
                weight(3, HostileValues.invalidNames().map(name -> (Object) name)),
                weight(1, just(null)));
    }

    private static Gen<PoolDraw> poolDraws() {
        Gen<Object> strategies = of(Operation.OMIT, new JsonText.EnumName("LOWEST"), new JsonText.EnumName("HIGHEST"),
                new JsonText.EnumName("BEST_FIT"));
        return of("acquireIP", "acquireIPs", "acquireChildPrefix", "acquireChildPrefixes")
                .zip(poolNames(), strategies, intArgument(), (field, pool, strategy, count) -> new PoolDraw(field, pool,
                        strategy, count, null))
                .zip(intArgument(), (draw, length) -> new PoolDraw(draw.field(), draw.pool(), draw.strategy(),
                        draw.count(), length));
    }

    @Test
    void drawingFromAPoolAnswersByTheContractAndTakesNothing() {
        // the fixture's pools select no prefix, so no draw can succeed; a strategy of the other kind is refused
        attack(150, poolDraws(), targetNamespace(), booleans(), (draw, namespace, inline) -> {
            boolean ips = draw.field().startsWith("acquireIP");
            boolean many = draw.field().endsWith("s");
            Operation operation = Operation.mutation(draw.field())
                    .arg("pool", "String", draw.pool(), inline)
                    .arg("strategy", ips ? "IPStrategy" : "ChildStrategy", draw.strategy(), inline)
                    .namespace(namespace, inline);
            if (many) {
                operation.arg("count", "Int!", draw.count(), inline);
            }
            if (!ips) {
                operation.arg("length", "Int!", draw.length(), inline);
            }
            operation.select(ips ? "address" : "cidr")
                    .expect(given(only(INVALID_ARGUMENT, NOT_FOUND, NO_IP_AVAILABLE, NO_PREFIX_AVAILABLE),
                            namespace.verdict()));
        });
    }

    /** The arguments of a pool mutation. */
    record PoolChange(String field, Object name, Object kind, Object selector, Hostile description) {
        @Override
        public String toString() {
            return field + " name " + name + ", kind " + kind + ", selector " + selector + ", description " + description;
        }
    }

    @Test
    void poolMutationsWithHostileArgumentsAnswerByTheContractAndChangeNothing() {
        Gen<Object> names = frequency(
                weight(2, just((Object) Fixture.IP_POOL)),
                weight(2, HostileValues.missingNames().map(name -> (Object) name)),
                weight(3, HostileValues.invalidNames().map(name -> (Object) name)));
        Gen<Object> kinds = of(new JsonText.EnumName("IP"), new JsonText.EnumName("CHILD_PREFIX"), "IP", "ip", 1, null);
        Gen<Object> selectors = of("", "a=b", "k in (a,b", "=v", "k\u0000=v", "x".repeat(5000), 5, null);
        attack(150, of("createPool", "updatePool", "deletePool").zip(names, kinds, selectors,
                                (field, name, kind, selector) -> new PoolChange(field, name, kind, selector, null))
                        .zip(orNull(HostileValues.descriptions(), 50), (change, description) -> new PoolChange(
                                change.field(), change.name(), change.kind(), change.selector(), description)),
                targetNamespace(), booleans(), (change, given, inline) -> {
                    boolean create = change.field().equals("createPool");
                    boolean validName = !(change.name() instanceof Hostile hostile) || hostile.verdict() == Verdict.VALID;
                    // a valid name that is free would create a pool: creation gets the taken name, in the fixture
                    Object name = create && validName ? Fixture.IP_POOL : change.name();
                    // deleting the fixture's pool would succeed: it is named in a namespace where it does not exist
                    boolean deletesFixturePool = change.field().equals("deletePool") && Fixture.IP_POOL.equals(name);
                    Namespace namespace = !given.exists() ? given
                            : create ? Namespace.existing(Fixture.NAMESPACE)
                            : deletesFixturePool ? Namespace.existing(Fixture.SCRATCH) : given;
                    Operation operation = Operation.mutation(change.field()).arg("name", "String!", name, inline)
                            .namespace(namespace, inline);
                    if (create) {
                        operation.arg("kind", "PoolKind!", change.kind(), inline)
                                .arg("selector", "String!", change.selector(), inline);
                    } else if (change.field().equals("updatePool")) {
                        // on the fixture's pool a valid edit is a VERSION_CONFLICT and changes nothing
                        operation.arg("selector", "String", change.selector(), inline).arg("ifVersion", "Int", 99, inline);
                    }
                    if (!change.field().equals("deletePool")) {
                        operation.arg("description", "String", change.description() == null ? Operation.OMIT
                                : change.description(), inline);
                    }
                    operation.select("name").expect(given(only(INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS,
                            "VERSION_CONFLICT"), namespace.verdict()));
                });
    }

    @Test
    void acquiringAnIpAnswersByTheContractAndTakesNothing() {
        attack(150, acquireCases(), targetNamespace(), optionalDescription(), booleans(),
                (acquire, namespace, description, inline) -> {
                    Target prefix = acquire.prefix();
                    boolean inFixture = namespace.exists() && Fixture.NAMESPACE.equals(namespace.name());
                    Allowed whenValid;
                    if (!prefix.known() || acquire.placement() == Placement.RANDOM) {
                        whenValid = only(NOT_FOUND, INVALID_ARGUMENT, ALREADY_ALLOCATED, HAS_CHILDREN, NO_IP_AVAILABLE);
                    } else if (acquire.placement() == Placement.OUTSIDE) {
                        whenValid = only(INVALID_ARGUMENT);
                    } else if (!inFixture) {
                        whenValid = only(NOT_FOUND);
                    } else if (prefix.prefix().hasChildren()) {
                        whenValid = only(HAS_CHILDREN);
                    } else {
                        whenValid = only(acquire.address() == null ? NO_IP_AVAILABLE : ALREADY_ALLOCATED);
                    }
                    Operation.mutation("acquireIP").arg("prefix", "CIDR!", prefix.form(), inline)
                            .arg("address", "IPAddress", acquire.address() == null ? Operation.OMIT : acquire.address(), inline)
                            .namespace(namespace, inline)
                            .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                            .select("address prefixCidr")
                            .expect(given(whenValid, prefix.form().verdict(), verdict(acquire.address()), namespace.verdict(),
                                    verdict(description)));
                });
    }

    @Test
    void releasingAnIpAnswersByTheContractAndReleasesNothing() {
        attack(150, releaseCases(), targetNamespace(), booleans(), (release, namespace, inline) -> {
            Target prefix = release.prefix();
            boolean inFixture = namespace.exists() && Fixture.NAMESPACE.equals(namespace.name());
            Allowed whenValid;
            if (!prefix.known()) {
                whenValid = only(NOT_FOUND, INVALID_ARGUMENT);
            } else if (!inFixture && release.placement() == Placement.RESERVED) {
                // reserved addresses are refused after the lookup of the prefix
                whenValid = only(NOT_FOUND, INVALID_ARGUMENT);
            } else {
                whenValid = switch (release.placement()) {
                    case RANDOM -> only(NOT_FOUND, INVALID_ARGUMENT);
                    case OUTSIDE, RESERVED -> only(INVALID_ARGUMENT);
                    default -> only(NOT_FOUND);
                };
            }
            Operation.mutation("releaseIP").arg("prefix", "CIDR!", prefix.form(), inline)
                    .arg("address", "IPAddress!", release.address(), inline).namespace(namespace, inline)
                    .select("address")
                    .expect(given(whenValid, prefix.form().verdict(), release.address().verdict(), namespace.verdict()));
        });
    }

    // ================================================================ mutations: reserved ranges

    /**
     * Every fixture prefix that could hold a range has children or an acquired address in the ranges tried, so no
     * valid request can reserve anything: HAS_CHILDREN, ALREADY_ALLOCATED, and INVALID_ARGUMENT for ranges upside
     * down or outside their prefix.
     */
    @Test
    void reservingARangeAnswersByTheContractAndReservesNothing() {
        attack(150, rangeCases(), targetNamespace(), optionalDescription(), booleans(),
                (range, namespace, description, inline) -> {
                    Target prefix = range.prefix();
                    boolean inFixture = namespace.exists() && Fixture.NAMESPACE.equals(namespace.name());
                    Allowed whenValid;
                    if (!prefix.known() || range.placement() == Placement.RANDOM) {
                        whenValid = only(NOT_FOUND, INVALID_ARGUMENT, ALREADY_ALLOCATED, HAS_CHILDREN, OVERLAP);
                    } else if (range.placement() == Placement.OUTSIDE || range.upsideDown()) {
                        whenValid = only(INVALID_ARGUMENT);
                    } else if (!inFixture) {
                        whenValid = only(NOT_FOUND);
                    } else {
                        whenValid = only(prefix.prefix().hasChildren() ? HAS_CHILDREN : ALREADY_ALLOCATED);
                    }
                    Operation.mutation("reserveRange").arg("prefix", "CIDR!", prefix.form(), inline)
                            .arg("first", "IPAddress!", range.first(), inline)
                            .arg("last", "IPAddress!", range.last(), inline)
                            .namespace(namespace, inline)
                            .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                            .select("first last size")
                            .expect(given(whenValid, prefix.form().verdict(), range.first().verdict(),
                                    range.last().verdict(), namespace.verdict(), verdict(description)));
                });
    }

    /** The fixture holds no reserved range: unreserving one is NOT_FOUND, or INVALID_ARGUMENT outside the prefix. */
    @Test
    void unreservingARangeAnswersByTheContractAndChangesNothing() {
        attack(120, acquireCases().assuming(c -> c.address() != null), targetNamespace(), booleans(),
                (start, namespace, inline) -> {
                    Target prefix = start.prefix();
                    Allowed whenValid = !prefix.known() || start.placement() == Placement.RANDOM
                            ? only(NOT_FOUND, INVALID_ARGUMENT)
                            : start.placement() == Placement.OUTSIDE ? only(INVALID_ARGUMENT) : only(NOT_FOUND);
                    Operation.mutation("unreserveRange").arg("prefix", "CIDR!", prefix.form(), inline)
                            .arg("first", "IPAddress!", start.address(), inline).namespace(namespace, inline)
                            .select("first last")
                            .expect(given(whenValid, prefix.form().verdict(), start.address().verdict(),
                                    namespace.verdict()));
                });
    }

    @Test
    void thePageArgumentsOfAPrefixsFreeRangesAreChecked() {
        attack(100, fixturePrefixes(), pages(optionalInt(), optionalIpCursor()), booleans(), (prefix, page, inline) -> {
            Operation operation = Operation.query("prefix").arg("cidr", "CIDR!", prefix.cidr, inline)
                    .arg("namespace", "String", Fixture.NAMESPACE, inline);
            String arguments = operation.nested("first", "Int", page.first(), inline) + operation.nested("after", "String",
                    page.after() == null ? Operation.OMIT : page.after(), inline);
            String free = "freeRanges" + (arguments.isEmpty() ? "" : "(" + arguments + ")")
                    + " { pageInfo { hasNextPage } edges { cursor node { first last size } } }";
            operation.select("cidr reservedRanges { first } " + free + " children { cidr " + free + " }")
                    .expect(given(Allowed.data(), firstVerdict(page.first()), verdict(page.after())));
        });
    }

    // ================================================================ mutations: namespaces and descriptions

    @Test
    void creatingANamespaceWithABadOrTakenNameCreatesNothing() {
        attack(100, createNamespaceNames(), booleans(), (name, inline) ->
                Operation.mutation("createNamespace").arg("name", "String!", name.name(), inline).select("name")
                        .expect(given(only(ALREADY_EXISTS), name.verdict())));
    }

    @Test
    void deletingANamespaceWithABadNameOrThatIsNotEmptyDeletesNothing() {
        attack(100, deleteNamespaceNames(), booleans(), (name, inline) -> {
            Allowed whenValid = !name.exists() ? only(NOT_FOUND)
                    : "default".equals(name.name()) ? only(INVALID_ARGUMENT) : only(NAMESPACE_NOT_EMPTY);
            Operation.mutation("deleteNamespace").arg("name", "String!", name.name(), inline).select("name")
                    .expect(given(whenValid, name.verdict()));
        });
    }

    // ================================================================ mutations and queries: metadata (Part A)

    /** An operation that takes labels: each would succeed with valid ones, but for the child acquisition. */
    enum Labelled {
        CREATE_NAMESPACE, CREATE_PREFIX, ACQUIRE_CHILD_PREFIX, ACQUIRE_IP, ACQUIRE_IPS, UPDATE_NAMESPACE, UPDATE_PREFIX,
        UPDATE_IP;

        static final List<Labelled> UPDATES = List.of(UPDATE_NAMESPACE, UPDATE_PREFIX, UPDATE_IP);

        boolean update() {
            return UPDATES.contains(this);
        }
    }

    /** The operation with {@code value} as its {@code argument} (labels, setLabels or removeLabels). */
    private static Operation labelled(Labelled target, String argument, Object value, boolean inline) {
        String ns = Fixture.NAMESPACE;
        Operation operation = switch (target) {
            case CREATE_NAMESPACE -> Operation.mutation("createNamespace").arg("name", "String!", "hostile-labelled", inline)
                    .select("name");
            case CREATE_PREFIX -> Operation.mutation("createPrefix").arg("cidr", "CIDR!", Fixture.FREE.get(0), inline)
                    .arg("namespace", "String", Fixture.SCRATCH, inline).select("cidr");
            case ACQUIRE_CHILD_PREFIX -> Operation.mutation("acquireChildPrefix").arg("parent", "CIDR!", Prefix.R4.cidr, inline)
                    .arg("length", "Int!", 28, inline).arg("namespace", "String", ns, inline).select("cidr");
            case ACQUIRE_IP -> Operation.mutation("acquireIP").arg("prefix", "CIDR!", Prefix.E4.cidr, inline)
                    .arg("namespace", "String", ns, inline).select("address");
            case ACQUIRE_IPS -> Operation.mutation("acquireIPs").arg("prefix", "CIDR!", Prefix.E4.cidr, inline)
                    .arg("count", "Int!", 1, inline).arg("namespace", "String", ns, inline).select("address");
            case UPDATE_NAMESPACE -> Operation.mutation("updateNamespace").arg("name", "String!", ns, inline).select("version");
            case UPDATE_PREFIX -> Operation.mutation("updatePrefix").arg("cidr", "CIDR!", Prefix.E4.cidr, inline)
                    .arg("namespace", "String", ns, inline).select("version");
            case UPDATE_IP -> Operation.mutation("updateIP").arg("address", "IPAddress!", Fixture.E4_TAKEN, inline)
                    .arg("namespace", "String", ns, inline).select("version");
        };
        return operation.arg(argument, argument.equals("removeLabels") ? "[String!]" : "[LabelInput!]", value, inline);
    }

    @Test
    void hostileLabelsAreRefusedByEveryOperationThatTakesThemAndStoreNothing() {
        attack(150, HostileMetadata.labelSets(), of(Labelled.values()), booleans(), booleans(), (labels, target, set, inline) ->
                labelled(target, set && target.update() ? "setLabels" : "labels", labels.value(), inline)
                        .expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void hostileRemoveLabelsAreRefusedAndChangeNothing() {
        attack(60, HostileMetadata.removals(), of(Labelled.UPDATES), booleans(), (keys, target, inline) ->
                labelled(target, "removeLabels", keys.value(), inline).expect(only(INVALID_ARGUMENT)));
    }

    @Test
    void hostileSelectorsAreRefusedWhereverASelectorIsTaken() {
        attack(120, HostileMetadata.selectors(), integers(0, 2), booleans(), (selector, where, inline) -> {
            String ns = Fixture.NAMESPACE;
            Operation operation = switch (where) {
                case 0 -> Operation.query("prefixes").arg("namespace", "String", ns, inline)
                        .arg("selector", "String", selector.value(), inline).select("totalCount");
                case 1 -> Operation.query("ips").arg("namespace", "String", ns, inline)
                        .arg("selector", "String", selector.value(), inline).select("totalCount");
                default -> {
                    Operation namespace = Operation.query("namespace").arg("name", "String!", ns, inline);
                    yield namespace.select("prefixes(" + namespace.nested("selector", "String", selector.value(), inline)
                            + ") { totalCount }");
                }
            };
            operation.expect(only(INVALID_ARGUMENT));
        });
    }

    @Test
    void hostileClaimsAreRefusedWhereverAClaimIsTakenAndStoreNothing() {
        attack(120, HostileMetadata.claims(), integers(0, 6), booleans(), (claim, where, inline) -> {
            String ns = Fixture.NAMESPACE;
            Operation operation = switch (where) {
                case 0 -> Operation.mutation("acquireIP").arg("prefix", "CIDR!", Prefix.E4.cidr, inline)
                        .arg("claim", "String", claim.value(), inline).select("address");
                case 1 -> Operation.mutation("acquireChildPrefix").arg("parent", "CIDR!", Prefix.R4.cidr, inline)
                        .arg("length", "Int!", 28, inline).arg("claim", "String", claim.value(), inline).select("cidr");
                case 2 -> Operation.mutation("acquireSpecificChildPrefix").arg("parent", "CIDR!", Prefix.R4.cidr, inline)
                        .arg("cidr", "CIDR!", "198.51.100.16/28", inline).arg("claim", "String", claim.value(), inline)
                        .select("cidr");
                case 3 -> Operation.query("ipByClaim").arg("claim", "String!", claim.value(), inline).select("address");
                case 4 -> Operation.query("prefixByClaim").arg("claim", "String!", claim.value(), inline).select("cidr");
                case 5 -> Operation.mutation("releaseIPByClaim").arg("claim", "String!", claim.value(), inline)
                        .select("address");
                default -> Operation.mutation("releaseChildPrefixByClaim").arg("claim", "String!", claim.value(), inline)
                        .select("cidr");
            };
            operation.arg("namespace", "String", ns, inline).expect(only(INVALID_ARGUMENT));
        });
    }

    /**
     * Any Int but the fixture's versions (all 1) is stale: VERSION_CONFLICT; anything else is no Int at all, nor is
     * -2^31, which the engine's Int excludes (DocumentChecks).
     */
    @Test
    void anIfVersionThatIsNotTheCurrentVersionChangesNothing() {
        Gen<Object> versions = frequency(weight(3, HostileValues.intArguments().assuming(version -> !Integer.valueOf(1)
                .equals(version))), weight(1, HostileValues.wrongJsonFor("Int")));
        attack(80, versions, of(Labelled.UPDATES), booleans(), (version, target, inline) ->
                labelled(target, "setLabels", List.of(Map.of("key", "hostile", "value", "yes")), inline)
                        .arg("ifVersion", "Int", version, inline)
                        .expect(only(version instanceof Integer value && value != Integer.MIN_VALUE ? "VERSION_CONFLICT"
                                : INVALID_ARGUMENT)));
    }

    /** A description for each operation that takes one. */
    record Descriptions(Hostile forRoot, Hostile forChild, Hostile forSpecificChild, Hostile forIp) {
        @Override
        public String toString() {
            return "root " + forRoot + ", child " + forChild + ", specific child " + forSpecificChild + ", IP " + forIp;
        }
    }

    @Test
    void descriptionsAreStoredExactlyOrRefused() {
        Gen<Descriptions> descriptions = descriptions().zip(descriptions(), descriptions(), descriptions(), Descriptions::new);
        attack(60, descriptions, booleans(), (sent, inline) -> {
            String ns = Fixture.SCRATCH;
            try {
                storesAsSent(ns, "192.0.2.0/24", "192.0.2.128/26", sent, inline);
            } finally {
                Fixture.empty(ns);
            }
        });
    }

    private static void storesAsSent(String ns, String root, String child, Descriptions sent, boolean inline) {
        List<String> accepted = new ArrayList<>();
        storedAsSent(sent.forRoot(), "createPrefix", accepted, Operation.mutation("createPrefix")
                .arg("cidr", "CIDR!", root, inline).arg("namespace", "String", ns, inline)
                .arg("description", "String", sent.forRoot(), inline).select("cidr description"));
        if (GraphQL.run("prefix", "cidr", root, "namespace", ns).ok().get("data.prefix") == null) {
            GraphQL.run("createPrefix", "cidr", root, "namespace", ns).ok();
        }
        storedAsSent(sent.forChild(), "acquireChildPrefix", accepted, Operation.mutation("acquireChildPrefix")
                .arg("parent", "CIDR!", root, inline).arg("length", "Int!", 26, inline)
                .arg("namespace", "String", ns, inline).arg("description", "String", sent.forChild(), inline)
                .select("cidr description"));
        storedAsSent(sent.forSpecificChild(), "acquireSpecificChildPrefix", accepted, Operation.mutation("acquireSpecificChildPrefix")
                .arg("parent", "CIDR!", root, inline).arg("cidr", "CIDR!", child, inline)
                .arg("namespace", "String", ns, inline).arg("description", "String", sent.forSpecificChild(), inline)
                .select("cidr description"));
        if (GraphQL.run("prefix", "cidr", child, "namespace", ns).ok().get("data.prefix") == null) {
            GraphQL.run("acquireSpecificChildPrefix", "parent", root, "cidr", child, "namespace", ns).ok();
        }
        storedAsSent(sent.forIp(), "acquireIP", accepted, Operation.mutation("acquireIP")
                .arg("prefix", "CIDR!", child, inline).arg("namespace", "String", ns, inline)
                .arg("description", "String", sent.forIp(), inline).select("address description"));
        JsonObject stored = new JsonObject(GraphQL.send("query($n: String!) { prefixes(namespace: $n) { edges { node { "
                + "description ips { edges { node { description } } } } } } }", GraphQL.vars("n", ns)).ok().body());
        List<String> descriptions = new ArrayList<>();
        collectDescriptions(stored, descriptions);
        for (String description : accepted) {
            if (!descriptions.contains(description)) {
                throw new AssertionError("description " + JsonText.shown(description)
                        + " was accepted but is not stored as sent; stored: " + descriptions.stream()
                        .map(JsonText::shown).toList());
            }
        }
    }

    @Test
    void unpairedSurrogatesInADescriptionAreRefusedOrStoredButNeverInternal() {
        attack(60, unpairedSurrogates(), booleans(), (description, inline) -> {
            String ns = Fixture.SCRATCH;
            String root = "192.0.2.0/24";
            try {
                Operation.mutation("createPrefix").arg("cidr", "CIDR!", root, inline).arg("namespace", "String", ns, inline)
                        .arg("description", "String", description, inline).select("cidr description")
                        .expect(Allowed.dataOr(INVALID_ARGUMENT));
                if (GraphQL.run("prefix", "cidr", root, "namespace", ns).ok().get("data.prefix") == null) {
                    GraphQL.run("createPrefix", "cidr", root, "namespace", ns).ok();
                }
                Operation.mutation("acquireIP").arg("prefix", "CIDR!", root, inline).arg("namespace", "String", ns, inline)
                        .arg("description", "String", description, inline).select("address description")
                        .expect(Allowed.dataOr(INVALID_ARGUMENT));
            } finally {
                Fixture.empty(ns);
            }
        });
    }

    /**
     * Runs the operation; an accepted, well-formed description must come back exactly as sent, and is
     * added to {@code accepted} so that the caller can read it back.
     */
    private static void storedAsSent(Hostile description, String field, List<String> accepted, Operation operation) {
        JsonObject json = operation.expect(given(Allowed.data(), description.verdict())).json();
        JsonObject data = json.getJsonObject("data");
        JsonObject result = data == null ? null : data.getJsonObject(field);
        if (result != null && HostileValues.wellFormed(description.text())) {
            if (!description.text().equals(result.getString("description"))) {
                throw new AssertionError(field + " accepted description " + description + " but answered "
                        + JsonText.shown(result.getString("description")));
            }
            accepted.add(description.text());
        }
    }

    private static void collectDescriptions(Object json, List<String> into) {
        if (json instanceof JsonObject object) {
            object.forEach(entry -> {
                if (entry.getKey().equals("description") && entry.getValue() instanceof String text) {
                    into.add(text);
                } else {
                    collectDescriptions(entry.getValue(), into);
                }
            });
        } else if (json instanceof JsonArray array) {
            array.forEach(item -> collectDescriptions(item, into));
        }
    }

    // ================================================================ requests as a whole

    @Test
    void variablesOfTheWrongJsonTypeAreInvalidArgumentsAndNothingRuns() {
        attack(120, wrongTypes(), wrong -> {
            Map<String, Object> variables = new LinkedHashMap<>(wrong.spec().variables());
            variables.put(wrong.variable(), wrong.value());
            RawClient.graphql(GraphQL.operation(wrong.spec().name()), variables).assertAllowed(only(INVALID_ARGUMENT));
        });
    }

    @Test
    void malformedDocumentsAreInvalidArguments() {
        attack(150, malformedDocuments(), document -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", document.text());
            if (document.operationName() != null) {
                body.put("operationName", document.operationName());
            }
            RawClient.post(JsonText.json(body), "application/json").assertAllowed(document.allowed());
        });
    }

    @Test
    void deepOrWideQueriesAreRefusedBeforeTheyRun() {
        attack(40, abusiveDocuments(), document -> RawClient.graphql(document.text(), Map.of()).assertAllowed(document.allowed()));
    }

    /** Not shrunk: each try sends megabytes. */
    @Test
    void bodiesOverTheLimitAreRefusedWith413() {
        attack(10, 0, oversizedBodies(), body -> {
            Answer answer = body.chunked() ? RawClient.postChunked(body.bytes(), body.contentType())
                    : RawClient.post(body.bytes(), body.contentType());
            if (answer.status() != 413) {
                answer.fail("HTTP " + answer.status() + " for a body of " + body.bytes().length + " bytes, over the "
                        + "262144-byte limit, where 413 was due", null);
            }
        });
    }

    @Test
    void bodiesThatAreNotGraphQLRequestsGetA4xxOrAnInvalidArgument() {
        attack(120, notGraphQLBodies(), body -> RawClient.post(body.bytes(), body.contentType()).assertAllowed(body.allowed()));
    }

    @Test
    void anyContentTypeGetsAContractAnswerOrA4xx() {
        attack(60, contentTypes(), anyCidr(), (contentType, cidr) -> {
            String document = "query($c: CIDR!) { prefix(cidr: $c, namespace: \"" + Fixture.NAMESPACE + "\") { cidr } }";
            String body = JsonText.json(Map.of("query", document, "variables", Map.of("c", cidr.text())));
            RawClient.post(body.getBytes(StandardCharsets.UTF_8), contentType.equals("(none)") ? null : contentType)
                    .assertAllowed(given(Allowed.data(), cidr.verdict()).orClientError());
        });
    }

    /**
     * One try, with the largest list size the property was written for (3000: nine million pairs), sent to a
     * service process of its own, so that running out of memory there spoils no other property.
     */
    @Test
    void overlapListsThatMultiplyIntoMillionsOfPairsGetAContractAnswer() throws Exception {
        int size = 3000;
        // every candidate overlaps every existing prefix: size * size pairs from a body of ~12 * size bytes
        List<String> existing = IntStream.range(0, size).mapToObj(i -> "0.0.0.0/0").toList();
        List<String> candidates = IntStream.range(0, size).mapToObj(i -> "10.0.0.0/8").toList();
        try (ServiceProcess own = ServiceProcess.start("hostile-amplification",
                ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"))) {
            RawClient.port(own.port());
            RawClient.graphql(GraphQL.operation("prefixesOverlapping"), Map.of("existing", existing, "candidates", candidates))
                    .assertAllowed(Allowed.dataOr(INVALID_ARGUMENT));
        } finally {
            RawClient.port(service.port());
        }
    }

    // ================================================================ audit log, export and import

    /** The filters of the audit log. */
    record AuditFilters(Since since, Namespace namespace, Hostile subject) {
        @Override
        public String toString() {
            return since + ", " + namespace + ", subject " + subject;
        }
    }

    @Test
    void theAuditLogAnswersWithDataOrAContractCode() {
        Gen<AuditFilters> filters = auditSince().zip(auditNamespace(), auditSubjects(), AuditFilters::new);
        attack(100, filters, pages(auditFirst(), auditCursors()), booleans(), (filter, page, inline) -> {
            Since since = filter.since();
            Namespace namespace = filter.namespace();
            Hostile subject = filter.subject();
            Hostile after = page.after();
            // since first: of several badly typed values the guard names the first
            Operation operation = Operation.query("auditLog").arg("since", "DateTime", since.value(), inline)
                    .namespace(namespace, inline)
                    .arg("subject", "String", subject == null ? Operation.OMIT : subject, inline)
                    .arg("first", "Int", page.first(), inline)
                    .arg("after", "String", after == null ? Operation.OMIT : after, inline)
                    .select("totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id at subject namespace operation } }");
            // a namespace that does not exist has no records, or is NOT_FOUND
            Allowed whenValid = namespace.exists() ? Allowed.data() : Allowed.dataOr(NOT_FOUND);
            Allowed allowed = given(whenValid, since.verdict(), namespace.verdict(), verdict(subject),
                    auditFirstVerdict(page.first()), verdict(after));
            // a malformed DateTime is named as such, unless the document fails to parse first (a lone surrogate inline)
            boolean unparsable = unparsableInline(inline, namespace.name(), subject == null ? null : subject.text(),
                    after == null ? null : after.text());
            boolean namedAsDateTime = since.verdict() == Verdict.INVALID && !unparsable
                    && (since.value() instanceof String text ? HostileValues.wellFormed(text)
                    : since.value() instanceof Integer || since.value() instanceof Boolean || since.value() instanceof Double);
            Operation.JsonObjectAnswer answer = operation.expect(allowed);
            if (namedAsDateTime && !answer.json().encode().contains("expected a DateTime")) {
                answer.answer().fail("since " + since + " is refused without saying that a DateTime was expected", allowed);
            }
        });
    }

    /** Instants near the ends of the stored range and of the years 1-9999, with the other filters valid or left out. */
    @Test
    void aSinceNearTheLimitsOfTimeIsReadOrRefusedButNeverInternal() {
        attack(60, sinceNearLimits(), auditFilters(), booleans(), (since, filters, inline) -> {
            Operation operation = Operation.query("auditLog").arg("since", "DateTime", since.value(), inline);
            if (filters % 2 == 1) {
                operation.arg("namespace", "String", Fixture.NAMESPACE, inline);
            }
            if (filters / 2 % 2 == 1) {
                operation.arg("subject", "String", "test-admin", inline);
            }
            if (filters / 4 % 2 == 1) {
                operation.arg("first", "Int", 5, inline);
            }
            operation.select("totalCount edges { node { at operation } }");
            operation.expect(given(Allowed.data(), since.verdict()));
        });
    }

    @Test
    void anExportAnswersWithDataOrAContractCode() {
        attack(40, anyName(), booleans(), (name, inline) -> {
            Allowed whenValid = name.exists() ? Allowed.data() : only(NOT_FOUND);
            Operation.JsonObjectAnswer answer = Operation.query("exportNamespace").arg("name", "String!", name.name(), inline)
                    .expect(given(whenValid, name.verdict()));
            JsonObject data = answer.json().getJsonObject("data");
            if (data != null && data.getValue("exportNamespace") != null) {
                JsonObject document = new JsonObject(data.getString("exportNamespace"));
                if (!"ipamql-export".equals(document.getString("format")) || !name.name().equals(document.getString("namespace"))) {
                    answer.answer().fail("the export of " + name + " is not an ipamql-export of that namespace", null);
                }
            }
        });
    }

    @Test
    void importingAHostileDocumentIsRefusedAndImportsNothing() {
        attack(80, importDocuments(), importTargets(), booleans(), (document, target, inline) -> {
            Allowed whenValid = switch (target.kind()) {
                case MISSING -> only(NOT_FOUND);
                case NOT_EMPTY -> only(NAMESPACE_NOT_EMPTY);
                default -> Allowed.data();
            };
            Allowed allowed = given(whenValid, target.name().verdict(), document.verdict());
            Operation.JsonObjectAnswer answer = Operation.mutation("importNamespace")
                    .arg("name", "String!", target.name().name(), inline).arg("data", "String!", document.data(), inline)
                    .select("name").expect(allowed);
            JsonObject data = answer.json().getJsonObject("data");
            if (data != null && data.getValue("importNamespace") != null) {
                // only a document the contract allows is imported, and then all of it
                try {
                    int imported = GraphQL.send("query($n: String!) { prefixes(namespace: $n, first: 1000) { totalCount } }",
                            GraphQL.vars("n", target.name().name())).ok().json().getInt("data.prefixes.totalCount");
                    if (document.verdict() == Verdict.VALID && imported != document.prefixes()) {
                        answer.answer().fail("the import of " + document.prefixes() + " prefixes left " + imported, null);
                    }
                } finally {
                    Fixture.empty(target.name().name());
                }
            }
        });
    }

    // ================================================================ idempotency keys

    /** requestIds accepted so far (keys are never forgotten within a run), with the operation they served. */
    private static final Map<String, String> USED_REQUEST_IDS = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void hostileRequestIdsAreRefusedOrServedButNeverInternal() {
        attack(40, requestIds(), allocations(), booleans(), (requestId, allocation, inline) -> {
            String ns = Fixture.SCRATCH;
            String root = "192.0.2.0/24";
            String field = List.of("acquireIP", "acquireChildPrefix", "acquireSpecificChildPrefix").get(allocation);
            Operation operation = switch (allocation) {
                case 0 -> Operation.mutation(field).arg("prefix", "CIDR!", root, inline).select("address");
                case 1 -> Operation.mutation(field).arg("parent", "CIDR!", root, inline).arg("length", "Int!", 26, inline)
                        .select("cidr");
                default -> Operation.mutation(field).arg("parent", "CIDR!", root, inline)
                        .arg("cidr", "CIDR!", "192.0.2.64/26", inline).select("cidr");
            };
            operation.arg("namespace", "String", ns, inline).arg("requestId", "String", requestId, inline);
            try {
                GraphQL.run("createPrefix", "cidr", root, "namespace", ns).ok();
                String before = USED_REQUEST_IDS.get(requestId.text());
                Allowed allowed;
                if (requestId.verdict() == Verdict.INVALID) {
                    allowed = only(INVALID_ARGUMENT);
                } else if (before == null) {
                    allowed = requestId.verdict() == Verdict.VALID ? Allowed.data() : Allowed.dataOr(INVALID_ARGUMENT);
                } else {
                    // a retry returns the first result; the key used for another operation is refused
                    allowed = before.equals(field) ? Allowed.data() : only(INVALID_ARGUMENT);
                }
                JsonObject json = operation.expect(allowed).json();
                boolean served = json.getValue("data") instanceof JsonObject data && data.getValue(field) != null;
                int taken = takenIn(ns, root);
                if (served && before == null) {
                    USED_REQUEST_IDS.put(requestId.text(), field);
                    if (taken != 1) {
                        throw new AssertionError(field + " with requestId " + requestId + " answered " + json.encode()
                                + " but took " + taken + " addresses or blocks, not 1");
                    }
                } else if (taken != 0) {
                    throw new AssertionError(field + " with requestId " + requestId + (served ? " (a retry)" : " (refused)")
                            + " answered " + JsonText.shown(json.encode(), 600) + " but took " + taken + " addresses or blocks");
                }
            } finally {
                Fixture.empty(ns);
            }
        });
    }

    /** Child prefixes and acquired IPs in {@code root} of {@code namespace}. */
    private static int takenIn(String namespace, String root) {
        GraphQL.Result result = GraphQL.send("query($n: String!, $c: CIDR!) { prefixes(namespace: $n, first: 1000) { totalCount } "
                + "prefix(cidr: $c, namespace: $n) { ips(first: 1000) { totalCount } } }", GraphQL.vars("n", namespace, "c", root)).ok();
        int prefixes = result.json().getInt("data.prefixes.totalCount");
        Object ips = result.get("data.prefix.ips.totalCount");
        return prefixes - 1 + (ips == null ? 0 : ((Number) ips).intValue());
    }

    // ================================================================ wrong literals, authentication

    @Test
    void wrongTypedLiteralsAreInvalidArgumentsAndNothingRuns() {
        attack(150, wrongLiterals(), wrong -> {
            Answer answer = RawClient.graphql(wrong.document(), Map.of());
            JsonObject json = answer.assertAllowed(only(INVALID_ARGUMENT));
            if (json.getValue("data") != null) {
                answer.fail("data " + json.getValue("data") + " for a document that must not run", only(INVALID_ARGUMENT));
            }
        });
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthenticatedAndChangeNothing() {
        attack(120, authCases(), authBodies(), (auth, body) -> {
            // a request the service may serve is only ever a query: a served mutation would change the state
            String document = authBody(auth.verdict() == Verdict.INVALID ? body : body % 3);
            Allowed allowed = auth.verdict() == Verdict.INVALID ? only("UNAUTHENTICATED").orClientError()
                    : Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN").orClientError();
            RawHttp.post(JsonText.json(Map.of("query", document)), auth.lines(), auth.label()).assertAllowed(allowed);
        });
    }

    /** Signed by the trusted key, so authentic; its claims have odd types or values. */
    @Test
    void tokensOfTheTrustedIssuerWithOddClaimsGetAContractAnswer() {
        attack(40, oddClaims(), authBodies(), (auth, body) -> {
            String document = authBody(body % 3);
            // two long claims make a token longer than the server takes in a request head (Quarkus' default
            // quarkus.http.limits.max-header-size, 20 KB): that request is turned away with HTTP 431
            int headerBytes = auth.lines().stream().mapToInt(line -> line.length + 2).sum();
            Allowed allowed = headerBytes > MAX_HEADER_BYTES - 512 ? Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN").orClientError()
                    : Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN");
            RawHttp.post(JsonText.json(Map.of("query", document)), auth.lines(), auth.label()).assertAllowed(allowed);
        });
    }

    /** The server's limit on a request's head (quarkus.http.limits.max-header-size, not changed by the service). */
    private static final int MAX_HEADER_BYTES = 20 * 1024;

    /** Queries (0-2) and mutations that would succeed if they ran (3-5). */
    private static String authBody(int body) {
        return switch (body) {
            case 0 -> "{ namespaces { name } }";
            case 1 -> "{ auditLog(first: 3) { totalCount edges { node { subject operation } } } }";
            case 2 -> "{ exportNamespace(name: \"" + Fixture.NAMESPACE + "\") }";
            case 3 -> "mutation { createPrefix(cidr: \"192.0.2.0/24\", namespace: \"" + Fixture.SCRATCH + "\") { cidr } }";
            case 4 -> "mutation { createNamespace(name: \"created-without-a-token\") { name } }";
            default -> "mutation { releaseIP(prefix: \"" + Prefix.E4.cidr + "\", address: \"" + Fixture.E4_TAKEN
                    + "\", namespace: \"" + Fixture.NAMESPACE + "\") { address } }";
        };
    }

    // ================================================================ verdict helpers

    private static Verdict verdict(Hostile value) {
        return value == null ? Verdict.VALID : value.verdict();
    }

    private static Verdict firstVerdict(Object first) {
        if (first == Operation.OMIT || first == null) {
            return Verdict.VALID;
        }
        return Verdict.of(first instanceof Integer value && value >= 0 && value <= 1000);
    }

    /** Whether a child length fits the (valid) parent CIDR text: longer than it, at most 32 / 128. */
    private static boolean lengthFits(String parent, int length) {
        int parentLength = Integer.parseInt(parent.substring(parent.indexOf('/') + 1));
        return length > parentLength && length <= (parent.contains(":") ? 128 : 32);
    }

    private static Object listValue(List<Hostile> values, boolean bareSingleValue) {
        List<Object> texts = values.stream().map(value -> (Object) value.text()).toList();
        return bareSingleValue && texts.size() == 1 ? texts.get(0) : texts;
    }

    // ================================================================ generated cases

    /** A CIDR argument: a form of a fixture prefix, of a free block, or anything. */
    record Target(Prefix prefix, Hostile form, boolean known) {
        @Override
        public String toString() {
            return (known ? prefix == null ? "free block " : "fixture " + prefix + " " : "random ") + form;
        }
    }

    enum Placement { INSIDE, OUTSIDE, RESERVED, RANDOM }

    record AddressCase(Target prefix, Hostile address, Placement placement) {
        @Override
        public String toString() {
            return prefix + ", address " + (address == null ? "(omitted)" : address + " " + placement);
        }
    }

    record SpecificChild(Target parent, Hostile cidr, boolean inside) {
        @Override
        public String toString() {
            return "parent " + parent + ", cidr " + cidr + (inside ? " inside" : "");
        }
    }

    record OtherFamily(Prefix prefix, String prefixForm, String value, int operation) {
        @Override
        public String toString() {
            return List.of("ip", "acquireIP", "releaseIP", "acquireSpecificChildPrefix").get(operation)
                    + " in " + prefixForm + " with " + value;
        }
    }

    record WrongType(OperationSpec spec, String variable, Object value) {
        @Override
        public String toString() {
            return spec.name() + " with $" + variable + " = " + JsonText.json(value);
        }
    }

    record OperationSpec(String name, Map<String, String> types, Map<String, Object> variables) {
    }

    record Document(String text, String operationName, Allowed allowed) {
        @Override
        public String toString() {
            return "document " + JsonText.shown(text, 300) + (operationName == null ? "" : " operationName "
                    + JsonText.shown(operationName)) + " -> " + allowed;
        }
    }

    record Body(byte[] bytes, String contentType, Allowed allowed, boolean chunked, String label) {
        @Override
        public String toString() {
            return label + " [" + contentType + "] " + bytes.length + " bytes"
                    + (chunked ? " chunked" : "") + ": " + JsonText.shown(new String(bytes, 0,
                    Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1));
        }
    }

    // ================================================================ generators: values

    private static Gen<Hostile> anyCidr() {
        return HostileValues.anyCidrs();
    }

    private static Gen<Hostile> anyAddress() {
        return HostileValues.anyAddresses();
    }

    private static Gen<Hostile> optionalCidr() {
        return orNull(HostileValues.anyCidrs(), 40);
    }

    private static Gen<Hostile> optionalAddress() {
        return orNull(HostileValues.anyAddresses(), 40);
    }

    private static Gen<Hostile> optionalFamily() {
        return orNull(HostileValues.families(), 40);
    }

    private static Gen<Object> optionalInt() {
        return frequency(weight(1, just(Operation.OMIT)),
                weight(3, HostileValues.intArguments()));
    }

    private static Gen<Object> intArgument() {
        return HostileValues.intArguments();
    }

    private static Gen<Hostile> optionalPrefixCursor() {
        return orNull(HostileValues.cursors("prefix:"), 30);
    }

    private static Gen<Hostile> optionalIpCursor() {
        return orNull(HostileValues.cursors("ip:"), 30);
    }

    private static Gen<Hostile> optionalDescription() {
        return orNull(HostileValues.descriptions(), 50);
    }

    private static Gen<Hostile> descriptions() {
        return HostileValues.descriptions();
    }

    private static Gen<List<Hostile>> cidrLists() {
        return lists(HostileValues.anyCidrs(), 0, 5);
    }

    private static Gen<Prefix> fixturePrefixes() {
        return of(Prefix.values());
    }

    private static Gen<Hostile> invalidCidrOrFixtureForm() {
        List<String> near = new ArrayList<>(Fixture.FREE);
        for (Prefix prefix : Prefix.values()) {
            near.addAll(prefix.forms);
        }
        return oneOf(HostileValues.invalidCidrs(),
                HostileValues.formsOf(near).assuming(form -> form.verdict() == Verdict.INVALID));
    }

    private static Gen<Hostile> overlappingForms() {
        List<String> overlapping = new ArrayList<>(List.of("198.51.0.0/16", "198.0.0.0/8", "0.0.0.0/0", "2001:db8::/32",
                "::/0", "2001:db8:f00d::/47", "198.51.100.64/26", "198.51.101.1/32", "2001:db8:cafe::4/126",
                "2001:db8:f00d:1::/64", "2001:DB8:BEEF::1/128", "198.51.102.6/32"));
        for (Prefix prefix : Prefix.values()) {
            overlapping.addAll(prefix.forms);
        }
        // other valid CIDRs made from these texts need not overlap anything: they would be created
        return HostileValues.formsOf(overlapping)
                .assuming(form -> form.verdict() == Verdict.INVALID || overlapping.contains(form.text()));
    }

    private static Gen<BigInteger> lengthsFrom2To31() {
        return withEdgeCases(bigIntegers(BigInteger.TWO.pow(31), BigInteger.TWO.pow(70)),
                BigInteger.TWO.pow(31), BigInteger.TWO.pow(32), BigInteger.TWO.pow(63));
    }

    private static Gen<BigInteger> lengthsFrom2To32() {
        return withEdgeCases(bigIntegers(BigInteger.TWO.pow(32), BigInteger.TWO.pow(70)),
                BigInteger.TWO.pow(32), BigInteger.TWO.pow(32).add(BigInteger.valueOf(24)));
    }

    private static Gen<String> freeAddresses() {
        return of("198.51.103.0", "203.0.113.7", "2001:db8:d00d::", "10.0.0.0");
    }

    private static Gen<String> freeCidrs() {
        return of("198.51.103.0/24", "203.0.113.0/25", "2001:db8:d00d::/48", "10.0.0.0/8");
    }

    private static Gen<Integer> uses() {
        return integers(0, 2);
    }

    /** C0 and C1 control characters (NUL included), once or a few times. */
    private static Gen<String> controlCharacters() {
        return frequency(
                weight(3, chars('\u0000', '\u001f')),
                weight(1, chars('\u007f', '\u009f')))
                .zip(integers(1, 3), (c, n) -> String.valueOf(c).repeat(n));
    }

    /** IPv6 text whose embedded IPv4 part has fewer than four parts (RFC 4291 requires d.d.d.d). */
    private static Gen<String> malformedEmbeddedIPv4() {
        Gen<String> generated = of("::ffff:", "::", "1:2:3:4:5:6:", "64:ff9b::", "2001:db8:cafe::")
                .zip(lists(integers(0, 255), 2, 3),
                        (head, parts) -> head + parts.stream().map(String::valueOf).collect(Collectors.joining(".")));
        // short forms that some parsers read inet_aton-style: 0.5 as 0.0.0.5, i.e. the acquired 2001:db8:cafe::5
        return frequency(weight(4, generated),
                weight(1, of("2001:db8:cafe::0.5", "2001:db8:cafe::0.0.5", "::ffff:10.0.0")));
    }

    /** Text with one UTF-16 surrogate that has no partner: JSON can carry it, UTF-8 cannot. */
    private static Gen<String> unpairedSurrogates() {
        Gen<String> around = strings(chars('\u0020', '\ud7ff'), 0, 4);
        return around.zip(chars('\ud800', '\udfff'), around, (before, surrogate, after) -> before + surrogate + after)
                .assuming(text -> !HostileValues.wellFormed(text));
    }

    // ================================================================ generators: namespaces

    private static Gen<Namespace> anyNamespace() {
        return frequency(
                weight(2, just(Namespace.leftOut())),
                weight(1, of(Namespace.existing("default"), Namespace.existing(Fixture.SCRATCH))),
                weight(3, just(Namespace.existing(Fixture.NAMESPACE))),
                weight(2, HostileValues.missingNames().map(Namespace::of)),
                weight(3, HostileValues.invalidNames().map(Namespace::of)),
                weight(1, just(Namespace.explicitNull())));
    }

    /** Namespaces that exist: a valid CIDR could create a prefix there, so only invalid ones go with them. */
    private static Gen<Namespace> existingNamespace() {
        return of(Namespace.leftOut(), Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                Namespace.existing(Fixture.SCRATCH));
    }

    private static Gen<Namespace> absentNamespace() {
        return oneOf(HostileValues.missingNames().map(Namespace::of),
                HostileValues.invalidNames().map(Namespace::of));
    }

    /** Mostly the fixture namespace, where the targets live; sometimes an empty, missing or invalid one. */
    private static Gen<Namespace> targetNamespace() {
        return frequency(
                weight(6, just(Namespace.existing(Fixture.NAMESPACE))),
                weight(1, of(Namespace.leftOut(), Namespace.existing(Fixture.SCRATCH))),
                weight(1, HostileValues.missingNames().map(Namespace::of)),
                weight(2, HostileValues.invalidNames().map(Namespace::of)));
    }

    private static Gen<Namespace> anyName() {
        return frequency(
                weight(2, of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                        Namespace.existing(Fixture.SCRATCH))),
                weight(2, HostileValues.missingNames().map(Namespace::of)),
                weight(4, HostileValues.invalidNames().map(Namespace::of)));
    }

    private static Gen<Namespace> createNamespaceNames() {
        return frequency(
                weight(1, of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                        Namespace.existing(Fixture.SCRATCH))),
                weight(5, HostileValues.invalidNames().map(Namespace::of)));
    }

    private static Gen<Namespace> deleteNamespaceNames() {
        return frequency(
                weight(1, of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE))),
                weight(2, HostileValues.missingNames().map(Namespace::of)),
                weight(5, HostileValues.invalidNames().map(Namespace::of)));
    }

    // ================================================================ generators: targets in the fixture

    private static Gen<Target> targets() {
        return frequency(
                weight(5, of(Prefix.values()).flatMap(prefix -> HostileValues.formsOf(prefix.forms)
                        .map(form -> target(prefix, form, prefix.forms)))),
                weight(1, HostileValues.formsOf(Fixture.FREE).map(form -> target(null, form, Fixture.FREE))),
                weight(3, HostileValues.anyCidrs().map(form -> new Target(null, form, false))));
    }

    /**
     * Only one of the listed valid forms certainly names the prefix; anything else (decorated, or a valid
     * CIDR made from it with another length) is judged like random text.
     */
    private static Target target(Prefix prefix, Hostile form, List<String> forms) {
        return new Target(prefix, form, form.verdict() == Verdict.VALID && forms.contains(form.text()));
    }

    private static Gen<SpecificChild> specificChildCases() {
        Map<Prefix, List<String>> inside = Map.of(
                Prefix.R4, List.of("198.51.100.64/26", "198.51.100.65/26", "198.51.100.0/32", "198.51.100.255/32",
                        "198.51.100.128/25"),
                Prefix.L4, List.of("198.51.101.1/32", "198.51.101.0/32"),
                Prefix.R6, List.of("2001:db8:f00d:1::/64", "2001:DB8:F00D::1/128", "2001:db8:f00d:8000::/50"),
                Prefix.L6, List.of("2001:db8:beef::1/128"),
                Prefix.E6, List.of("2001:db8:cafe::4/126"));
        Gen<SpecificChild> targeted = of(inside.keySet().stream().sorted().toList()).flatMap(prefix ->
                HostileValues.formsOf(prefix.forms).zip(HostileValues.formsOf(inside.get(prefix)),
                        (parent, child) -> new SpecificChild(target(prefix, parent, prefix.forms), child,
                                child.verdict() == Verdict.VALID && inside.get(prefix).contains(child.text()))));
        Gen<SpecificChild> anyChild = targets().zip(HostileValues.anyCidrs(),
                (parent, child) -> new SpecificChild(parent, child, false));
        return frequency(weight(1, targeted), weight(1, anyChild));
    }

    private static Gen<AddressCase> acquireCases() {
        Map<Prefix, List<String>> inside = Map.of(
                Prefix.L4, List.of("198.51.101.0", "198.51.101.1"),
                Prefix.L6, List.of("2001:db8:beef::", "2001:db8:beef::1", "2001:DB8:BEEF::1", "2001:db8:beef:0:0:0:0:1"),
                Prefix.R4, List.of("198.51.100.0", "198.51.100.1", "198.51.100.128", "198.51.100.255", "198.51.100.77"),
                Prefix.R6, List.of("2001:db8:f00d::", "2001:db8:f00d::1", "2001:db8:f00d:ffff:ffff:ffff:ffff:ffff"));
        return addressCases(inside, Map.of());
    }

    /** A range to reserve: its prefix, its ends, where they lie, and whether first is above last. */
    record RangeCase(Target prefix, Hostile first, Hostile last, Placement placement, boolean upsideDown) {
        @Override
        public String toString() {
            return prefix + ", range " + first + " .. " + last + " " + placement + (upsideDown ? " upside down" : "");
        }
    }

    /** Ranges that hold an acquired address of the fixture or lie in a prefix with children; or outside, or random. */
    private static Gen<RangeCase> rangeCases() {
        Map<Prefix, List<List<String>>> taken = Map.of(
                Prefix.R4, List.of(List.of("198.51.100.1", "198.51.100.9"), List.of("198.51.100.0", "198.51.100.255")),
                Prefix.R6, List.of(List.of("2001:db8:f00d::1", "2001:db8:f00d::ff")),
                Prefix.L4, List.of(List.of("198.51.101.0", "198.51.101.1"), List.of("198.51.101.1", "198.51.101.1")),
                Prefix.E4, List.of(List.of("198.51.102.1", "198.51.102.6"), List.of("198.51.102.6", "198.51.102.7"),
                        List.of("198.51.102.0", "198.51.102.7")),
                Prefix.E6, List.of(List.of("2001:db8:cafe::5", "2001:db8:cafe::7"), List.of("2001:db8:cafe::", "2001:db8:cafe::5")),
                Prefix.C4A, List.of(List.of("198.51.100.1", "198.51.100.100")));
        Gen<RangeCase> targeted = of(taken.keySet().stream().sorted().toList()).flatMap(prefix -> {
            Gen<Target> form = HostileValues.formsOf(prefix.forms).map(f -> target(prefix, f, prefix.forms));
            String outside = prefix.v6() ? "2001:db8:d00d::1" : "198.51.103.1";
            return form.zip(of(taken.get(prefix)), booleans(), of(0, 1, 2), (target, range, flip, where) -> {
                boolean single = range.get(0).equals(range.get(1));
                List<String> ends = flip && !single ? List.of(range.get(1), range.get(0)) : range;
                return switch (where) {
                    case 0 -> new RangeCase(target, Hostile.valid(ends.get(0)), Hostile.valid(ends.get(1)), Placement.INSIDE,
                            flip && !single);
                    case 1 -> new RangeCase(target, Hostile.valid(range.get(0)), Hostile.valid(outside), Placement.OUTSIDE,
                            false);
                    default -> new RangeCase(target, Hostile.valid(outside), Hostile.valid(range.get(1)), Placement.OUTSIDE,
                            false);
                };
            }).flatMap(c -> HostileValues.addressFormsOf(List.of(c.first().text())).map(first -> new RangeCase(c.prefix(),
                    first, c.last(), c.placement(), c.upsideDown())));
        });
        Gen<RangeCase> random = targets().zip(HostileValues.anyAddresses(), HostileValues.anyAddresses(),
                (prefix, first, last) -> new RangeCase(prefix, first, last, Placement.RANDOM, false));
        return frequency(weight(3, targeted), weight(1, random));
    }

    private static Gen<AddressCase> releaseCases() {
        Map<Prefix, List<String>> free = Map.of(
                Prefix.E4, List.of("198.51.102.1", "198.51.102.2", "198.51.102.5"),
                Prefix.E6, List.of("2001:db8:cafe::1", "2001:db8:cafe::4", "2001:db8:cafe::7", "2001:DB8:CAFE::6"),
                Prefix.R4, List.of("198.51.100.1", "198.51.100.200", "198.51.100.5"),
                Prefix.R6, List.of("2001:db8:f00d::1", "2001:db8:f00d::2"));
        Map<Prefix, List<String>> reserved = Map.of(
                Prefix.E4, List.of("198.51.102.0", "198.51.102.7"),
                Prefix.E6, List.of("2001:db8:cafe::", "2001:db8:cafe:0::0"),
                Prefix.R4, List.of("198.51.100.0", "198.51.100.255"),
                Prefix.R6, List.of("2001:db8:f00d::"));
        return addressCases(free, reserved);
    }

    /**
     * Addresses for IP operations on fixture prefixes: valid ones inside (or reserved), their decorated
     * forms (and those of the acquired addresses of E4 and E6, which must never be released), addresses
     * outside or of the other family, and random ones; or a random prefix with a random address.
     */
    private static Gen<AddressCase> addressCases(Map<Prefix, List<String>> inside, Map<Prefix, List<String>> reserved) {
        Gen<AddressCase> targeted = of(inside.keySet().stream().sorted().toList()).flatMap(prefix -> {
            Gen<Target> form = HostileValues.formsOf(prefix.forms).map(f -> target(prefix, f, prefix.forms));
            List<String> taken = prefix == Prefix.E4 ? List.of(Fixture.E4_TAKEN) : prefix == Prefix.E6
                    ? List.of(Fixture.E6_TAKEN) : inside.get(prefix);
            List<String> outside = prefix.v6() ? List.of("2001:db8::1", "::1", "2001:db8:d00d::1", "::ffff:198.51.100.1",
                    "198.51.100.1", "198.51.102.6", "0.0.0.0") : List.of("198.51.103.1", "10.0.0.1", "0.0.0.0",
                    "::ffff:198.51.101.1", "::ffff:198.51.102.6", "::ffff:c633:6501", "::198.51.100.1",
                    "0:0:0:0:0:ffff:198.51.101.0", "2001:db8:f00d::1", "::");
            List<Pair<Integer, Gen<AddressCase>>> choices = new ArrayList<>(List.of(
                    weight(3, form.zip(HostileValues.addressFormsOf(inside.get(prefix)),
                            (p, a) -> new AddressCase(p, a, Placement.INSIDE))),
                    weight(2, form.zip(HostileValues.addressFormsOf(taken).assuming(a -> a.verdict() == Verdict.INVALID),
                            (p, a) -> new AddressCase(p, a, Placement.INSIDE))),
                    weight(2, form.zip(of(outside).map(Hostile::valid), (p, a) -> new AddressCase(p, a, Placement.OUTSIDE))),
                    weight(2, form.zip(HostileValues.anyAddresses(), (p, a) -> new AddressCase(p, a, Placement.RANDOM)))));
            if (reserved.containsKey(prefix)) {
                choices.add(weight(2, form.zip(HostileValues.addressFormsOf(reserved.get(prefix)),
                        (p, a) -> new AddressCase(p, a, Placement.RESERVED))));
            } else {
                choices.add(weight(1, form.map(p -> new AddressCase(p, null, Placement.INSIDE))));
            }
            return frequency(choices);
        });
        Gen<AddressCase> random = HostileValues.anyCidrs().zip(HostileValues.anyAddresses(),
                (p, a) -> new AddressCase(new Target(null, p, false), a, Placement.RANDOM));
        return frequency(weight(3, targeted), weight(1, random));
    }

    private static Gen<OtherFamily> otherFamilyCases() {
        List<Prefix> prefixes = List.of(Prefix.L4, Prefix.E4, Prefix.C4A, Prefix.R4, Prefix.L6, Prefix.E6, Prefix.C6A);
        return of(prefixes).flatMap(prefix -> {
            List<String> other = prefix.v6() ? List.of("198.51.100.1", "0.0.0.0", "255.255.255.255", "32.1.13.184",
                    "198.51.102.6", "198.51.101.1") : List.of("::ffff:198.51.100.1", "::ffff:198.51.101.0",
                    "::ffff:198.51.101.1", "::ffff:198.51.102.6", "::ffff:c633:6601", "0:0:0:0:0:ffff:198.51.101.1",
                    "::198.51.101.1", "64:ff9b::198.51.101.1", "2001:db8:f00d::1", "::");
            return of(prefix.forms).zip(of(other), integers(0, 3),
                    (form, value, operation) -> new OtherFamily(prefix, form, value, operation));
        });
    }

    // ================================================================ generators: requests

    /** The example operations with valid variables that would change nothing or be noticed if they ran. */
    private static List<OperationSpec> operationSpecs() {
        String fx = Fixture.NAMESPACE;
        List<OperationSpec> specs = new ArrayList<>();
        Map<String, Map<String, Object>> variables = new TreeMap<>();
        variables.put("createNamespace", Map.of("name", "created-by-wrong-type"));
        variables.put("deleteNamespace", Map.of("name", Fixture.SCRATCH));
        variables.put("createPrefix", Map.of("cidr", "192.0.2.0/24", "namespace", Fixture.SCRATCH, "description", "x"));
        variables.put("deletePrefix", Map.of("cidr", Prefix.L4.cidr, "namespace", fx));
        variables.put("acquireChildPrefix", Map.of("parent", Prefix.R4.cidr, "length", 26, "namespace", fx, "description", "x"));
        variables.put("acquireSpecificChildPrefix", Map.of("parent", Prefix.R4.cidr, "cidr", "198.51.100.0/26",
                "namespace", fx, "description", "x"));
        variables.put("releaseChildPrefix", Map.of("cidr", Prefix.C4A.cidr, "namespace", fx));
        variables.put("acquireIP", Map.of("prefix", Prefix.E4.cidr, "address", "198.51.102.1", "namespace", fx,
                "description", "x"));
        variables.put("releaseIP", Map.of("prefix", Prefix.E4.cidr, "address", Fixture.E4_TAKEN, "namespace", fx));
        variables.put("prefix", Map.of("cidr", Prefix.R4.cidr, "namespace", fx, "first", 10, "after", "cHJlZml4Og"));
        variables.put("prefixes", Map.of("namespace", fx, "within", "198.51.0.0/16", "contains", "198.51.100.1",
                "family", "V4", "first", 10));
        variables.put("ip", Map.of("prefix", Prefix.E4.cidr, "address", Fixture.E4_TAKEN, "namespace", fx));
        variables.put("namespace", Map.of("name", fx, "first", 10));
        variables.put("prefixesOverlapping", Map.of("existing", List.of("10.0.0.0/8"), "candidates", List.of("10.1.0.0/16")));
        variables.put("tree", Map.of("name", fx));
        variables.put("manyFields", Map.of("a", Prefix.R4.cidr, "b", Prefix.C4A.cidr, "c", Prefix.L4.cidr, "namespace", fx));
        Pattern definition = Pattern.compile("\\$(\\w+):\\s*([\\[\\]\\w!]+)");
        variables.forEach((name, values) -> {
            Map<String, String> types = new TreeMap<>();
            Matcher m = definition.matcher(GraphQL.operation(name));
            while (m.find()) {
                types.put(m.group(1), m.group(2));
            }
            specs.add(new OperationSpec(name, types, values));
        });
        return specs;
    }

    private static Gen<WrongType> wrongTypes() {
        return of(operationSpecs()).flatMap(spec -> of(List.copyOf(spec.types().keySet()))
                .flatMap(variable -> HostileValues.wrongJsonFor(spec.types().get(variable))
                        .map(value -> new WrongType(spec, variable, value))));
    }

    /** Every name the schema uses, so that generated names are surely unknown. */
    private static Set<String> schemaNames() {
        try {
            Matcher m = Pattern.compile("[_A-Za-z][_0-9A-Za-z]*").matcher(Files.readString(Path.of("graphql", "schema.graphql")));
            Set<String> names = new java.util.HashSet<>();
            while (m.find()) {
                names.add(m.group());
            }
            return names;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Gen<Document> malformedDocuments() {
        List<String> examples = List.of("acquireChildPrefix", "acquireIP", "acquireSpecificChildPrefix", "createNamespace",
                "createPrefix", "deleteNamespace", "deletePrefix", "ip", "manyFields", "namespace", "namespaces", "prefix",
                "prefixes", "prefixesOverlapping", "releaseChildPrefix", "releaseIP", "tree");
        Set<String> known = schemaNames();
        Gen<String> unknownNames = strings(chars('a', 'z'), 1, 12)
                .map(s -> "x" + s).assuming(s -> !known.contains(s) && Answer.echoSafe(s));
        Gen<Document> truncated = of(examples).map(GraphQL::operation).flatMap(text ->
                integers(0, text.length() - 1).map(cut -> new Document(text.substring(0, cut), null,
                        text.substring(cut).isBlank() ? Allowed.dataOr(INVALID_ARGUMENT) : only(INVALID_ARGUMENT))));
        Gen<Document> unknownField = of(examples).map(GraphQL::operation).zip(unknownNames, integers(0, 1000), booleans(),
                (text, name, at, field) -> {
                    String opener = field ? "{" : "(";
                    List<Integer> places = new ArrayList<>();
                    for (int i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) {
                        places.add(i + 1);
                    }
                    if (!field && !places.isEmpty()) {
                        places.remove(0); // the variable definitions: an argument there is a syntax error, also fine
                    }
                    int place = places.isEmpty() ? text.indexOf('{') + 1 : places.get(at % places.size());
                    String inserted = field ? " " + name + " " : name + ": 1, ";
                    return new Document(text.substring(0, place) + inserted + text.substring(place), null, only(INVALID_ARGUMENT));
                });
        Gen<Document> randomText = oneOf(HostileValues.randomText(), anyStrings(0, 300))
                .assuming(Answer::echoSafe)
                .map(text -> new Document(text, null, only(INVALID_ARGUMENT)));
        List<String> tokens = List.of("{", "}", "(", ")", "[", "]", "query", "mutation", "subscription", "fragment", "on",
                "...", "$x", "$x:", ":", "=", "!", "@include", "@skip", "@deprecated", "|", "&", "#c\n", "1", "-1", "1.5",
                "99999999999", "\"X y\"", "\"\"\"X\ny\"\"\"", "true", "null", "V4", "prefixes", "namespaces", "name",
                "prefix", "cidr", "first", "createNamespace", "deleteNamespace", "createPrefix", "__typename", "__schema",
                "Int", "String!", "CIDR", ",", "\u0000", "\ufeff", "\"\\u0000\"", "\"\\ud800\"");
        Gen<Document> soup = lists(of(tokens), 1, 60)
                .map(list -> new Document(String.join(" ", list), null, Allowed.dataOr(INVALID_ARGUMENT, NOT_FOUND)));
        String two = "query A { namespaces { name } } query B { prefixes(namespace: \"" + Fixture.NAMESPACE
                + "\") { totalCount } }";
        Gen<Document> operationNames = oneOf(HostileValues.randomText(),
                        of("", " ", "a", "A ", "a\u0000", "C", "AB", "B\n"))
                .assuming(name -> !name.equals("A") && !name.equals("B"))
                .map(name -> new Document(two, name, only(INVALID_ARGUMENT)));
        Gen<Document> curated = of(
                new Document("", null, only(INVALID_ARGUMENT)),
                new Document(" ", null, only(INVALID_ARGUMENT)),
                new Document("{}", null, only(INVALID_ARGUMENT)),
                new Document("query", null, only(INVALID_ARGUMENT)),
                new Document("mutation { }", null, only(INVALID_ARGUMENT)),
                new Document("subscription { namespaces { name } }", null, only(INVALID_ARGUMENT)),
                new Document("query A { namespaces { name } } query A { namespaces { name } }", "A", only(INVALID_ARGUMENT)),
                new Document("fragment F on Query { ...F } { ...F }", null, only(INVALID_ARGUMENT)),
                new Document("{ ...Missing }", null, only(INVALID_ARGUMENT)),
                new Document("query($x: Int) { namespaces { name } }", null, only(INVALID_ARGUMENT)),
                new Document("query($x: Int, $x: Int) { prefixes(first: $x) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ namespaces { name @nope } }", null, only(INVALID_ARGUMENT)),
                new Document("{ namespaces { name @skip(if: \"yes\") } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(first: 1.5) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(first: \"1\") { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(family: \"V4\") { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(family: V5) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: null) { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: 10) { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: [\"10.0.0.0/8\"]) { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: {a: 1}) { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes }", null, only(INVALID_ARGUMENT)),
                new Document("{ namespaces { name { x } } }", null, only(INVALID_ARGUMENT)),
                new Document("mutation { createNamespace(name: \"Bad Name\") }", null, only(INVALID_ARGUMENT)),
                new Document("{ namespaces { name } } mutation { createNamespace(name: \"Bad Name\") { name } }", null,
                        only(INVALID_ARGUMENT)),
                new Document("{ namespaces { name } } }", null, only(INVALID_ARGUMENT)),
                new Document("{{{{", null, only(INVALID_ARGUMENT)),
                new Document("query Q($n: String = 1) { namespace(name: $n) { name } }", null, only(INVALID_ARGUMENT)),
                new Document("query Q($f: Int = 99999999999) { prefixes(first: $f) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("query Q($f: Int = -1) { prefixes(first: $f) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(first: -2147483648) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixes(first: 2147483647) { totalCount } }", null, only(INVALID_ARGUMENT)),
                new Document("\"\"\"unterminated", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: \"10.0.0.0/8) { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: \"\\ud800\") { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: \"\\u0000\") { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefix(cidr: \"\\x41\") { cidr } }", null, only(INVALID_ARGUMENT)),
                new Document("{ prefixesOverlapping(existing: [null], candidates: []) { candidate } }", null, only(INVALID_ARGUMENT)),
                new Document("{ __schema { types { name } } }", null, Allowed.dataOr(INVALID_ARGUMENT)),
                new Document("{ __typename }", null, Allowed.data()),
                new Document("{ namespaces { name } } # comment", null, Allowed.data()),
                new Document("\ufeff{ namespaces { name } }", null, Allowed.dataOr(INVALID_ARGUMENT)),
                new Document("{ namespaces { name } }", "", Allowed.dataOr(INVALID_ARGUMENT)));
        return frequency(weight(3, truncated), weight(3, unknownField), weight(2, randomText),
                weight(2, soup), weight(1, operationNames), weight(2, curated));
    }

    private static Gen<Document> abusiveDocuments() {
        String prefix = "prefix(cidr: \"" + Prefix.R4.cidr + "\", namespace: \"" + Fixture.NAMESPACE + "\")";
        Gen<Integer> depths = withEdgeCases(integers(16, 300), 16, 50, 300);
        Gen<Document> children = depths.map(d -> new Document("{ " + prefix + " { " + "children { ".repeat(d) + "cidr"
                + " }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Gen<Document> parents = depths.map(d -> new Document("{ " + prefix + " { " + "parent { ".repeat(d) + "cidr"
                + " }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Gen<Document> inlineFragments = depths.map(d -> new Document("{ " + prefix + " { "
                + "... on Prefix { children { ".repeat(d) + "cidr" + " } }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Gen<Document> fragments = depths.map(d -> {
            StringBuilder text = new StringBuilder("{ " + prefix + " { ...F0 } }");
            for (int i = 0; i < d; i++) {
                text.append(" fragment F").append(i).append(" on Prefix { cidr children { ...F").append(i + 1).append(" } }");
            }
            text.append(" fragment F").append(d).append(" on Prefix { cidr }");
            return new Document(text.toString(), null, only(INVALID_ARGUMENT));
        });
        Gen<Document> aliases = withEdgeCases(integers(251, 5000), 251, 1000, 5000)
                .map(n -> new Document(IntStream.range(0, n).mapToObj(i -> "a" + i + ": namespaces { name }")
                        .collect(Collectors.joining(" ", "{ ", " }")), null, only(INVALID_ARGUMENT)));
        Gen<Document> expensiveAliases = integers(170, 2000).map(n -> new Document(
                IntStream.range(0, n).mapToObj(i -> "a" + i + ": " + prefix + " { usage { size } }")
                        .collect(Collectors.joining(" ", "{ ", " }")), null, only(INVALID_ARGUMENT)));
        Gen<Document> bombs = integers(9, 60).map(k -> {
            StringBuilder text = new StringBuilder("{ ...F" + k + " } fragment F0 on Query { namespaces { name } }");
            for (int i = 1; i <= k; i++) {
                text.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
            }
            return new Document(text.toString(), null, only(INVALID_ARGUMENT));
        });
        return oneOf(children, parents, inlineFragments, fragments, aliases, expensiveAliases, bombs);
    }

    private static Gen<Body> oversizedBodies() {
        int limit = 262_144;
        Gen<Integer> sizes = withEdgeCases(integers(limit + 1, 6_000_000), limit + 1, 5 * 1024 * 1024);
        return sizes.zip(integers(0, 3), booleans(), (size, shape, chunked) -> {
            String head;
            String tail;
            switch (shape) {
                case 0 -> {
                    head = "{\"query\":\"";
                    tail = "\"}";
                }
                case 1 -> {
                    head = "{\"query\":\"{ namespaces { name } }\",\"variables\":{\"pad\":\"";
                    tail = "\"}}";
                }
                case 2 -> {
                    head = "{\"query\":\"mutation($d: String) { createPrefix(cidr: \\\"192.0.2.0/24\\\", namespace: \\\""
                            + Fixture.SCRATCH + "\\\", description: $d) { cidr } }\",\"variables\":{\"d\":\"";
                    tail = "\"}}";
                }
                default -> {
                    head = "";
                    tail = "";
                }
            }
            byte[] bytes = new byte[size];
            byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
            byte[] tailBytes = tail.getBytes(StandardCharsets.UTF_8);
            java.util.Arrays.fill(bytes, (byte) 'a');
            System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
            System.arraycopy(tailBytes, 0, bytes, size - tailBytes.length, tailBytes.length);
            return new Body(bytes, "application/json", only(), chunked, "shape " + shape);
        });
    }

    private static Gen<Body> notGraphQLBodies() {
        Allowed refused = only(INVALID_ARGUMENT).orClientError();
        String query = "{ namespaces { name } }";
        Gen<Body> bytes = bytes(0, 2000)
                .assuming(b -> Answer.echoSafe(new String(b, StandardCharsets.ISO_8859_1)))
                .map(b -> new Body(b, "application/json", refused, false, "random bytes"));
        Gen<Body> text = HostileValues.randomText()
                .map(t -> new Body(t.getBytes(StandardCharsets.UTF_8), "application/json", refused, false, "random text"));
        List<String> curated = List.of("", "null", "true", "1", "\"" + query + "\"", "[]", "[{\"query\":\"" + query + "\"}]",
                "{}", "{\"query\":null}", "{\"query\":5}", "{\"query\":true}", "{\"query\":[\"" + query + "\"]}",
                "{\"query\":{\"a\":1}}", "{\"query\":\"" + query + "\",\"variables\":\"{}\"}",
                "{\"query\":\"" + query + "\",\"variables\":[]}", "{\"query\":\"" + query + "\",\"variables\":5}",
                "{\"query\":\"" + query + "\",\"variables\":true}", "{\"query\":\"" + query + "\",\"operationName\":5}",
                "{\"query\":\"" + query + "\",\"operationName\":[]}", "{\"query\":\"" + query + "\",\"operationName\":{}}",
                "{\"Query\":\"" + query + "\"}", "{'query':'" + query + "'}", "{query:\"" + query + "\"}",
                "{\"query\":\"" + query + "\",}", "{\"query\":\"" + query + "\"} trailing", "{\"query\":\"" + query + "\"}{}",
                "/* c */ {\"query\":\"" + query + "\"}", "{\"query\":\"" + query + "\"", "{\"query\":\"" + query,
                "{\"query\":\"" + query + "\",\"variables\":{\"x\":1e999999}}", "{\"query\":\"" + query + "\",\"variables\":{\"x\":NaN}}",
                "{\"query\":\"\\ud800\"}", "{\"query\":\"\\u0000\"}", "{\"query\":\"\\x41\"}", "\ufeff{\"query\":\"" + query + "\"}",
                "[".repeat(100_000) + "]".repeat(100_000), "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
                "{\"query\":\"" + query + "\",\"variables\":" + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_001),
                "{\"query\":\"" + query + "\",\"variables\":{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}}");
        Gen<Body> shapes = of(curated).map(t -> new Body(t.getBytes(StandardCharsets.UTF_8),
                "application/json", Allowed.dataOr(INVALID_ARGUMENT).orClientError(), false, "curated"));
        Gen<Body> brokenUtf8 = of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xed,
                        (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {0})
                .map(b -> {
                    byte[] head = "{\"query\":\"{ namespaces { name } }".getBytes(StandardCharsets.UTF_8);
                    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
                    byte[] all = new byte[head.length + b.length + tail.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(b, 0, all, head.length, b.length);
                    System.arraycopy(tail, 0, all, head.length + b.length, tail.length);
                    return new Body(all, "application/json", Allowed.dataOr(INVALID_ARGUMENT).orClientError(), false, "broken UTF-8");
                });
        return frequency(weight(2, bytes), weight(2, text), weight(3, shapes), weight(1, brokenUtf8));
    }

    private static Gen<String> contentTypes() {
        return of("application/json", "application/json; charset=utf-8", "application/json; charset=UTF-16",
                "application/json; charset=iso-8859-1", "application/json; charset=nonsense", "text/plain",
                "application/graphql", "application/graphql+json", "application/graphql-response+json",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*",
                "(none)", "application/json;", "APPLICATION/JSON");
    }

    // ================================================================ generators: audit log, import, requestId, tokens

    /** A {@code since} argument: a JSON value (or omitted) and the contract's verdict. */
    record Since(Object value, Verdict verdict) {
        @Override
        public String toString() {
            return "since " + (value instanceof String text ? JsonText.shown(text) : String.valueOf(value)) + " (" + verdict + ")";
        }
    }

    enum ImportKind { MISSING, NOT_EMPTY, EMPTY, INVALID }

    record ImportTarget(Namespace name, ImportKind kind) {
        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    private static final Pattern PLAIN_DATE_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})");

    /**
     * ISO-8601 date and time with an offset: certainly valid in its plain form within the years 1-9999;
     * odd but readable forms (other years, lower-case letters, offset seconds) may be refused; unreadable is invalid.
     */
    static Verdict dateTimeVerdict(String text) {
        java.time.OffsetDateTime parsed;
        try {
            parsed = java.time.OffsetDateTime.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return Verdict.INVALID;
        }
        return PLAIN_DATE_TIME.matcher(text).matches() && parsed.getYear() >= 1 && parsed.getYear() <= 9999
                ? Verdict.VALID : Verdict.UNKNOWN;
    }

    private static String year(int year) {
        return year > 9999 ? "+" + year : year < 0 ? "-" + String.format("%04d", -(long) year) : String.format("%04d", year);
    }

    private static Gen<Since> auditSince() {
        Gen<String> plain = of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00",
                "2000-02-29T23:59:59.999999-05:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00Z", "2026-06-30T12:00:00-00:00", "2026-01-01T00:00:00+18:00",
                "2026-01-01T00:00:00-18:00", "0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999-18:00");
        Gen<String> odd = of("+10000-01-01T00:00:00Z", "+294276-12-31T23:59:59Z", "+294277-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "-4713-11-24T00:00:00Z", "-4714-11-23T00:00:00Z",
                "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-01-01t00:00:00z", "2026-01-01T00:00:00+05:30:15",
                "+294276-12-31T23:59:59.999999Z", "+294277-01-09T04:00:54.775806Z", "+294277-01-09T04:00:54.775807Z",
                "-4713-11-24T00:00:00Z", "-4713-11-23T23:59:59.999999Z", "-290308-12-21T19:59:05.224192Z");
        Gen<String> anyYear = frequency(
                        weight(2, integers(1, 9999)),
                        weight(2, integers(10_000, 999_999_999)),
                        weight(1, integers(-999_999_999, 0)))
                .zip(integers(1, 12), integers(1, 28), of("Z", "+00:00", "-12:00", "+14:00"),
                        (y, month, day, offset) -> year(y) + String.format("-%02d-%02dT12:34:56", month, day) + offset);
        Gen<String> malformed = of("2026-01-01", "yesterday", "", " ", "now", "today", "2026-01-01T00:00:00",
                "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01 00:00:00Z", "1735689600",
                "2026-01-01T00:00:00+19:00", "2026-W01-1", "2026-001T00:00:00Z", "P1D", "null", " 2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z ", "\uff12\uff10\uff12\uff16-01-01T00:00:00Z", "2026-01-01T00:00:00Z\u0000",
                "2026-01-01T00:00:00\u0000Z", "\ud800", "2026-01-01T00:00:00Z[Europe/Paris]", "Thu, 01 Jan 2026 00:00:00 GMT",
                "2026-01-01T00:00:00Z" + " ".repeat(10_240), "9".repeat(10_240), "2026-01-01T00:00:00." + "1".repeat(10_000) + "Z",
                "+" + "9".repeat(10_000) + "-01-01T00:00:00Z");
        Gen<Since> texts = frequency(weight(3, plain), weight(3, odd), weight(3, anyYear),
                        weight(4, malformed), weight(2, HostileValues.randomText()))
                .assuming(Answer::echoSafe)
                .map(text -> new Since(text, dateTimeVerdict(text)));
        Gen<Since> notStrings = Generators.<Object>of(5, 0, -1, 1735689600, 1.5, true, false, new BigInteger("2147483648"),
                        new BigInteger("-99999999999999999999"), List.of("2026-01-01T00:00:00Z"), Map.of("at", "2026-01-01T00:00:00Z"))
                .map(value -> new Since(value, Verdict.INVALID));
        Gen<Since> absent = of(new Since(Operation.OMIT, Verdict.VALID), new Since(null, Verdict.VALID));
        return frequency(weight(10, texts), weight(2, notStrings), weight(2, absent));
    }

    /**
     * Instants a little before or after the ends of PostgreSQL's timestamp range (4714 BC to 294276 AD) and of
     * the years 1 and 9999, in ISO-8601 with an offset: readable, so the service may serve or refuse them.
     */
    private static Gen<Since> sinceNearLimits() {
        List<java.time.OffsetDateTime> limits = List.of(
                java.time.OffsetDateTime.parse("+294277-01-01T00:00:00Z"), java.time.OffsetDateTime.parse("-4713-11-24T00:00:00Z"),
                java.time.OffsetDateTime.parse("0001-01-01T00:00:00Z"), java.time.OffsetDateTime.parse("+10000-01-01T00:00:00Z"));
        Gen<java.time.ZoneOffset> offsets = of(java.time.ZoneOffset.UTC, java.time.ZoneOffset.ofHours(14),
                java.time.ZoneOffset.ofHours(-14), java.time.ZoneOffset.ofHoursMinutes(5, 30));
        Gen<Since> near = of(limits).zip(withEdgeCases(longs(-10L * 86_400_000_000L, 10L * 86_400_000_000L), -1L, 0L, 1L),
                offsets, (limit, micros, offset) -> {
                    String text = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                            limit.plus(micros, java.time.temporal.ChronoUnit.MICROS).withOffsetSameInstant(offset));
                    return new Since(text, dateTimeVerdict(text));
                });
        return frequency(weight(5, near), weight(1, auditSince()));
    }

    private static Gen<Integer> auditFilters() {
        return integers(0, 7);
    }

    /** Mostly no filter or an existing namespace, so that the other arguments are often what is judged. */
    private static Gen<Namespace> auditNamespace() {
        return frequency(
                weight(4, just(Namespace.leftOut())),
                weight(2, of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE))),
                weight(1, just(Namespace.explicitNull())),
                weight(1, HostileValues.missingNames().map(Namespace::of)),
                weight(2, HostileValues.invalidNames().map(Namespace::of)));
    }

    private static Gen<Hostile> auditSubjects() {
        Gen<String> texts = frequency(
                weight(3, HostileValues.descriptions().map(Hostile::text)),
                weight(2, anyStrings(0, 40)),
                weight(3, of("test-admin", "anonymous", "hostile", "",
                        " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "s".repeat(10_240), "\uD83D\uDE00".repeat(5_120),
                        "\u0000".repeat(10_240), "%", "_", "*", "'", "test-admin\u0000", "TEST-ADMIN", "test-admin ",
                        "test-admin\ud800")),
                weight(1, HostileValues.tenKilobytes()));
        return orNull(texts.assuming(Answer::echoSafe)
                .map(text -> new Hostile(text, HostileValues.wellFormed(text) && text.indexOf('\u0000') < 0
                        ? Verdict.VALID : Verdict.UNKNOWN)), 50);
    }

    private static Gen<Object> auditFirst() {
        return frequency(weight(3, just(Operation.OMIT)), weight(1, just(JsonText.NULL)),
                weight(3, integers(0, 1000).map(i -> (Object) i)),
                weight(2, HostileValues.intArguments()),
                weight(1, Generators.<Object>of("5", "", "-1", "1000", "1001", true, 1.5, List.of(5))));
    }

    private static Verdict auditFirstVerdict(Object first) {
        return first == JsonText.NULL ? Verdict.VALID : firstVerdict(first);
    }

    /** A cursor of the audit log: base64url of {@code audit:<record id>}; well-formed but never issued is undecided. */
    static Verdict auditCursorVerdict(String cursor) {
        String decoded;
        try {
            decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (!decoded.startsWith("audit:")) {
            return Verdict.INVALID;
        }
        try {
            Long.parseLong(decoded.substring("audit:".length()));
            return Verdict.UNKNOWN;
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
    }

    private static Gen<Hostile> auditCursors() {
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        List<String> issued = GraphQL.send("{ auditLog(first: 5) { edges { cursor } } }", Map.of()).ok()
                .list("data.auditLog.edges.cursor");
        if (issued.isEmpty()) {
            throw new AssertionError("the fixture left no audit records, so no issued cursor can be tried");
        }
        Gen<Hostile> real = of(issued).map(Hostile::valid);
        Gen<String> positions = oneOf(
                of("0", "1", "-1", "+5", "007", String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE),
                        "", "abc", " 5", "5 ", "9223372036854775808", "1".repeat(10_000), "1e3", "0x10", "\u0000", "5\u0000",
                        "\u0665", "5:6"),
                longs().map(value -> String.valueOf(value)));
        Gen<String> forged = of("audit:", "Audit:", "audit", "prefix:", "ip:", "audit:audit:", "").zip(positions,
                (marker, position) -> url.encodeToString((marker + position).getBytes(StandardCharsets.UTF_8)));
        Gen<String> randomBytes = bytes(0, 60).map(url::encodeToString);
        Gen<String> curated = of("", "=", "==", "A", "AA", "A".repeat(10_240), "\u0000", "null", "-1", "%3D",
                "YXVkaXQ6MQ==", "YXVkaXQ6MQ\n", " YXVkaXQ6MQ", "YXVkaXQ6MQ\u0000", "YXVkaXQ6MQ", "YXVkaXQ6MQ+/", "\ud800");
        Gen<Hostile> judged = frequency(weight(4, forged), weight(1, randomBytes), weight(2, curated),
                        weight(2, HostileValues.randomText()))
                .assuming(Answer::echoSafe)
                .map(cursor -> new Hostile(cursor, auditCursorVerdict(cursor)));
        return orNull(frequency(weight(1, real), weight(5, judged)), 60);
    }

    private static Gen<ImportDocuments.Doc> importDocuments() {
        String export = GraphQL.send("query($n: String!) { exportNamespace(name: $n) }", GraphQL.vars("n", Fixture.NAMESPACE))
                .ok().string("data.exportNamespace");
        return ImportDocuments.documents(export);
    }

    private static Gen<ImportTarget> importTargets() {
        return frequency(
                weight(5, HostileValues.missingNames().map(name -> new ImportTarget(Namespace.of(name), ImportKind.MISSING))),
                weight(2, just(new ImportTarget(Namespace.existing(Fixture.NAMESPACE), ImportKind.NOT_EMPTY))),
                weight(2, of(new ImportTarget(Namespace.existing(Fixture.SCRATCH), ImportKind.EMPTY),
                        new ImportTarget(Namespace.existing("default"), ImportKind.EMPTY))),
                weight(2, HostileValues.invalidNames().map(name -> new ImportTarget(Namespace.of(name), ImportKind.INVALID))));
    }

    /** 1 to 200 printable characters (README); past 200 UTF-16 units but within 200 characters is undecided. */
    static Verdict requestIdVerdict(String key) {
        int characters = key.codePointCount(0, key.length());
        if (key.isEmpty() || characters > 200 || !HostileValues.wellFormed(key)
                || key.chars().anyMatch(Character::isISOControl)) {
            return Verdict.INVALID;
        }
        if (key.length() > 200) {
            return Verdict.UNKNOWN;
        }
        boolean printable = key.codePoints().allMatch(c -> switch (Character.getType(c)) {
            case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.SURROGATE, Character.CONTROL -> false;
            default -> true;
        });
        return printable ? Verdict.VALID : Verdict.UNKNOWN;
    }

    private static Gen<Hostile> requestIds() {
        Gen<String> curated = of("", " ", "a", "x".repeat(199), "x".repeat(200), "x".repeat(201),
                "x".repeat(10_240), "\u0000", "a\u0000", "\u0000a", "\ud800", "a\udfff", "\udc00\ud800",
                "\uD83D\uDE00".repeat(100), "\uD83D\uDE00".repeat(101), "\u00e9".repeat(200), "\u00e9".repeat(201),
                "\u00e9t\u00e9-\u4e2d\u6587", "\u200b", "\ufeff", "\t", "\n", "a\r\nb", "\u0085", "\u009f", "\u007f", "\u2028",
                "'; DROP TABLE request_key; --", "%s%n", "${jndi:ldap://x/a}", "\\", "\"", "*", "%", "_",
                "\u0000".repeat(10_240), "\uD83D\uDE00".repeat(5_120), "\ue000", "\uffff", "\ufffd", "Z\u0351\u0352");
        Gen<String> generated = frequency(
                weight(2, anyStrings(1, 30)),
                weight(2, asciiStrings(0, 30)),
                weight(1, stringsOf("ab\u0000\u0001\u007f\u0085\ud800\udc00\u200b ", 0, 12)),
                weight(1, integers(195, 205).map("k"::repeat)),
                weight(1, HostileValues.tenKilobytes()));
        return frequency(weight(2, curated), weight(3, generated))
                .assuming(Answer::echoSafe)
                .map(key -> new Hostile(key, requestIdVerdict(key)));
    }

    private static Gen<Integer> allocations() {
        return integers(0, 2);
    }

    private static Gen<WrongLiterals.Case> wrongLiterals() {
        return WrongLiterals.cases();
    }

    private static Gen<HostileTokens.AuthCase> authCases() {
        return frequency(weight(4, HostileTokens.forgedTokens()), weight(4, HostileTokens.oddHeaders()),
                weight(3, HostileTokens.rawHeaders()));
    }

    private static Gen<HostileTokens.AuthCase> oddClaims() {
        return HostileTokens.oddClaims();
    }

    private static Gen<Integer> authBodies() {
        return integers(0, 5);
    }
}

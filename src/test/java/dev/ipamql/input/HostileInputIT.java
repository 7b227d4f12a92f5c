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

import dev.ipamql.input.Fixture.Prefix;
import dev.ipamql.support.GraphQL;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Random and hostile input thrown at every argument of every query and mutation of the packaged
 * service (a separate process on its own PostgreSQL), as variables and as literals, plus malformed and
 * abusive documents and bodies. Every answer must be HTTP 200 JSON whose errors all carry a contract code
 * (INVALID_ARGUMENT or NOT_FOUND for bad input, never INTERNAL), or a 4xx for a body that is not a
 * GraphQL request; no answer shows a stack trace, class name or SQL; and nothing in the fixture changes.
 */
@AddLifecycleHook(value = HostileInputIT.OneAtATime.class, propagateTo = PropagationMode.DIRECT_DESCENDANTS)
class HostileInputIT {

    /** The property now running; shrinking that jqwik abandoned at its time bound goes on in another thread. */
    private static volatile String runningProperty;
    private static final Object ONE_REQUEST_AT_A_TIME = new Object();

    private static StandalonePostgres postgres;
    private static ServiceProcess service;
    private static String baseline;
    private static int restarts;

    @BeforeContainer
    static void startServiceWithFixture() throws Exception {
        postgres = StandalonePostgres.start();
        service = ServiceProcess.start("hostile", ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
        use(service);
        Fixture.database(postgres.jdbcUrl());
        Fixture.build();
        baseline = Fixture.snapshot();
    }

    @AfterContainer
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A request that killed the service has failed its own try; the next tries need a service again. */
    @BeforeTry
    void serviceIsRunning() throws Exception {
        if (service != null && !service.process().isAlive()) {
            restarts++;
            service = ServiceProcess.start("hostile-restart-" + restarts,
                    ServiceProcess.database(postgres.jdbcUrl(), "postgres", "postgres"));
            use(service);
        }
    }

    private static void use(ServiceProcess running) {
        RestAssured.port = running.port();
        RawClient.port(running.port());
        RawHttp.port(running.port());
    }

    /**
     * Runs one hostile request and its checks, then compares the whole state with the baseline (putting
     * it back when it changed): a failed check and a changed state are reported together.
     */
    private static void attack(Runnable request) {
        String caller = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getMethodName)
                .filter(name -> !name.equals("attack")).findFirst()).orElse("");
        synchronized (ONE_REQUEST_AT_A_TIME) {
            if (runningProperty == null) {
                throw new AssertionError("the OneAtATime lifecycle hook did not run: nothing would be checked");
            }
            if (caller.equals(runningProperty)) {
                attackNow(request);
            }
            // else: a shrinking step of an earlier property, which jqwik stopped waiting for; it must not run
        }
    }

    private static void attackNow(Runnable request) {
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

    // ================================================================ queries

    @Property(tries = 120)
    void aPrefixLookupAnswersWithDataOrAContractCode(@ForAll("anyCidr") Hostile cidr,
                                                     @ForAll("anyNamespace") Namespace namespace,
                                                     @ForAll boolean inline) {
        attack(() -> Operation.query("prefix").arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                .select("cidr namespace family")
                .expect(given(namespace.exists() ? Allowed.data() : only(NOT_FOUND), cidr.verdict(), namespace.verdict())));
    }

    @Property(tries = 150)
    void aPrefixListingAnswersWithDataOrAContractCode(@ForAll("anyNamespace") Namespace namespace,
                                                      @ForAll("optionalCidr") Hostile within,
                                                      @ForAll("optionalAddress") Hostile contains,
                                                      @ForAll("optionalFamily") Hostile family,
                                                      @ForAll("optionalInt") Object first,
                                                      @ForAll("optionalPrefixCursor") Hostile after,
                                                      @ForAll boolean inline) {
        attack(() -> Operation.query("prefixes").namespace(namespace, inline)
                .arg("within", "CIDR", within == null ? Operation.OMIT : within, inline)
                .arg("contains", "IPAddress", contains == null ? Operation.OMIT : contains, inline)
                .arg("family", "IPFamily", family == null ? Operation.OMIT : new JsonText.EnumName(family.text()), inline)
                .arg("first", "Int", first, inline)
                .arg("after", "String", after == null ? Operation.OMIT : after, inline)
                .select("totalCount pageInfo { hasNextPage endCursor } edges { cursor node { cidr } }")
                .expect(given(namespace.exists() ? Allowed.data() : only(NOT_FOUND), namespace.verdict(),
                        verdict(within), verdict(contains), verdict(family), firstVerdict(first), verdict(after))));
    }

    @Property(tries = 120)
    void anIpLookupAnswersWithDataOrAContractCode(@ForAll("anyCidr") Hostile prefix,
                                                  @ForAll("anyAddress") Hostile address,
                                                  @ForAll("anyNamespace") Namespace namespace,
                                                  @ForAll boolean inline) {
        // a valid address outside its prefix (or of the other family) is INVALID_ARGUMENT too
        Allowed whenValid = namespace.exists() ? Allowed.dataOr(NOT_FOUND, INVALID_ARGUMENT) : only(NOT_FOUND, INVALID_ARGUMENT);
        attack(() -> Operation.query("ip").arg("prefix", "CIDR!", prefix, inline).arg("address", "IPAddress!", address, inline)
                .namespace(namespace, inline).select("address prefixCidr")
                .expect(given(whenValid, prefix.verdict(), address.verdict(), namespace.verdict())));
    }

    /**
     * Whether a document holding these texts inline (null ones are absent) fails to parse: graphql-java cannot
     * read a string literal with a lone surrogate, so the request is refused before anything runs.
     */
    private static boolean unparsableInline(boolean inline, String... texts) {
        return inline && java.util.Arrays.stream(texts).anyMatch(text -> text != null && !HostileValues.wellFormed(text));
    }

    @Property(tries = 100)
    void aNamespaceLookupChecksItsNameAndItsPageArguments(@ForAll("anyName") Namespace name,
                                                          @ForAll("optionalInt") Object first,
                                                          @ForAll("optionalPrefixCursor") Hostile after,
                                                          @ForAll boolean inline) {
        Operation operation = Operation.query("namespace").arg("name", "String!", name.name(), inline);
        String arguments = operation.nested("first", "Int", first, inline) + operation.nested("after", "String",
                after == null ? Operation.OMIT : after, inline);
        operation.select("name prefixes" + (arguments.isEmpty() ? "" : "(" + arguments + ")") + " { totalCount edges { cursor } }");
        // the page arguments only count when there is a namespace to page through
        // (an integer beyond 32 bits, or -2^31, is refused before anything runs, wherever it is, and so is a
        // document that does not parse: a lone surrogate in an inline cursor)
        boolean unparsable = unparsableInline(inline, after == null ? null : after.text());
        Allowed allowed = name.exists() ? given(Allowed.data(), name.verdict(), firstVerdict(first), verdict(after))
                : given(Allowed.data(), name.verdict(), Verdict.of(!unparsable && !(first instanceof BigInteger)
                        && !Integer.valueOf(Integer.MIN_VALUE).equals(first)));
        attack(() -> operation.expect(allowed));
    }

    @Property(tries = 100)
    void thePageArgumentsOfAPrefixsIpsAreChecked(@ForAll("fixturePrefixes") Prefix prefix,
                                                 @ForAll("optionalInt") Object first,
                                                 @ForAll("optionalIpCursor") Hostile after,
                                                 @ForAll boolean inline) {
        Operation operation = Operation.query("prefix").arg("cidr", "CIDR!", prefix.cidr, inline)
                .arg("namespace", "String", Fixture.NAMESPACE, inline);
        String arguments = operation.nested("first", "Int", first, inline) + operation.nested("after", "String",
                after == null ? Operation.OMIT : after, inline);
        String ips = "ips" + (arguments.isEmpty() ? "" : "(" + arguments + ")") + " { totalCount edges { cursor node { address } } }";
        attack(() -> operation.select("cidr " + ips + " children { cidr " + ips + " }")
                .expect(given(Allowed.data(), firstVerdict(first), verdict(after))));
    }

    @Property(tries = 100)
    void anOverlapComputationAnswersWithDataOrInvalidArgument(@ForAll("cidrLists") List<Hostile> existing,
                                                             @ForAll("cidrLists") List<Hostile> candidates,
                                                             @ForAll boolean inline, @ForAll boolean bareSingleValue) {
        Verdict[] verdicts = java.util.stream.Stream.concat(existing.stream(), candidates.stream())
                .map(Hostile::verdict).toArray(Verdict[]::new);
        attack(() -> Operation.query("prefixesOverlapping")
                .arg("existing", "[CIDR!]!", listValue(existing, bareSingleValue), inline)
                .arg("candidates", "[CIDR!]!", listValue(candidates, bareSingleValue), inline)
                .select("candidate existing")
                .expect(given(Allowed.data(), verdicts)));
    }

    @Property(tries = 120)
    void anAddressOfTheOtherFamilyIsAnInvalidArgumentEverywhere(@ForAll("otherFamilyCases") OtherFamily other,
                                                                @ForAll boolean inline) {
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
        attack(() -> operation.arg("namespace", "String", Fixture.NAMESPACE, inline).expect(only(INVALID_ARGUMENT)));
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

    @Property(tries = 100)
    void prefixLengthsFrom2To31OnAreInvalidArguments(@ForAll("lengthsFrom2To31") BigInteger length,
                                                     @ForAll("freeAddresses") String address,
                                                     @ForAll("uses") int use, @ForAll boolean inline) {
        attack(() -> cidrUse(address + "/" + length, use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 100)
    void prefixLengthsFrom2To32OnAreInvalidArgumentsNotWrappedAround(@ForAll("lengthsFrom2To32") BigInteger length,
                                                                     @ForAll("freeAddresses") String address,
                                                                     @ForAll("uses") int use, @ForAll boolean inline) {
        attack(() -> cidrUse(address + "/" + length, use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 100)
    void controlCharactersBeforeOrAfterACidrMakeItInvalid(@ForAll("controlCharacters") String junk, @ForAll boolean before,
                                                         @ForAll("freeCidrs") String cidr, @ForAll("uses") int use,
                                                         @ForAll boolean inline) {
        String text = before ? junk + cidr : cidr + junk;
        attack(() -> cidrUse(text, use, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 100)
    void controlCharactersBeforeOrAfterAnAddressMakeItInvalidAndReleaseNothing(@ForAll("controlCharacters") String junk,
                                                                               @ForAll boolean before, @ForAll boolean v6,
                                                                               @ForAll boolean release, @ForAll boolean inline) {
        String taken = v6 ? Fixture.E6_TAKEN : Fixture.E4_TAKEN;
        String text = before ? junk + taken : taken + junk;
        attack(() -> addressUse(text, v6, release, inline).expect(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 100)
    void anEmbeddedIPv4AddressMustBeAFullDottedQuad(@ForAll("malformedEmbeddedIPv4") String address,
                                                    @ForAll("uses") int use, @ForAll boolean asAddress,
                                                    @ForAll boolean inline) {
        attack(() -> (asAddress ? addressUse(address, true, use == 2, inline) : cidrUse(address + "/120", use, inline))
                .expect(only(INVALID_ARGUMENT)));
    }

    // ================================================================ mutations: prefixes

    @Property(tries = 120)
    void creatingAPrefixFromInvalidTextIsAnInvalidArgumentAndCreatesNothing(@ForAll("invalidCidrOrFixtureForm") Hostile cidr,
                                                                           @ForAll("existingNamespace") Namespace namespace,
                                                                           @ForAll("optionalDescription") Hostile description,
                                                                           @ForAll boolean inline) {
        attack(() -> Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("cidr namespace")
                .expect(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 100)
    void creatingAPrefixThatOverlapsTheFixtureIsAnOverlapInEveryValidForm(@ForAll("overlappingForms") Hostile cidr,
                                                                         @ForAll("optionalDescription") Hostile description,
                                                                         @ForAll boolean inline) {
        attack(() -> Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline)
                .arg("namespace", "String", Fixture.NAMESPACE, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("cidr")
                .expect(given(only(OVERLAP), cidr.verdict(), verdict(description))));
    }

    @Property(tries = 100)
    void creatingAPrefixInAMissingOrInvalidNamespaceCreatesNothing(@ForAll("anyCidr") Hostile cidr,
                                                                  @ForAll("absentNamespace") Namespace namespace,
                                                                  @ForAll("optionalDescription") Hostile description,
                                                                  @ForAll boolean inline) {
        attack(() -> Operation.mutation("createPrefix").arg("cidr", "CIDR!", cidr, inline).namespace(namespace, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("cidr")
                .expect(given(only(NOT_FOUND), cidr.verdict(), namespace.verdict(), verdict(description))));
    }

    @Property(tries = 150)
    void deletingOrReleasingAPrefixAnswersByTheContractAndRemovesNothing(@ForAll("targets") Target target,
                                                                        @ForAll("targetNamespace") Namespace namespace,
                                                                        @ForAll boolean release,
                                                                        @ForAll boolean inline) {
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
        attack(() -> Operation.mutation(release ? "releaseChildPrefix" : "deletePrefix").arg("cidr", "CIDR!", target.form(), inline)
                .namespace(namespace, inline).select("cidr")
                .expect(given(whenValid, target.form().verdict(), namespace.verdict())));
    }

    @Property(tries = 150)
    void acquiringAChildPrefixAnswersByTheContractAndTakesNothing(@ForAll("targets") Target parent,
                                                                 @ForAll("intArgument") Object length,
                                                                 @ForAll("targetNamespace") Namespace namespace,
                                                                 @ForAll("optionalDescription") Hostile description,
                                                                 @ForAll boolean inline) {
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
        attack(() -> Operation.mutation("acquireChildPrefix").arg("parent", "CIDR!", parent.form(), inline)
                .arg("length", "Int!", length, inline).namespace(namespace, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("cidr")
                .expect(given(whenValid, parent.form().verdict(), namespace.verdict(), verdict(description))));
    }

    @Property(tries = 150)
    void acquiringASpecificChildPrefixAnswersByTheContractAndTakesNothing(@ForAll("specificChildCases") SpecificChild child,
                                                                         @ForAll("targetNamespace") Namespace namespace,
                                                                         @ForAll("optionalDescription") Hostile description,
                                                                         @ForAll boolean inline) {
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
        attack(() -> Operation.mutation("acquireSpecificChildPrefix").arg("parent", "CIDR!", parent.form(), inline)
                .arg("cidr", "CIDR!", child.cidr(), inline).namespace(namespace, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("cidr")
                .expect(given(whenValid, parent.form().verdict(), child.cidr().verdict(), namespace.verdict(),
                        verdict(description))));
    }

    // ================================================================ mutations: IPs

    @Property(tries = 150)
    void acquiringAnIpAnswersByTheContractAndTakesNothing(@ForAll("acquireCases") AddressCase acquire,
                                                         @ForAll("targetNamespace") Namespace namespace,
                                                         @ForAll("optionalDescription") Hostile description,
                                                         @ForAll boolean inline) {
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
        attack(() -> Operation.mutation("acquireIP").arg("prefix", "CIDR!", prefix.form(), inline)
                .arg("address", "IPAddress", acquire.address() == null ? Operation.OMIT : acquire.address(), inline)
                .namespace(namespace, inline)
                .arg("description", "String", description == null ? Operation.OMIT : description, inline)
                .select("address prefixCidr")
                .expect(given(whenValid, prefix.form().verdict(), verdict(acquire.address()), namespace.verdict(),
                        verdict(description))));
    }

    @Property(tries = 150)
    void releasingAnIpAnswersByTheContractAndReleasesNothing(@ForAll("releaseCases") AddressCase release,
                                                            @ForAll("targetNamespace") Namespace namespace,
                                                            @ForAll boolean inline) {
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
        attack(() -> Operation.mutation("releaseIP").arg("prefix", "CIDR!", prefix.form(), inline)
                .arg("address", "IPAddress!", release.address(), inline).namespace(namespace, inline)
                .select("address")
                .expect(given(whenValid, prefix.form().verdict(), release.address().verdict(), namespace.verdict())));
    }

    // ================================================================ mutations: namespaces and descriptions

    @Property(tries = 100)
    void creatingANamespaceWithABadOrTakenNameCreatesNothing(@ForAll("createNamespaceNames") Namespace name,
                                                             @ForAll boolean inline) {
        attack(() -> Operation.mutation("createNamespace").arg("name", "String!", name.name(), inline).select("name")
                .expect(given(only(ALREADY_EXISTS), name.verdict())));
    }

    @Property(tries = 100)
    void deletingANamespaceWithABadNameOrThatIsNotEmptyDeletesNothing(@ForAll("deleteNamespaceNames") Namespace name,
                                                                      @ForAll boolean inline) {
        Allowed whenValid = !name.exists() ? only(NOT_FOUND)
                : "default".equals(name.name()) ? only(INVALID_ARGUMENT) : only(NAMESPACE_NOT_EMPTY);
        attack(() -> Operation.mutation("deleteNamespace").arg("name", "String!", name.name(), inline).select("name")
                .expect(given(whenValid, name.verdict())));
    }

    @Property(tries = 60)
    void descriptionsAreStoredExactlyOrRefused(@ForAll("descriptions") Hostile forRoot,
                                               @ForAll("descriptions") Hostile forChild,
                                               @ForAll("descriptions") Hostile forSpecificChild,
                                               @ForAll("descriptions") Hostile forIp,
                                               @ForAll boolean inline) {
        String ns = Fixture.SCRATCH;
        String root = "192.0.2.0/24";
        String child = "192.0.2.128/26";
        attack(() -> {
            try {
                storesAsSent(ns, root, child, forRoot, forChild, forSpecificChild, forIp, inline);
            } finally {
                Fixture.empty(ns);
            }
        });
    }

    private static void storesAsSent(String ns, String root, String child, Hostile forRoot, Hostile forChild,
                                     Hostile forSpecificChild, Hostile forIp, boolean inline) {
        {
            List<String> accepted = new ArrayList<>();
            storedAsSent(forRoot, "createPrefix", accepted, Operation.mutation("createPrefix")
                    .arg("cidr", "CIDR!", root, inline).arg("namespace", "String", ns, inline)
                    .arg("description", "String", forRoot, inline).select("cidr description"));
            if (GraphQL.run("prefix", "cidr", root, "namespace", ns).ok().get("data.prefix") == null) {
                GraphQL.run("createPrefix", "cidr", root, "namespace", ns).ok();
            }
            storedAsSent(forChild, "acquireChildPrefix", accepted, Operation.mutation("acquireChildPrefix")
                    .arg("parent", "CIDR!", root, inline).arg("length", "Int!", 26, inline)
                    .arg("namespace", "String", ns, inline).arg("description", "String", forChild, inline)
                    .select("cidr description"));
            storedAsSent(forSpecificChild, "acquireSpecificChildPrefix", accepted, Operation.mutation("acquireSpecificChildPrefix")
                    .arg("parent", "CIDR!", root, inline).arg("cidr", "CIDR!", child, inline)
                    .arg("namespace", "String", ns, inline).arg("description", "String", forSpecificChild, inline)
                    .select("cidr description"));
            if (GraphQL.run("prefix", "cidr", child, "namespace", ns).ok().get("data.prefix") == null) {
                GraphQL.run("acquireSpecificChildPrefix", "parent", root, "cidr", child, "namespace", ns).ok();
            }
            storedAsSent(forIp, "acquireIP", accepted, Operation.mutation("acquireIP")
                    .arg("prefix", "CIDR!", child, inline).arg("namespace", "String", ns, inline)
                    .arg("description", "String", forIp, inline).select("address description"));
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
    }

    @Property(tries = 60)
    void unpairedSurrogatesInADescriptionAreRefusedOrStoredButNeverInternal(@ForAll("unpairedSurrogates") String description,
                                                                           @ForAll boolean inline) {
        String ns = Fixture.SCRATCH;
        String root = "192.0.2.0/24";
        attack(() -> {
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

    @Property(tries = 120)
    void variablesOfTheWrongJsonTypeAreInvalidArgumentsAndNothingRuns(@ForAll("wrongTypes") WrongType wrong) {
        Map<String, Object> variables = new LinkedHashMap<>(wrong.spec().variables());
        variables.put(wrong.variable(), wrong.value());
        attack(() -> RawClient.graphql(GraphQL.operation(wrong.spec().name()), variables).assertAllowed(only(INVALID_ARGUMENT)));
    }

    @Property(tries = 150)
    void malformedDocumentsAreInvalidArguments(@ForAll("malformedDocuments") Document document) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", document.text());
        if (document.operationName() != null) {
            body.put("operationName", document.operationName());
        }
        attack(() -> RawClient.post(JsonText.json(body), "application/json").assertAllowed(document.allowed()));
    }

    @Property(tries = 40)
    void deepOrWideQueriesAreRefusedBeforeTheyRun(@ForAll("abusiveDocuments") Document document) {
        attack(() -> RawClient.graphql(document.text(), Map.of()).assertAllowed(document.allowed()));
    }

    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void bodiesOverTheLimitAreRefusedWith413(@ForAll("oversizedBodies") Body body) {
        attack(() -> {
            Answer answer = body.chunked() ? RawClient.postChunked(body.bytes(), body.contentType())
                    : RawClient.post(body.bytes(), body.contentType());
            if (answer.status() != 413) {
                answer.fail("HTTP " + answer.status() + " for a body of " + body.bytes().length + " bytes, over the "
                        + "262144-byte limit, where 413 was due", null);
            }
        });
    }

    @Property(tries = 120)
    void bodiesThatAreNotGraphQLRequestsGetA4xxOrAnInvalidArgument(@ForAll("notGraphQLBodies") Body body) {
        attack(() -> RawClient.post(body.bytes(), body.contentType()).assertAllowed(body.allowed()));
    }

    @Property(tries = 60)
    void anyContentTypeGetsAContractAnswerOrA4xx(@ForAll("contentTypes") String contentType,
                                                 @ForAll("anyCidr") Hostile cidr) {
        String document = "query($c: CIDR!) { prefix(cidr: $c, namespace: \"" + Fixture.NAMESPACE + "\") { cidr } }";
        String body = JsonText.json(Map.of("query", document, "variables", Map.of("c", cidr.text())));
        attack(() -> RawClient.post(body.getBytes(StandardCharsets.UTF_8), contentType.equals("(none)") ? null : contentType)
                .assertAllowed(given(Allowed.data(), cidr.verdict()).orClientError()));
    }

    /** Sent to a service process of its own, so that running out of memory there spoils no other property. */
    @Property(tries = 1, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.FIRST)
    void overlapListsThatMultiplyIntoMillionsOfPairsGetAContractAnswer(@ForAll("overlapSizes") int size) throws Exception {
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

    @Property(tries = 100)
    void theAuditLogAnswersWithDataOrAContractCode(@ForAll("auditSince") Since since,
                                                   @ForAll("auditNamespace") Namespace namespace,
                                                   @ForAll("auditSubjects") Hostile subject,
                                                   @ForAll("auditFirst") Object first,
                                                   @ForAll("auditCursors") Hostile after,
                                                   @ForAll boolean inline) {
        // since first: of several badly typed values the guard names the first
        Operation operation = Operation.query("auditLog").arg("since", "DateTime", since.value(), inline)
                .namespace(namespace, inline)
                .arg("subject", "String", subject == null ? Operation.OMIT : subject, inline)
                .arg("first", "Int", first, inline)
                .arg("after", "String", after == null ? Operation.OMIT : after, inline)
                .select("totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id at subject namespace operation } }");
        // a namespace that does not exist has no records, or is NOT_FOUND
        Allowed whenValid = namespace.exists() ? Allowed.data() : Allowed.dataOr(NOT_FOUND);
        Allowed allowed = given(whenValid, since.verdict(), namespace.verdict(), verdict(subject), auditFirstVerdict(first),
                verdict(after));
        // a malformed DateTime is named as such, unless the document fails to parse first (a lone surrogate inline)
        boolean unparsable = unparsableInline(inline, namespace.name(), subject == null ? null : subject.text(),
                after == null ? null : after.text());
        boolean namedAsDateTime = since.verdict() == Verdict.INVALID && !unparsable
                && (since.value() instanceof String text ? HostileValues.wellFormed(text)
                : since.value() instanceof Integer || since.value() instanceof Boolean || since.value() instanceof Double);
        attack(() -> {
            Operation.JsonObjectAnswer answer = operation.expect(allowed);
            if (namedAsDateTime && !answer.json().encode().contains("expected a DateTime")) {
                answer.answer().fail("since " + since + " is refused without saying that a DateTime was expected", allowed);
            }
        });
    }

    /** Instants near the ends of the stored range and of the years 1-9999, with the other filters valid or left out. */
    @Property(tries = 60)
    void aSinceNearTheLimitsOfTimeIsReadOrRefusedButNeverInternal(@ForAll("sinceNearLimits") Since since,
                                                                  @ForAll("auditFilters") int filters,
                                                                  @ForAll boolean inline) {
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
        attack(() -> operation.expect(given(Allowed.data(), since.verdict())));
    }

    @Property(tries = 40)
    void anExportAnswersWithDataOrAContractCode(@ForAll("anyName") Namespace name, @ForAll boolean inline) {
        Allowed whenValid = name.exists() ? Allowed.data() : only(NOT_FOUND);
        attack(() -> {
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

    @Property(tries = 80)
    void importingAHostileDocumentIsRefusedAndImportsNothing(@ForAll("importDocuments") ImportDocuments.Doc document,
                                                             @ForAll("importTargets") ImportTarget target,
                                                             @ForAll boolean inline) {
        Allowed whenValid = switch (target.kind()) {
            case MISSING -> only(NOT_FOUND);
            case NOT_EMPTY -> only(NAMESPACE_NOT_EMPTY);
            default -> Allowed.data();
        };
        Allowed allowed = given(whenValid, target.name().verdict(), document.verdict());
        attack(() -> {
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

    @Property(tries = 40)
    void hostileRequestIdsAreRefusedOrServedButNeverInternal(@ForAll("requestIds") Hostile requestId,
                                                             @ForAll("allocations") int allocation,
                                                             @ForAll boolean inline) {
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
        attack(() -> {
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

    @Property(tries = 150)
    void wrongTypedLiteralsAreInvalidArgumentsAndNothingRuns(@ForAll("wrongLiterals") WrongLiterals.Case wrong) {
        attack(() -> {
            Answer answer = RawClient.graphql(wrong.document(), Map.of());
            JsonObject json = answer.assertAllowed(only(INVALID_ARGUMENT));
            if (json.getValue("data") != null) {
                answer.fail("data " + json.getValue("data") + " for a document that must not run", only(INVALID_ARGUMENT));
            }
        });
    }

    @Property(tries = 120)
    void requestsWithoutAValidTokenAreUnauthenticatedAndChangeNothing(@ForAll("authCases") HostileTokens.AuthCase auth,
                                                                      @ForAll("authBodies") int body) {
        // a request the service may serve is only ever a query: a served mutation would change the state
        String document = authBody(auth.verdict() == Verdict.INVALID ? body : body % 3);
        Allowed allowed = auth.verdict() == Verdict.INVALID ? only("UNAUTHENTICATED").orClientError()
                : Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN").orClientError();
        attack(() -> RawHttp.post(JsonText.json(Map.of("query", document)), auth.lines(), auth.label())
                .assertAllowed(allowed));
    }

    /** Signed by the trusted key, so authentic; its claims have odd types or values. */
    @Property(tries = 40)
    void tokensOfTheTrustedIssuerWithOddClaimsGetAContractAnswer(@ForAll("oddClaims") HostileTokens.AuthCase auth,
                                                                 @ForAll("authBodies") int body) {
        String document = authBody(body % 3);
        // two long claims make a token longer than the server takes in a request head (Quarkus' default
        // quarkus.http.limits.max-header-size, 20 KB): that request is turned away with HTTP 431
        int headerBytes = auth.lines().stream().mapToInt(line -> line.length + 2).sum();
        Allowed allowed = headerBytes > MAX_HEADER_BYTES - 512 ? Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN").orClientError()
                : Allowed.dataOr("UNAUTHENTICATED", "FORBIDDEN");
        attack(() -> RawHttp.post(JsonText.json(Map.of("query", document)), auth.lines(), auth.label())
                .assertAllowed(allowed));
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

    /** Records which property runs, so that abandoned shrinking of an earlier one sends nothing. */
    public static class OneAtATime implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            synchronized (ONE_REQUEST_AT_A_TIME) {
                runningProperty = context.targetMethod().getName();
            }
            try {
                return property.execute();
            } finally {
                synchronized (ONE_REQUEST_AT_A_TIME) {
                    runningProperty = "";
                }
            }
        }
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

    // ================================================================ arbitraries: values

    @Provide
    Arbitrary<Hostile> anyCidr() {
        return HostileValues.anyCidrs();
    }

    @Provide
    Arbitrary<Hostile> anyAddress() {
        return HostileValues.anyAddresses();
    }

    @Provide
    Arbitrary<Hostile> optionalCidr() {
        return HostileValues.anyCidrs().injectNull(0.4);
    }

    @Provide
    Arbitrary<Hostile> optionalAddress() {
        return HostileValues.anyAddresses().injectNull(0.4);
    }

    @Provide
    Arbitrary<Hostile> optionalFamily() {
        return HostileValues.families().injectNull(0.4);
    }

    @Provide
    Arbitrary<Object> optionalInt() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Operation.OMIT)),
                Tuple.of(3, HostileValues.intArguments()));
    }

    @Provide
    Arbitrary<Object> intArgument() {
        return HostileValues.intArguments();
    }

    @Provide
    Arbitrary<Hostile> optionalPrefixCursor() {
        return HostileValues.cursors("prefix:").injectNull(0.3);
    }

    @Provide
    Arbitrary<Hostile> optionalIpCursor() {
        return HostileValues.cursors("ip:").injectNull(0.3);
    }

    @Provide
    Arbitrary<Hostile> optionalDescription() {
        return HostileValues.descriptions().injectNull(0.5);
    }

    @Provide
    Arbitrary<Hostile> descriptions() {
        return HostileValues.descriptions();
    }

    @Provide
    Arbitrary<List<Hostile>> cidrLists() {
        return HostileValues.anyCidrs().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Prefix> fixturePrefixes() {
        return Arbitraries.of(Prefix.class);
    }

    @Provide
    Arbitrary<Hostile> invalidCidrOrFixtureForm() {
        List<String> near = new ArrayList<>(Fixture.FREE);
        for (Prefix prefix : Prefix.values()) {
            near.addAll(prefix.forms);
        }
        return Arbitraries.oneOf(HostileValues.invalidCidrs(),
                HostileValues.formsOf(near).filter(form -> form.verdict() == Verdict.INVALID));
    }

    @Provide
    Arbitrary<Hostile> overlappingForms() {
        List<String> overlapping = new ArrayList<>(List.of("198.51.0.0/16", "198.0.0.0/8", "0.0.0.0/0", "2001:db8::/32",
                "::/0", "2001:db8:f00d::/47", "198.51.100.64/26", "198.51.101.1/32", "2001:db8:cafe::4/126",
                "2001:db8:f00d:1::/64", "2001:DB8:BEEF::1/128", "198.51.102.6/32"));
        for (Prefix prefix : Prefix.values()) {
            overlapping.addAll(prefix.forms);
        }
        // other valid CIDRs made from these texts need not overlap anything: they would be created
        return HostileValues.formsOf(overlapping)
                .filter(form -> form.verdict() == Verdict.INVALID || overlapping.contains(form.text()));
    }

    @Provide
    Arbitrary<BigInteger> lengthsFrom2To31() {
        return Arbitraries.bigIntegers().between(BigInteger.TWO.pow(31), BigInteger.TWO.pow(70))
                .edgeCases(c -> c.add(BigInteger.TWO.pow(31), BigInteger.TWO.pow(32), BigInteger.TWO.pow(63)));
    }

    @Provide
    Arbitrary<BigInteger> lengthsFrom2To32() {
        return Arbitraries.bigIntegers().between(BigInteger.TWO.pow(32), BigInteger.TWO.pow(70))
                .edgeCases(c -> c.add(BigInteger.TWO.pow(32), BigInteger.TWO.pow(32).add(BigInteger.valueOf(24))));
    }

    @Provide
    Arbitrary<String> freeAddresses() {
        return Arbitraries.of("198.51.103.0", "203.0.113.7", "2001:db8:d00d::", "10.0.0.0");
    }

    @Provide
    Arbitrary<String> freeCidrs() {
        return Arbitraries.of("198.51.103.0/24", "203.0.113.0/25", "2001:db8:d00d::/48", "10.0.0.0/8");
    }

    @Provide
    Arbitrary<Integer> uses() {
        return Arbitraries.integers().between(0, 2);
    }

    /** C0 and C1 control characters (NUL included), once or a few times. */
    @Provide
    Arbitrary<String> controlCharacters() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.chars().range('\u0000', '\u001f')),
                Tuple.of(1, Arbitraries.chars().range('\u007f', '\u009f')))
                .flatMap(c -> Arbitraries.integers().between(1, 3).map(n -> String.valueOf(c).repeat(n)));
    }

    /** IPv6 text whose embedded IPv4 part has fewer than four parts (RFC 4291 requires d.d.d.d). */
    @Provide
    Arbitrary<String> malformedEmbeddedIPv4() {
        Arbitrary<String> generated = Combinators.combine(
                        Arbitraries.of("::ffff:", "::", "1:2:3:4:5:6:", "64:ff9b::", "2001:db8:cafe::"),
                        Arbitraries.integers().between(0, 255).list().ofMinSize(2).ofMaxSize(3))
                .as((head, parts) -> head + parts.stream().map(String::valueOf).collect(Collectors.joining(".")));
        // short forms that some parsers read inet_aton-style: 0.5 as 0.0.0.5, i.e. the acquired 2001:db8:cafe::5
        return Arbitraries.frequencyOf(Tuple.of(4, generated),
                Tuple.of(1, Arbitraries.of("2001:db8:cafe::0.5", "2001:db8:cafe::0.0.5", "::ffff:10.0.0")));
    }

    /** Text with one UTF-16 surrogate that has no partner: JSON can carry it, UTF-8 cannot. */
    @Provide
    Arbitrary<String> unpairedSurrogates() {
        Arbitrary<String> around = Arbitraries.strings().withCharRange('\u0020', '\ud7ff').ofMaxLength(4);
        return Combinators.combine(around, Arbitraries.chars().range('\ud800', '\udfff'), around)
                .as((before, surrogate, after) -> before + surrogate + after)
                .filter(text -> !HostileValues.wellFormed(text));
    }

    // ================================================================ arbitraries: namespaces

    @Provide
    Arbitrary<Namespace> anyNamespace() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Namespace.leftOut())),
                Tuple.of(1, Arbitraries.of(Namespace.existing("default"), Namespace.existing(Fixture.SCRATCH))),
                Tuple.of(3, Arbitraries.just(Namespace.existing(Fixture.NAMESPACE))),
                Tuple.of(2, HostileValues.missingNames().map(Namespace::of)),
                Tuple.of(3, HostileValues.invalidNames().map(Namespace::of)),
                Tuple.of(1, Arbitraries.just(Namespace.explicitNull())));
    }

    /** Namespaces that exist: a valid CIDR could create a prefix there, so only invalid ones go with them. */
    @Provide
    Arbitrary<Namespace> existingNamespace() {
        return Arbitraries.of(Namespace.leftOut(), Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                Namespace.existing(Fixture.SCRATCH));
    }

    @Provide
    Arbitrary<Namespace> absentNamespace() {
        return Arbitraries.oneOf(HostileValues.missingNames().map(Namespace::of),
                HostileValues.invalidNames().map(Namespace::of));
    }

    /** Mostly the fixture namespace, where the targets live; sometimes an empty, missing or invalid one. */
    @Provide
    Arbitrary<Namespace> targetNamespace() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Namespace.existing(Fixture.NAMESPACE))),
                Tuple.of(1, Arbitraries.of(Namespace.leftOut(), Namespace.existing(Fixture.SCRATCH))),
                Tuple.of(1, HostileValues.missingNames().map(Namespace::of)),
                Tuple.of(2, HostileValues.invalidNames().map(Namespace::of)));
    }

    @Provide
    Arbitrary<Namespace> anyName() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                        Namespace.existing(Fixture.SCRATCH))),
                Tuple.of(2, HostileValues.missingNames().map(Namespace::of)),
                Tuple.of(4, HostileValues.invalidNames().map(Namespace::of)));
    }

    @Provide
    Arbitrary<Namespace> createNamespaceNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE),
                        Namespace.existing(Fixture.SCRATCH))),
                Tuple.of(5, HostileValues.invalidNames().map(Namespace::of)));
    }

    @Provide
    Arbitrary<Namespace> deleteNamespaceNames() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE))),
                Tuple.of(2, HostileValues.missingNames().map(Namespace::of)),
                Tuple.of(5, HostileValues.invalidNames().map(Namespace::of)));
    }

    // ================================================================ arbitraries: targets in the fixture

    @Provide
    Arbitrary<Target> targets() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(Prefix.class).flatMap(prefix -> HostileValues.formsOf(prefix.forms)
                        .map(form -> target(prefix, form, prefix.forms)))),
                Tuple.of(1, HostileValues.formsOf(Fixture.FREE).map(form -> target(null, form, Fixture.FREE))),
                Tuple.of(3, HostileValues.anyCidrs().map(form -> new Target(null, form, false))));
    }

    /**
     * Only one of the listed valid forms certainly names the prefix; anything else (decorated, or a valid
     * CIDR made from it with another length) is judged like random text.
     */
    private static Target target(Prefix prefix, Hostile form, List<String> forms) {
        return new Target(prefix, form, form.verdict() == Verdict.VALID && forms.contains(form.text()));
    }

    @Provide
    Arbitrary<SpecificChild> specificChildCases() {
        Map<Prefix, List<String>> inside = Map.of(
                Prefix.R4, List.of("198.51.100.64/26", "198.51.100.65/26", "198.51.100.0/32", "198.51.100.255/32",
                        "198.51.100.128/25"),
                Prefix.L4, List.of("198.51.101.1/32", "198.51.101.0/32"),
                Prefix.R6, List.of("2001:db8:f00d:1::/64", "2001:DB8:F00D::1/128", "2001:db8:f00d:8000::/50"),
                Prefix.L6, List.of("2001:db8:beef::1/128"),
                Prefix.E6, List.of("2001:db8:cafe::4/126"));
        Arbitrary<SpecificChild> targeted = Arbitraries.of(inside.keySet().stream().sorted().toList()).flatMap(prefix ->
                Combinators.combine(HostileValues.formsOf(prefix.forms), HostileValues.formsOf(inside.get(prefix)))
                        .as((parent, child) -> new SpecificChild(target(prefix, parent, prefix.forms), child,
                                child.verdict() == Verdict.VALID && inside.get(prefix).contains(child.text()))));
        Arbitrary<SpecificChild> anyChild = Combinators.combine(targets(), HostileValues.anyCidrs())
                .as((parent, child) -> new SpecificChild(parent, child, false));
        return Arbitraries.frequencyOf(Tuple.of(1, targeted), Tuple.of(1, anyChild));
    }

    @Provide
    Arbitrary<AddressCase> acquireCases() {
        Map<Prefix, List<String>> inside = Map.of(
                Prefix.L4, List.of("198.51.101.0", "198.51.101.1"),
                Prefix.L6, List.of("2001:db8:beef::", "2001:db8:beef::1", "2001:DB8:BEEF::1", "2001:db8:beef:0:0:0:0:1"),
                Prefix.R4, List.of("198.51.100.0", "198.51.100.1", "198.51.100.128", "198.51.100.255", "198.51.100.77"),
                Prefix.R6, List.of("2001:db8:f00d::", "2001:db8:f00d::1", "2001:db8:f00d:ffff:ffff:ffff:ffff:ffff"));
        return addressCases(inside, Map.of());
    }

    @Provide
    Arbitrary<AddressCase> releaseCases() {
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
    private Arbitrary<AddressCase> addressCases(Map<Prefix, List<String>> inside, Map<Prefix, List<String>> reserved) {
        Arbitrary<AddressCase> targeted = Arbitraries.of(inside.keySet().stream().sorted().toList()).flatMap(prefix -> {
            Arbitrary<Target> form = HostileValues.formsOf(prefix.forms).map(f -> target(prefix, f, prefix.forms));
            List<String> taken = prefix == Prefix.E4 ? List.of(Fixture.E4_TAKEN) : prefix == Prefix.E6
                    ? List.of(Fixture.E6_TAKEN) : inside.get(prefix);
            List<String> outside = prefix.v6() ? List.of("2001:db8::1", "::1", "2001:db8:d00d::1", "::ffff:198.51.100.1",
                    "198.51.100.1", "198.51.102.6", "0.0.0.0") : List.of("198.51.103.1", "10.0.0.1", "0.0.0.0",
                    "::ffff:198.51.101.1", "::ffff:198.51.102.6", "::ffff:c633:6501", "::198.51.100.1",
                    "0:0:0:0:0:ffff:198.51.101.0", "2001:db8:f00d::1", "::");
            List<Tuple.Tuple2<Integer, Arbitrary<AddressCase>>> choices = new ArrayList<>(List.of(
                    Tuple.of(3, Combinators.combine(form, HostileValues.addressFormsOf(inside.get(prefix)))
                            .as((p, a) -> new AddressCase(p, a, Placement.INSIDE))),
                    Tuple.of(2, Combinators.combine(form, HostileValues.addressFormsOf(taken)
                                    .filter(a -> a.verdict() == Verdict.INVALID))
                            .as((p, a) -> new AddressCase(p, a, Placement.INSIDE))),
                    Tuple.of(2, Combinators.combine(form, Arbitraries.of(outside).map(Hostile::valid))
                            .as((p, a) -> new AddressCase(p, a, Placement.OUTSIDE))),
                    Tuple.of(2, Combinators.combine(form, HostileValues.anyAddresses())
                            .as((p, a) -> new AddressCase(p, a, Placement.RANDOM)))));
            if (reserved.containsKey(prefix)) {
                choices.add(Tuple.of(2, Combinators.combine(form, HostileValues.addressFormsOf(reserved.get(prefix)))
                        .as((p, a) -> new AddressCase(p, a, Placement.RESERVED))));
            } else {
                choices.add(Tuple.of(1, form.map(p -> new AddressCase(p, null, Placement.INSIDE))));
            }
            return Arbitraries.frequencyOf(choices);
        });
        Arbitrary<AddressCase> random = Combinators.combine(HostileValues.anyCidrs(), HostileValues.anyAddresses())
                .as((p, a) -> new AddressCase(new Target(null, p, false), a, Placement.RANDOM));
        return Arbitraries.frequencyOf(Tuple.of(3, targeted), Tuple.of(1, random));
    }

    @Provide
    Arbitrary<OtherFamily> otherFamilyCases() {
        List<Prefix> prefixes = List.of(Prefix.L4, Prefix.E4, Prefix.C4A, Prefix.R4, Prefix.L6, Prefix.E6, Prefix.C6A);
        return Arbitraries.of(prefixes).flatMap(prefix -> {
            List<String> other = prefix.v6() ? List.of("198.51.100.1", "0.0.0.0", "255.255.255.255", "32.1.13.184",
                    "198.51.102.6", "198.51.101.1") : List.of("::ffff:198.51.100.1", "::ffff:198.51.101.0",
                    "::ffff:198.51.101.1", "::ffff:198.51.102.6", "::ffff:c633:6601", "0:0:0:0:0:ffff:198.51.101.1",
                    "::198.51.101.1", "64:ff9b::198.51.101.1", "2001:db8:f00d::1", "::");
            return Combinators.combine(Arbitraries.of(prefix.forms), Arbitraries.of(other), Arbitraries.integers().between(0, 3))
                    .as((form, value, operation) -> new OtherFamily(prefix, form, value, operation));
        });
    }

    // ================================================================ arbitraries: requests

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

    @Provide
    Arbitrary<WrongType> wrongTypes() {
        return Arbitraries.of(operationSpecs()).flatMap(spec -> Arbitraries.of(List.copyOf(spec.types().keySet()))
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

    @Provide
    Arbitrary<Document> malformedDocuments() {
        List<String> examples = List.of("acquireChildPrefix", "acquireIP", "acquireSpecificChildPrefix", "createNamespace",
                "createPrefix", "deleteNamespace", "deletePrefix", "ip", "manyFields", "namespace", "namespaces", "prefix",
                "prefixes", "prefixesOverlapping", "releaseChildPrefix", "releaseIP", "tree");
        Set<String> known = schemaNames();
        Arbitrary<String> unknownNames = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
                .map(s -> "x" + s).filter(s -> !known.contains(s) && Answer.echoSafe(s));
        Arbitrary<Document> truncated = Arbitraries.of(examples).map(GraphQL::operation).flatMap(text ->
                Arbitraries.integers().between(0, text.length() - 1).map(cut -> new Document(text.substring(0, cut), null,
                        text.substring(cut).isBlank() ? Allowed.dataOr(INVALID_ARGUMENT) : only(INVALID_ARGUMENT))));
        Arbitrary<Document> unknownField = Combinators.combine(Arbitraries.of(examples).map(GraphQL::operation),
                unknownNames, Arbitraries.integers().between(0, 1000), Arbitraries.of(true, false)).as((text, name, at, field) -> {
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
        Arbitrary<Document> randomText = Arbitraries.oneOf(HostileValues.randomText(),
                        Arbitraries.strings().all().ofMaxLength(300))
                .filter(Answer::echoSafe)
                .map(text -> new Document(text, null, only(INVALID_ARGUMENT)));
        List<String> tokens = List.of("{", "}", "(", ")", "[", "]", "query", "mutation", "subscription", "fragment", "on",
                "...", "$x", "$x:", ":", "=", "!", "@include", "@skip", "@deprecated", "|", "&", "#c\n", "1", "-1", "1.5",
                "99999999999", "\"X y\"", "\"\"\"X\ny\"\"\"", "true", "null", "V4", "prefixes", "namespaces", "name",
                "prefix", "cidr", "first", "createNamespace", "deleteNamespace", "createPrefix", "__typename", "__schema",
                "Int", "String!", "CIDR", ",", "\u0000", "\ufeff", "\"\\u0000\"", "\"\\ud800\"");
        Arbitrary<Document> soup = Arbitraries.of(tokens).list().ofMinSize(1).ofMaxSize(60)
                .map(list -> new Document(String.join(" ", list), null, Allowed.dataOr(INVALID_ARGUMENT, NOT_FOUND)));
        String two = "query A { namespaces { name } } query B { prefixes(namespace: \"" + Fixture.NAMESPACE
                + "\") { totalCount } }";
        Arbitrary<Document> operationNames = Arbitraries.oneOf(HostileValues.randomText(),
                        Arbitraries.of("", " ", "a", "A ", "a\u0000", "C", "AB", "B\n"))
                .filter(name -> !name.equals("A") && !name.equals("B"))
                .map(name -> new Document(two, name, only(INVALID_ARGUMENT)));
        Arbitrary<Document> curated = Arbitraries.of(
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
        return Arbitraries.frequencyOf(Tuple.of(3, truncated), Tuple.of(3, unknownField), Tuple.of(2, randomText),
                Tuple.of(2, soup), Tuple.of(1, operationNames), Tuple.of(2, curated));
    }

    @Provide
    Arbitrary<Document> abusiveDocuments() {
        String prefix = "prefix(cidr: \"" + Prefix.R4.cidr + "\", namespace: \"" + Fixture.NAMESPACE + "\")";
        Arbitrary<Integer> depths = Arbitraries.integers().between(16, 300).edgeCases(c -> c.add(16, 50, 300));
        Arbitrary<Document> children = depths.map(d -> new Document("{ " + prefix + " { " + "children { ".repeat(d) + "cidr"
                + " }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Arbitrary<Document> parents = depths.map(d -> new Document("{ " + prefix + " { " + "parent { ".repeat(d) + "cidr"
                + " }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Arbitrary<Document> inlineFragments = depths.map(d -> new Document("{ " + prefix + " { "
                + "... on Prefix { children { ".repeat(d) + "cidr" + " } }".repeat(d) + " } }", null, only(INVALID_ARGUMENT)));
        Arbitrary<Document> fragments = depths.map(d -> {
            StringBuilder text = new StringBuilder("{ " + prefix + " { ...F0 } }");
            for (int i = 0; i < d; i++) {
                text.append(" fragment F").append(i).append(" on Prefix { cidr children { ...F").append(i + 1).append(" } }");
            }
            text.append(" fragment F").append(d).append(" on Prefix { cidr }");
            return new Document(text.toString(), null, only(INVALID_ARGUMENT));
        });
        Arbitrary<Document> aliases = Arbitraries.integers().between(251, 5000).edgeCases(c -> c.add(251, 1000, 5000))
                .map(n -> new Document(IntStream.range(0, n).mapToObj(i -> "a" + i + ": namespaces { name }")
                        .collect(Collectors.joining(" ", "{ ", " }")), null, only(INVALID_ARGUMENT)));
        Arbitrary<Document> expensiveAliases = Arbitraries.integers().between(170, 2000).map(n -> new Document(
                IntStream.range(0, n).mapToObj(i -> "a" + i + ": " + prefix + " { usage { size } }")
                        .collect(Collectors.joining(" ", "{ ", " }")), null, only(INVALID_ARGUMENT)));
        Arbitrary<Document> bombs = Arbitraries.integers().between(9, 60).map(k -> {
            StringBuilder text = new StringBuilder("{ ...F" + k + " } fragment F0 on Query { namespaces { name } }");
            for (int i = 1; i <= k; i++) {
                text.append(" fragment F").append(i).append(" on Query { ...F").append(i - 1).append(" ...F").append(i - 1).append(" }");
            }
            return new Document(text.toString(), null, only(INVALID_ARGUMENT));
        });
        return Arbitraries.oneOf(children, parents, inlineFragments, fragments, aliases, expensiveAliases, bombs);
    }

    @Provide
    Arbitrary<Body> oversizedBodies() {
        int limit = 262_144;
        Arbitrary<Integer> sizes = Arbitraries.integers().between(limit + 1, 6_000_000)
                .edgeCases(c -> c.add(limit + 1, 5 * 1024 * 1024));
        return Combinators.combine(sizes, Arbitraries.integers().between(0, 3), Arbitraries.of(true, false)).as((size, shape, chunked) -> {
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

    @Provide
    Arbitrary<Body> notGraphQLBodies() {
        Allowed refused = only(INVALID_ARGUMENT).orClientError();
        String query = "{ namespaces { name } }";
        Arbitrary<Body> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)
                .filter(b -> Answer.echoSafe(new String(b, StandardCharsets.ISO_8859_1)))
                .map(b -> new Body(b, "application/json", refused, false, "random bytes"));
        Arbitrary<Body> text = HostileValues.randomText()
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
        Arbitrary<Body> shapes = Arbitraries.of(curated).map(t -> new Body(t.getBytes(StandardCharsets.UTF_8),
                "application/json", Allowed.dataOr(INVALID_ARGUMENT).orClientError(), false, "curated"));
        Arbitrary<Body> brokenUtf8 = Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xed,
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
        return Arbitraries.frequencyOf(Tuple.of(2, bytes), Tuple.of(2, text), Tuple.of(3, shapes), Tuple.of(1, brokenUtf8));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "application/json; charset=UTF-16",
                "application/json; charset=iso-8859-1", "application/json; charset=nonsense", "text/plain",
                "application/graphql", "application/graphql+json", "application/graphql-response+json",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*",
                "(none)", "application/json;", "APPLICATION/JSON");
    }

    @Provide
    Arbitrary<Integer> overlapSizes() {
        return Arbitraries.integers().between(1000, 3000).edgeCases(c -> c.add(3000));
    }

    // ================================================================ arbitraries: audit log, import, requestId, tokens

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

    @Provide
    Arbitrary<Since> auditSince() {
        Arbitrary<String> plain = Arbitraries.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00",
                "2000-02-29T23:59:59.999999-05:00", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00Z", "2026-06-30T12:00:00-00:00", "2026-01-01T00:00:00+18:00",
                "2026-01-01T00:00:00-18:00", "0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59.999999-18:00");
        Arbitrary<String> odd = Arbitraries.of("+10000-01-01T00:00:00Z", "+294276-12-31T23:59:59Z", "+294277-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "-4713-11-24T00:00:00Z", "-4714-11-23T00:00:00Z",
                "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-01-01t00:00:00z", "2026-01-01T00:00:00+05:30:15",
                "+294276-12-31T23:59:59.999999Z", "+294277-01-09T04:00:54.775806Z", "+294277-01-09T04:00:54.775807Z",
                "-4713-11-24T00:00:00Z", "-4713-11-23T23:59:59.999999Z", "-290308-12-21T19:59:05.224192Z");
        Arbitrary<String> anyYear = Combinators.combine(Arbitraries.frequencyOf(
                        Tuple.of(2, Arbitraries.integers().between(1, 9999)),
                        Tuple.of(2, Arbitraries.integers().between(10_000, 999_999_999)),
                        Tuple.of(1, Arbitraries.integers().between(-999_999_999, 0))),
                        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28),
                        Arbitraries.of("Z", "+00:00", "-12:00", "+14:00"))
                .as((y, month, day, offset) -> year(y) + String.format("-%02d-%02dT12:34:56", month, day) + offset);
        Arbitrary<String> malformed = Arbitraries.of("2026-01-01", "yesterday", "", " ", "now", "today", "2026-01-01T00:00:00",
                "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01 00:00:00Z", "1735689600",
                "2026-01-01T00:00:00+19:00", "2026-W01-1", "2026-001T00:00:00Z", "P1D", "null", " 2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z ", "\uff12\uff10\uff12\uff16-01-01T00:00:00Z", "2026-01-01T00:00:00Z\u0000",
                "2026-01-01T00:00:00\u0000Z", "\ud800", "2026-01-01T00:00:00Z[Europe/Paris]", "Thu, 01 Jan 2026 00:00:00 GMT",
                "2026-01-01T00:00:00Z" + " ".repeat(10_240), "9".repeat(10_240), "2026-01-01T00:00:00." + "1".repeat(10_000) + "Z",
                "+" + "9".repeat(10_000) + "-01-01T00:00:00Z");
        Arbitrary<Since> texts = Arbitraries.frequencyOf(Tuple.of(3, plain), Tuple.of(3, odd), Tuple.of(3, anyYear),
                        Tuple.of(4, malformed), Tuple.of(2, HostileValues.randomText()))
                .filter(Answer::echoSafe)
                .map(text -> new Since(text, dateTimeVerdict(text)));
        Arbitrary<Since> notStrings = Arbitraries.of(5, 0, -1, 1735689600, 1.5, true, false, new BigInteger("2147483648"),
                        new BigInteger("-99999999999999999999"), List.of("2026-01-01T00:00:00Z"), Map.of("at", "2026-01-01T00:00:00Z"))
                .map(value -> new Since(value, Verdict.INVALID));
        Arbitrary<Since> absent = Arbitraries.of(new Since(Operation.OMIT, Verdict.VALID), new Since(null, Verdict.VALID));
        return Arbitraries.frequencyOf(Tuple.of(10, texts), Tuple.of(2, notStrings), Tuple.of(2, absent));
    }

    /**
     * Instants a little before or after the ends of PostgreSQL's timestamp range (4714 BC to 294276 AD) and of
     * the years 1 and 9999, in ISO-8601 with an offset: readable, so the service may serve or refuse them.
     */
    @Provide
    Arbitrary<Since> sinceNearLimits() {
        List<java.time.OffsetDateTime> limits = List.of(
                java.time.OffsetDateTime.parse("+294277-01-01T00:00:00Z"), java.time.OffsetDateTime.parse("-4713-11-24T00:00:00Z"),
                java.time.OffsetDateTime.parse("0001-01-01T00:00:00Z"), java.time.OffsetDateTime.parse("+10000-01-01T00:00:00Z"));
        Arbitrary<java.time.ZoneOffset> offsets = Arbitraries.of(java.time.ZoneOffset.UTC, java.time.ZoneOffset.ofHours(14),
                java.time.ZoneOffset.ofHours(-14), java.time.ZoneOffset.ofHoursMinutes(5, 30));
        Arbitrary<Since> near = Combinators.combine(Arbitraries.of(limits),
                        Arbitraries.longs().between(-10L * 86_400_000_000L, 10L * 86_400_000_000L)
                                .edgeCases(c -> c.add(-1L, 0L, 1L)), offsets)
                .as((limit, micros, offset) -> {
                    String text = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                            limit.plus(micros, java.time.temporal.ChronoUnit.MICROS).withOffsetSameInstant(offset));
                    return new Since(text, dateTimeVerdict(text));
                });
        return Arbitraries.frequencyOf(Tuple.of(5, near), Tuple.of(1, auditSince()));
    }

    @Provide
    Arbitrary<Integer> auditFilters() {
        return Arbitraries.integers().between(0, 7);
    }

    /** Mostly no filter or an existing namespace, so that the other arguments are often what is judged. */
    @Provide
    Arbitrary<Namespace> auditNamespace() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Namespace.leftOut())),
                Tuple.of(2, Arbitraries.of(Namespace.existing("default"), Namespace.existing(Fixture.NAMESPACE))),
                Tuple.of(1, Arbitraries.just(Namespace.explicitNull())),
                Tuple.of(1, HostileValues.missingNames().map(Namespace::of)),
                Tuple.of(2, HostileValues.invalidNames().map(Namespace::of)));
    }

    @Provide
    Arbitrary<Hostile> auditSubjects() {
        Arbitrary<String> texts = Arbitraries.frequencyOf(
                Tuple.of(3, HostileValues.descriptions().map(Hostile::text)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(3, Arbitraries.of("test-admin", "anonymous", "hostile", "",
                        " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "s".repeat(10_240), "\uD83D\uDE00".repeat(5_120),
                        "\u0000".repeat(10_240), "%", "_", "*", "'", "test-admin\u0000", "TEST-ADMIN", "test-admin ",
                        "test-admin\ud800")),
                Tuple.of(1, HostileValues.tenKilobytes()));
        return texts.filter(Answer::echoSafe)
                .map(text -> new Hostile(text, HostileValues.wellFormed(text) && text.indexOf('\u0000') < 0
                        ? Verdict.VALID : Verdict.UNKNOWN))
                .injectNull(0.5);
    }

    @Provide
    Arbitrary<Object> auditFirst() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Operation.OMIT)), Tuple.of(1, Arbitraries.just(JsonText.NULL)),
                Tuple.of(3, Arbitraries.integers().between(0, 1000).map(i -> (Object) i)),
                Tuple.of(2, HostileValues.intArguments()),
                Tuple.of(1, Arbitraries.of("5", "", "-1", "1000", "1001", true, 1.5, List.of(5))));
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

    @Provide
    Arbitrary<Hostile> auditCursors() {
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
        List<String> issued = GraphQL.send("{ auditLog(first: 5) { edges { cursor } } }", Map.of()).ok()
                .list("data.auditLog.edges.cursor");
        if (issued.isEmpty()) {
            throw new AssertionError("the fixture left no audit records, so no issued cursor can be tried");
        }
        Arbitrary<Hostile> real = Arbitraries.of(issued).map(Hostile::valid);
        Arbitrary<String> positions = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "-1", "+5", "007", String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE),
                        "", "abc", " 5", "5 ", "9223372036854775808", "1".repeat(10_000), "1e3", "0x10", "\u0000", "5\u0000",
                        "\u0665", "5:6"),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> forged = Combinators.combine(Arbitraries.of("audit:", "Audit:", "audit", "prefix:", "ip:", "audit:audit:", ""),
                positions).as((marker, position) -> url.encodeToString((marker + position).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(url::encodeToString);
        Arbitrary<String> curated = Arbitraries.of("", "=", "==", "A", "AA", "A".repeat(10_240), "\u0000", "null", "-1", "%3D",
                "YXVkaXQ6MQ==", "YXVkaXQ6MQ\n", " YXVkaXQ6MQ", "YXVkaXQ6MQ\u0000", "YXVkaXQ6MQ", "YXVkaXQ6MQ+/", "\ud800");
        Arbitrary<Hostile> judged = Arbitraries.frequencyOf(Tuple.of(4, forged), Tuple.of(1, randomBytes), Tuple.of(2, curated),
                        Tuple.of(2, HostileValues.randomText()))
                .filter(Answer::echoSafe)
                .map(cursor -> new Hostile(cursor, auditCursorVerdict(cursor)));
        return Arbitraries.frequencyOf(Tuple.of(1, real), Tuple.of(5, judged)).injectNull(0.6);
    }

    @Provide
    Arbitrary<ImportDocuments.Doc> importDocuments() {
        String export = GraphQL.send("query($n: String!) { exportNamespace(name: $n) }", GraphQL.vars("n", Fixture.NAMESPACE))
                .ok().string("data.exportNamespace");
        return ImportDocuments.documents(export);
    }

    @Provide
    Arbitrary<ImportTarget> importTargets() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, HostileValues.missingNames().map(name -> new ImportTarget(Namespace.of(name), ImportKind.MISSING))),
                Tuple.of(2, Arbitraries.just(new ImportTarget(Namespace.existing(Fixture.NAMESPACE), ImportKind.NOT_EMPTY))),
                Tuple.of(2, Arbitraries.of(new ImportTarget(Namespace.existing(Fixture.SCRATCH), ImportKind.EMPTY),
                        new ImportTarget(Namespace.existing("default"), ImportKind.EMPTY))),
                Tuple.of(2, HostileValues.invalidNames().map(name -> new ImportTarget(Namespace.of(name), ImportKind.INVALID))));
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

    @Provide
    Arbitrary<Hostile> requestIds() {
        Arbitrary<String> curated = Arbitraries.of("", " ", "a", "x".repeat(199), "x".repeat(200), "x".repeat(201),
                "x".repeat(10_240), "\u0000", "a\u0000", "\u0000a", "\ud800", "a\udfff", "\udc00\ud800",
                "\uD83D\uDE00".repeat(100), "\uD83D\uDE00".repeat(101), "\u00e9".repeat(200), "\u00e9".repeat(201),
                "\u00e9t\u00e9-\u4e2d\u6587", "\u200b", "\ufeff", "\t", "\n", "a\r\nb", "\u0085", "\u009f", "\u007f", "\u2028",
                "'; DROP TABLE request_key; --", "%s%n", "${jndi:ldap://x/a}", "\\", "\"", "*", "%", "_",
                "\u0000".repeat(10_240), "\uD83D\uDE00".repeat(5_120), "\ue000", "\uffff", "\ufffd", "Z\u0351\u0352");
        Arbitrary<String> generated = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(30)),
                Tuple.of(1, Arbitraries.strings().withChars("ab\u0000\u0001\u007f\u0085\ud800\udc00\u200b ").ofMaxLength(12)),
                Tuple.of(1, Arbitraries.integers().between(195, 205).map("k"::repeat)),
                Tuple.of(1, HostileValues.tenKilobytes()));
        return Arbitraries.frequencyOf(Tuple.of(2, curated), Tuple.of(3, generated))
                .filter(Answer::echoSafe)
                .map(key -> new Hostile(key, requestIdVerdict(key)));
    }

    @Provide
    Arbitrary<Integer> allocations() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<WrongLiterals.Case> wrongLiterals() {
        return WrongLiterals.cases();
    }

    @Provide
    Arbitrary<HostileTokens.AuthCase> authCases() {
        return Arbitraries.frequencyOf(Tuple.of(4, HostileTokens.forgedTokens()), Tuple.of(4, HostileTokens.oddHeaders()),
                Tuple.of(3, HostileTokens.rawHeaders()));
    }

    @Provide
    Arbitrary<HostileTokens.AuthCase> oddClaims() {
        return HostileTokens.oddClaims();
    }

    @Provide
    Arbitrary<Integer> authBodies() {
        return Arbitraries.integers().between(0, 5);
    }
}

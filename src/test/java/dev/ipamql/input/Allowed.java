package dev.ipamql.input;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers the contract allows to one request: data without errors, errors whose codes are all in
 * a set, and (only for bodies that are not GraphQL requests) an HTTP 4xx status.
 */
record Allowed(Set<String> codes, boolean dataAllowed, boolean clientError) {

    static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    static final String OVERLAP = "OVERLAP";
    static final String NO_IP_AVAILABLE = "NO_IP_AVAILABLE";
    static final String NO_PREFIX_AVAILABLE = "NO_PREFIX_AVAILABLE";
    static final String ALREADY_ALLOCATED = "ALREADY_ALLOCATED";
    static final String HAS_IPS = "HAS_IPS";
    static final String HAS_CHILDREN = "HAS_CHILDREN";
    static final String NAMESPACE_NOT_EMPTY = "NAMESPACE_NOT_EMPTY";

    /** The contract's table of codes (SEMANTICS.md, Errors; AllowedTest compares them). */
    static final Set<String> CONTRACT_CODES = Set.of(INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, OVERLAP,
            NO_IP_AVAILABLE, NO_PREFIX_AVAILABLE, ALREADY_ALLOCATED, HAS_IPS, HAS_CHILDREN, NAMESPACE_NOT_EMPTY,
            "CONFLICT", "UNAVAILABLE", "VERSION_CONFLICT", "UNAUTHENTICATED", "FORBIDDEN", "INTERNAL");

    /** An error is required and every code must be one of these. */
    static Allowed only(String... codes) {
        return new Allowed(new TreeSet<>(Arrays.asList(codes)), false, false);
    }

    /** Data, or errors with these codes. */
    static Allowed dataOr(String... codes) {
        return new Allowed(new TreeSet<>(Arrays.asList(codes)), true, false);
    }

    static Allowed data() {
        return dataOr();
    }

    Allowed orCodes(String... more) {
        Set<String> all = new TreeSet<>(codes);
        all.addAll(Arrays.asList(more));
        return new Allowed(all, dataAllowed, clientError);
    }

    Allowed orClientError() {
        return new Allowed(codes, dataAllowed, true);
    }

    /**
     * What the contract allows once the arguments are judged: any invalid one makes it INVALID_ARGUMENT
     * (validation comes before any lookup), an undecided one adds INVALID_ARGUMENT to {@code whenValid}.
     */
    static Allowed given(Allowed whenValid, Verdict... verdicts) {
        boolean unknown = false;
        for (Verdict verdict : verdicts) {
            if (verdict == Verdict.INVALID) {
                return only(INVALID_ARGUMENT);
            }
            unknown |= verdict == Verdict.UNKNOWN;
        }
        return unknown ? whenValid.orCodes(INVALID_ARGUMENT) : whenValid;
    }

    @Override
    public String toString() {
        return (dataAllowed ? "data or " : "") + "errors with codes " + codes + (clientError ? " or HTTP 4xx" : "");
    }
}

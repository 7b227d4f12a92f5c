package dev.ipamql.api;

import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Overlap}: a candidate CIDR and an existing one whose ranges intersect. */
public class Overlap {

    private final CidrScalar candidate;
    private final CidrScalar existing;

    public Overlap(CidrScalar candidate, CidrScalar existing) {
        this.candidate = candidate;
        this.existing = existing;
    }

    public @NonNull CidrScalar getCandidate() {
        return candidate;
    }

    public @NonNull CidrScalar getExisting() {
        return existing;
    }
}

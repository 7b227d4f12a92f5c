package dev.ipamql.api;

import dev.ipamql.address.Cidr;
import io.smallrye.graphql.api.CustomScalar;
import io.smallrye.graphql.api.CustomStringScalar;
import org.eclipse.microprofile.graphql.Description;

/**
 * The {@code CIDR} scalar. Input text is kept as given and validated by the service, so that a bad
 * value fails its own field with INVALID_ARGUMENT and a message naming it; output is canonical.
 */
@CustomScalar("CIDR")
@Description("An IPv4 or IPv6 prefix in CIDR notation. Output is canonical and masked (10.0.0.0/24, 2001:db8::/48). "
        + "Input host bits are masked off (10.0.0.7/24 means 10.0.0.0/24).")
public class CidrScalar implements CustomStringScalar {

    private final String text;

    public CidrScalar(String text) {
        this.text = text;
    }

    public static CidrScalar of(Cidr cidr) {
        return cidr == null ? null : new CidrScalar(cidr.text());
    }

    public String text() {
        return text;
    }

    @Override
    public String stringValueForSerialization() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.ipamql.api;

import dev.ipamql.address.Address;
import io.smallrye.graphql.api.CustomScalar;
import io.smallrye.graphql.api.CustomStringScalar;
import org.eclipse.microprofile.graphql.Description;

/** The {@code IPAddress} scalar: input validated by the service (never a host name), output canonical. */
@CustomScalar("IPAddress")
@Description("An IPv4 or IPv6 address. Output is canonical text (IPv6 per RFC 5952: 2001:db8::1). "
        + "Input accepts any valid literal form, never a host name.")
public class IPAddressScalar implements CustomStringScalar {

    private final String text;

    public IPAddressScalar(String text) {
        this.text = text;
    }

    public static IPAddressScalar of(Address address) {
        return new IPAddressScalar(address.text());
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

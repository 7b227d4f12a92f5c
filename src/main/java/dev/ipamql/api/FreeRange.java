package dev.ipamql.api;

import java.math.BigInteger;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code FreeRange}. */
@Description("A run of free addresses of a prefix.")
public class FreeRange {

    private final dev.ipamql.store.FreeRange range;

    public FreeRange(dev.ipamql.store.FreeRange range) {
        this.range = range;
    }

    public @NonNull IPAddressScalar getFirst() {
        return IPAddressScalar.of(range.first());
    }

    public @NonNull IPAddressScalar getLast() {
        return IPAddressScalar.of(range.last());
    }

    public @NonNull BigInteger getSize() {
        return range.size();
    }
}

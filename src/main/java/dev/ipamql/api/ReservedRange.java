package dev.ipamql.api;

import dev.ipamql.store.ReservedRangeRow;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code ReservedRange}. */
@Description("Addresses inside a prefix that acquireIP never hands out (gateways, DHCP ranges, ...).")
public class ReservedRange {

    private final ReservedRangeRow row;

    public ReservedRange(ReservedRangeRow row) {
        this.row = row;
    }

    public @NonNull IPAddressScalar getFirst() {
        return IPAddressScalar.of(row.first());
    }

    public @NonNull IPAddressScalar getLast() {
        return IPAddressScalar.of(row.last());
    }

    public @NonNull BigInteger getSize() {
        return row.size();
    }

    public String getDescription() {
        return row.description();
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return row.createdAt();
    }
}

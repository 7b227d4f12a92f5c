package dev.ipamql.api;

import dev.ipamql.store.IpRow;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code IP}: an acquired address; {@code prefix} is resolved in batches by {@link PrefixFields}. */
public class IP {

    private final IpRow row;

    public IP(IpRow row) {
        this.row = row;
    }

    public static IP of(IpRow row) {
        return row == null ? null : new IP(row);
    }

    @Ignore
    public IpRow getRow() {
        return row;
    }

    public @NonNull IPAddressScalar getAddress() {
        return IPAddressScalar.of(row.address());
    }

    public @NonNull String getNamespace() {
        return row.namespace();
    }

    public @NonNull CidrScalar getPrefixCidr() {
        return CidrScalar.of(row.prefixCidr());
    }

    public String getDescription() {
        return row.description();
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return row.createdAt();
    }

    public @NonNull List<@NonNull Label> getLabels() {
        return Label.of(row.labels());
    }

    @Description("The durable claim this address was acquired under, if any.")
    public String getClaim() {
        return row.claim();
    }

    public int getVersion() {
        return row.version();
    }

    public @NonNull OffsetDateTime getUpdatedAt() {
        return row.updatedAt();
    }
}

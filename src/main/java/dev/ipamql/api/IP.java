package dev.ipamql.api;

import dev.ipamql.store.EditableRow;
import dev.ipamql.store.IpRow;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code IP}: an acquired address; {@code prefix} is resolved in batches by {@link PrefixFields}. */
public class IP extends Editable {

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

    @Override
    EditableRow editable() {
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

    @Description("The durable claim this address was acquired under, if any.")
    public String getClaim() {
        return row.claim();
    }
}

package dev.ipamql.api;

import dev.ipamql.address.IPFamily;
import dev.ipamql.store.EditableRow;
import dev.ipamql.store.PrefixRow;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Prefix}; its database-backed fields are batch resolvers in {@link PrefixFields}. */
public class Prefix extends Editable {

    private final PrefixRow row;

    public Prefix(PrefixRow row) {
        this.row = row;
    }

    public static Prefix of(PrefixRow row) {
        return row == null ? null : new Prefix(row);
    }

    @Ignore
    public PrefixRow getRow() {
        return row;
    }

    @Override
    EditableRow editable() {
        return row;
    }

    public @NonNull CidrScalar getCidr() {
        return CidrScalar.of(row.cidr());
    }

    public @NonNull String getNamespace() {
        return row.namespace();
    }

    public @NonNull IPFamily getFamily() {
        return row.cidr().family();
    }

    public CidrScalar getParentCidr() {
        return CidrScalar.of(row.parentCidr());
    }

    @Description("The durable claim this child prefix was acquired under, if any.")
    public String getClaim() {
        return row.claim();
    }

    @Description("False: every address is handed out, the network and broadcast addresses too (a pool of addresses).")
    public boolean getReserveEdges() {
        return row.reserveEdges();
    }
}

package dev.ipamql.api;

import dev.ipamql.store.AuditStore.AuditRow;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code AuditRecord}: one successful mutation. */
public class AuditRecord {

    private final AuditRow row;

    public AuditRecord(AuditRow row) {
        this.row = row;
    }

    public @NonNull String getId() {
        return Long.toString(row.id());
    }

    public @NonNull OffsetDateTime getAt() {
        return row.at();
    }

    @Description("Who: the token's subject (anonymous when authentication is off).")
    public @NonNull String getSubject() {
        return row.subject();
    }

    public @NonNull String getNamespace() {
        return row.namespace();
    }

    @Description("The mutation, e.g. acquireIP.")
    public @NonNull String getOperation() {
        return row.operation();
    }

    @Description("The arguments as JSON, canonical values (masked CIDRs, canonical addresses).")
    public @NonNull String getArguments() {
        return row.arguments();
    }

    @Description("The result as JSON.")
    public @NonNull String getResult() {
        return row.result();
    }
}

package dev.ipamql.api;

import dev.ipamql.service.AuditTrail;
import dev.ipamql.store.AuditStore.AuditRow;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code AuditRecordEdge}. */
public class AuditRecordEdge {

    private final AuditRow row;

    public AuditRecordEdge(AuditRow row) {
        this.row = row;
    }

    public @NonNull AuditRecord getNode() {
        return new AuditRecord(row);
    }

    public @NonNull String getCursor() {
        return AuditTrail.cursorOf(row);
    }
}

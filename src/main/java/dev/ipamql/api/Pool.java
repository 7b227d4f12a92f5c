package dev.ipamql.api;

import dev.ipamql.store.PoolKind;
import dev.ipamql.store.PoolRow;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Pool}; its members and usage are resolved in {@link PoolApi}. */
@Description("A named set of prefixes, chosen by a label selector, that allocations draw from.")
public class Pool {

    private final PoolRow row;

    public Pool(PoolRow row) {
        this.row = row;
    }

    public static Pool of(PoolRow row) {
        return row == null ? null : new Pool(row);
    }

    @Ignore
    public PoolRow getRow() {
        return row;
    }

    public @NonNull String getName() {
        return row.name();
    }

    public @NonNull String getNamespace() {
        return row.namespace();
    }

    public @NonNull PoolKind getKind() {
        return row.kind();
    }

    public @NonNull String getSelector() {
        return row.selector();
    }

    public String getDescription() {
        return row.description();
    }

    public @NonNull List<@NonNull Label> getLabels() {
        return Label.of(row.labels());
    }

    public int getVersion() {
        return row.version();
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return row.createdAt();
    }
}

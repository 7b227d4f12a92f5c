package dev.ipamql.api;

import dev.ipamql.service.AffectedPrefixes;
import dev.ipamql.service.ChangeFeed;
import dev.ipamql.store.ChangeStore.ChangeRow;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Change}: one committed mutation, as its audit record says it, with the prefixes it altered. */
@Description("One committed mutation, as its audit record says it, plus the prefixes whose state it changed.")
public class Change {

    private final ChangeRow row;

    public Change(ChangeRow row) {
        this.row = row;
    }

    @Description("Opaque, ordered in commit order; pass it as after to resume right behind this change.")
    public @NonNull String getCursor() {
        return ChangeFeed.cursorOf(row.cursor());
    }

    public @NonNull OffsetDateTime getAt() {
        return row.at();
    }

    public @NonNull String getNamespace() {
        return row.namespace();
    }

    public @NonNull String getOperation() {
        return row.operation();
    }

    public @NonNull String getSubject() {
        return row.subject();
    }

    public @NonNull String getArguments() {
        return row.arguments();
    }

    public @NonNull String getResult() {
        return row.result();
    }

    @Description("Every prefix whose children, addresses, usage or fields this change altered, the parents of a child included.")
    public @NonNull List<@NonNull CidrScalar> getAffectedPrefixes() {
        return AffectedPrefixes.of(row.result()).stream().map(CidrScalar::new).toList();
    }
}

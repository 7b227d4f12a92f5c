package dev.ipamql.api;

import dev.ipamql.store.EditableRow;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;

/** The editable fields IP and Prefix share, read from their row; SmallRye serves a superclass's getters as fields. */
public abstract class Editable {

    abstract EditableRow editable();

    public String getDescription() {
        return editable().description();
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return editable().createdAt();
    }

    public @NonNull List<@NonNull Label> getLabels() {
        return Label.of(editable().labels());
    }

    public int getVersion() {
        return editable().version();
    }

    public @NonNull OffsetDateTime getUpdatedAt() {
        return editable().updatedAt();
    }
}

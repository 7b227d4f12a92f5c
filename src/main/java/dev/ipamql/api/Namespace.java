package dev.ipamql.api;

import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.StoredLabels;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Namespace}; its {@code prefixes} field is resolved in batches by {@link NamespaceFields}. */
public class Namespace {

    private final NamespaceEntity entity;

    public Namespace(NamespaceEntity entity) {
        this.entity = entity;
    }

    public @NonNull String getName() {
        return entity.name;
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return entity.createdAt;
    }

    public String getDescription() {
        return entity.description;
    }

    public @NonNull List<@NonNull Label> getLabels() {
        return Label.of(StoredLabels.read(entity.labels));
    }

    @Description("Starts at 1 and grows by one with every change of this object's own fields.")
    public int getVersion() {
        return entity.version;
    }

    public @NonNull OffsetDateTime getUpdatedAt() {
        return entity.updatedAt == null ? entity.createdAt : entity.updatedAt;
    }
}

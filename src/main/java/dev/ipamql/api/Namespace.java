package dev.ipamql.api;

import dev.ipamql.store.NamespaceEntity;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL type {@code Namespace}; its {@code prefixes} field is resolved in batches by {@link NamespaceFields}. */
public class Namespace {

    private final String name;
    private final OffsetDateTime createdAt;

    public Namespace(NamespaceEntity entity) {
        this.name = entity.name;
        this.createdAt = entity.createdAt;
    }

    public @NonNull String getName() {
        return name;
    }

    public @NonNull OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}

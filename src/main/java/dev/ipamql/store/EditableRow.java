package dev.ipamql.store;

import dev.ipamql.metadata.Labels;
import java.time.OffsetDateTime;

/** The fields people edit on a stored prefix or address, with the version stamps every update moves. */
public interface EditableRow {

    String description();

    OffsetDateTime createdAt();

    Labels labels();

    int version();

    OffsetDateTime updatedAt();
}

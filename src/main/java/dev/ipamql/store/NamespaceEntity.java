package dev.ipamql.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.Formula;

/** A namespace: an independent address space, mapped with Hibernate Reactive (read only: NamespaceStore writes). */
@Entity
@Table(name = "namespace")
public class NamespaceEntity {

    @Id
    // text, as V1__schema.sql declares it (the length is checked by the table's constraint)
    @Column(name = "name", nullable = false, updatable = false, columnDefinition = "text")
    public String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "description", insertable = false, updatable = false, columnDefinition = "text")
    public String description;

    /** The labels as a JSON object ({@link StoredLabels}). */
    @Formula("labels::text")
    public String labels;

    @Column(name = "version", insertable = false, updatable = false)
    public int version;

    /** Null while unchanged since {@link #createdAt}. */
    @Column(name = "updated_at", insertable = false, updatable = false)
    public OffsetDateTime updatedAt;

    public NamespaceEntity() {
    }

    public NamespaceEntity(String name, OffsetDateTime createdAt, String description, String labels, int version,
                           OffsetDateTime updatedAt) {
        this.name = name;
        this.createdAt = createdAt;
        this.description = description;
        this.labels = labels;
        this.version = version;
        this.updatedAt = updatedAt;
    }
}

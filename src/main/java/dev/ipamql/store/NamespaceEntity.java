package dev.ipamql.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A namespace: an independent address space, mapped with Hibernate Reactive. */
@Entity
@Table(name = "namespace")
public class NamespaceEntity {

    @Id
    // text, as V1__schema.sql declares it (the length is checked by the table's constraint)
    @Column(name = "name", nullable = false, updatable = false, columnDefinition = "text")
    public String name;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    public NamespaceEntity() {
    }

    public NamespaceEntity(String name, OffsetDateTime createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }
}

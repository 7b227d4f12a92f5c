package dev.ipamql.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** JDBC is there for Flyway only: Hibernate boots its reactive persistence unit and no blocking one. */
@QuarkusTest
class PersistenceUnitsTest {

    @Test
    void onlyTheReactivePersistenceUnitIsBooted() {
        assertTrue(Arc.container().select(Mutiny.SessionFactory.class).isResolvable());
        assertFalse(Arc.container().select(EntityManagerFactory.class).isResolvable(),
                "a blocking EntityManagerFactory would cost start-up time and a second metamodel");
    }
}

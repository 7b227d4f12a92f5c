package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads namespaces through Hibernate Reactive (they are written by {@link NamespaceStore}, in the transaction
 * of their audit record). Every call opens a session of its own: sibling GraphQL fields are resolved
 * concurrently and must never share one session (quarkus#32870).
 */
@ApplicationScoped
public class NamespaceRepository {

    private final Mutiny.SessionFactory sessions;

    public NamespaceRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<NamespaceEntity> find(String name) {
        return inOwnSession(session -> session.find(NamespaceEntity.class, name));
    }

    public Uni<List<NamespaceEntity>> list() {
        return inOwnSession(session -> session
                .createSelectionQuery("from NamespaceEntity order by name", NamespaceEntity.class)
                .getResultList());
    }

    private <T> Uni<T> inOwnSession(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.openSession().chain(session -> work.apply(session).eventually(session::close));
    }
}

package dev.ipamql.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Namespaces through Hibernate Reactive. Every call opens a session of its own: sibling GraphQL
 * fields are resolved concurrently and must never share one session (quarkus#32870).
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

    /**
     * Creates the namespace and appends its audit record in the same transaction; fails with a
     * constraint violation when the name is taken.
     */
    public Uni<NamespaceEntity> create(String name, String subject) {
        NamespaceEntity entity = new NamespaceEntity(name, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        return inOwnSession(session -> session.withTransaction(tx -> session.persist(entity)
                .call(session::flush)
                .call(() -> audit(session, subject, name, "createNamespace", entity))
                .replaceWith(entity)));
    }

    /**
     * Deletes the namespace when it holds no prefix; returns null when it does not exist and
     * fails with a foreign-key violation when a prefix still refers to it.
     */
    public Uni<NamespaceEntity> delete(String name, String subject) {
        return inOwnSession(session -> session.withTransaction(tx -> session
                .find(NamespaceEntity.class, name)
                .chain(found -> found == null
                        ? Uni.createFrom().nullItem()
                        : session.remove(found).call(session::flush)
                                .call(() -> audit(session, subject, name, "deleteNamespace", found))
                                .replaceWith(found))));
    }

    private static Uni<Integer> audit(Mutiny.Session session, String subject, String name, String operation,
                                      NamespaceEntity result) {
        String arguments = new JsonObject().put("name", name).encode();
        String rendered = new JsonObject().put("name", result.name).put("createdAt", result.createdAt.toString()).encode();
        return session.createNativeQuery("INSERT INTO audit_log (subject, namespace, operation, arguments, result) "
                        + "VALUES (:subject, :namespace, :operation, :arguments, :result)")
                .setParameter("subject", subject)
                .setParameter("namespace", name)
                .setParameter("operation", operation)
                .setParameter("arguments", arguments)
                .setParameter("result", rendered)
                .executeUpdate();
    }

    private <T> Uni<T> inOwnSession(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.openSession().chain(session -> work.apply(session).eventually(session::close));
    }
}

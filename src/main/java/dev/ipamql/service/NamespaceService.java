package dev.ipamql.service;

import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NamespaceNotEmptyException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.NamespaceRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.JDBCException;
import java.util.List;

/** Namespace operations of the contract. */
@ApplicationScoped
public class NamespaceService {

    public static final String DEFAULT = "default";

    private final NamespaceRepository namespaces;
    private final Arguments arguments;

    public NamespaceService(NamespaceRepository namespaces, Arguments arguments) {
        this.namespaces = namespaces;
        this.arguments = arguments;
    }

    public Uni<List<NamespaceEntity>> list() {
        return handled(namespaces.list());
    }

    /** The namespace, or null when none has that name. */
    public Uni<NamespaceEntity> find(String name) {
        return handled(Uni.createFrom().deferred(() -> namespaces.find(arguments.namespace(name))));
    }

    public Uni<NamespaceEntity> create(Caller caller, String name) {
        return handled(Uni.createFrom().deferred(() -> namespaces.create(arguments.namespace(name), caller.subject()))
                .onFailure(e -> sqlState(e, "23505"))
                .transform(e -> new AlreadyExistsException("namespace " + name + " already exists")));
    }

    public Uni<NamespaceEntity> delete(Caller caller, String name) {
        return handled(Uni.createFrom().deferred(() -> {
            arguments.namespace(name);
            if (DEFAULT.equals(name)) {
                throw new InvalidArgumentException("namespace default always exists and cannot be deleted");
            }
            return namespaces.delete(name, caller.subject());
        })
                .onItem().ifNull().failWith(() -> missing(name))
                .onFailure(e -> sqlState(e, "23503"))
                .transform(e -> new NamespaceNotEmptyException("namespace " + name
                        + " still has prefixes; delete them first")));
    }

    public static NotFoundException missing(String name) {
        return new NotFoundException("namespace " + name + " does not exist");
    }

    private static <T> Uni<T> handled(Uni<T> work) {
        return work.onFailure().transform(Failures::toClientError);
    }

    /** Whether a PostgreSQL error with this SQLSTATE is anywhere in the cause chain. */
    static boolean sqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())
                    || t instanceof JDBCException jdbc && state.equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}

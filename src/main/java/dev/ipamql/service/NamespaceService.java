package dev.ipamql.service;

import static dev.ipamql.service.Operation.CREATE_NAMESPACE;
import static dev.ipamql.service.Operation.DELETE_NAMESPACE;

import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NamespaceNotEmptyException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.NamespaceRepository;
import dev.ipamql.store.NamespaceStore;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Namespace operations of the contract: reads through Hibernate Reactive, writes in audited transactions. */
@ApplicationScoped
public class NamespaceService {

    public static final String DEFAULT = "default";

    private final NamespaceRepository namespaces;
    private final NamespaceStore store;
    private final Transactions transactions;
    private final Arguments arguments;

    public NamespaceService(NamespaceRepository namespaces, NamespaceStore store, Transactions transactions,
                            Arguments arguments) {
        this.namespaces = namespaces;
        this.store = store;
        this.transactions = transactions;
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
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(name);
            return transactions.write(CREATE_NAMESPACE.call(caller, namespace, namespace), tx -> store.insert(tx, namespace)
                    .onItem().ifNull().failWith(() -> new AlreadyExistsException("namespace " + name + " already exists")));
        });
    }

    public Uni<NamespaceEntity> delete(Caller caller, String name) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(name);
            if (DEFAULT.equals(namespace)) {
                throw new InvalidArgumentException("namespace default always exists and cannot be deleted");
            }
            return transactions.write(DELETE_NAMESPACE.call(caller, namespace, namespace), tx -> store.delete(tx, namespace)
                    .onFailure(e -> e instanceof PgException pg && NamespaceStore.STILL_REFERENCED.equals(pg.getSqlState()))
                    .transform(e -> new NamespaceNotEmptyException("namespace " + name
                            + " still has prefixes; delete them first"))
                    .onItem().ifNull().failWith(() -> missing(name)));
        });
    }

    public static NotFoundException missing(String name) {
        return new NotFoundException("namespace " + name + " does not exist");
    }

    private static <T> Uni<T> handled(Uni<T> work) {
        return work.onFailure().transform(Failures::toClientError);
    }
}

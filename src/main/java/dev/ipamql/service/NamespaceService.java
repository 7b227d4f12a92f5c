package dev.ipamql.service;

import static dev.ipamql.service.Operation.CREATE_NAMESPACE;
import static dev.ipamql.service.Operation.DELETE_NAMESPACE;
import static dev.ipamql.service.Operation.UPDATE_NAMESPACE;

import dev.ipamql.metadata.Labels;
import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NamespaceNotEmptyException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.NamespaceRepository;
import dev.ipamql.store.NamespaceStore;
import dev.ipamql.store.StoredLabels;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

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

    public Uni<NamespaceEntity> create(Caller caller, String name, String description,
                                       List<? extends Map.Entry<String, String>> labels) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(name);
            String text = arguments.description(description);
            Labels given = arguments.labels("labels", labels);
            return transactions.write(CREATE_NAMESPACE.call(caller, namespace, namespace, text,
                            MetadataEdit.Recorded.labels(given)),
                    tx -> store.insert(tx, namespace, text, given == null ? Labels.NONE : given)
                    .onItem().ifNull().failWith(() -> new AlreadyExistsException("namespace " + name + " already exists")));
        });
    }

    /** Changes the namespace's description and labels under its row lock, as one more version. */
    public Uni<NamespaceEntity> update(Caller caller, String name, MetadataEdit.Given given) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(name);
            MetadataEdit edit = given.validated(arguments);
            Object[] recorded = edit.recorded(namespace);
            return transactions.write(UPDATE_NAMESPACE.call(caller, namespace, recorded), tx -> store.lock(tx, namespace)
                    .onItem().ifNull().failWith(() -> missing(name))
                    .chain(current -> {
                        MetadataEdit.Result result = edit.applyTo("namespace " + namespace, current.description,
                                StoredLabels.read(current.labels), current.version);
                        return result.changed()
                                ? store.update(tx, namespace, result.description(), result.labels())
                                : Uni.createFrom().item(current);
                    }));
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

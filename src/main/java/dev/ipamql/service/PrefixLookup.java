package dev.ipamql.service;

import dev.ipamql.address.Cidr;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.store.NamespaceStore;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.PrefixStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/** Finds prefixes by name for the operations; NOT_FOUND names what is missing: the prefix or its namespace. */
@ApplicationScoped
public class PrefixLookup {

    private final PrefixStore prefixes;
    private final NamespaceStore namespaces;

    public PrefixLookup(PrefixStore prefixes, NamespaceStore namespaces) {
        this.prefixes = prefixes;
        this.namespaces = namespaces;
    }

    /** The prefix; NOT_FOUND when it does not exist. */
    Uni<PrefixRow> existing(SqlClient db, String namespace, Cidr cidr) {
        return prefixes.find(db, namespace, cidr).chain(found -> found == null
                ? notFound(db, namespace, cidr)
                : Uni.createFrom().item(found));
    }

    /** The prefix, row-locked until the transaction ends; NOT_FOUND when it does not exist. */
    Uni<PrefixRow> locked(SqlClient tx, String namespace, Cidr cidr) {
        return prefixes.lock(tx, namespace, cidr).chain(locked -> locked == null
                ? notFound(tx, namespace, cidr)
                : Uni.createFrom().item(locked));
    }

    /** NOT_FOUND for the prefix, or for its namespace when that is what is missing. */
    <T> Uni<T> notFound(SqlClient db, String namespace, Cidr cidr) {
        return requireNamespace(db, namespace).chain(() -> Uni.createFrom().failure(new NotFoundException(
                "prefix " + cidr.text() + " not found in namespace " + namespace)));
    }

    /**
     * {@code then} applied to what the claim holds; NOT_FOUND naming the claim, or the namespace when that is
     * what is missing. {@code what} names the kind of object in the message ("ip", "prefix").
     */
    <H, T> Uni<T> claimed(SqlClient tx, String namespace, String claim, String what, Uni<H> held,
            Function<H, Uni<T>> then) {
        return held.chain(found -> found != null
                ? then.apply(found)
                : requireNamespace(tx, namespace).chain(() -> Uni.createFrom().<T>failure(new NotFoundException(
                        "claim " + claim + " holds no " + what + " in namespace " + namespace))));
    }

    /** Nothing, or NOT_FOUND when the namespace does not exist. */
    Uni<Void> requireNamespace(SqlClient db, String namespace) {
        return namespaces.exists(db, namespace).chain(exists -> exists
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(NamespaceService.missing(namespace)));
    }
}

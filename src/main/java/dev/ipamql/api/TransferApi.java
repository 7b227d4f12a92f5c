package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Operation;
import dev.ipamql.service.NamespaceTransfer;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Export of a whole namespace as a JSON document, and import of one (or of a go-ipam dump) into an empty namespace. */
@GraphQLApi
public class TransferApi {

    private final NamespaceTransfer transfer;
    private final OperationMetrics metrics;
    private final AccessControl access;

    public TransferApi(NamespaceTransfer transfer, OperationMetrics metrics, AccessControl access) {
        this.transfer = transfer;
        this.metrics = metrics;
        this.access = access;
    }

    @Query
    @Description("Every prefix, child prefix and acquired IP of the namespace, with descriptions and timestamps, as a "
            + "JSON document (\"format\": \"ipamql-export\", \"version\": 1) that importNamespace reads back.")
    public Uni<String> exportNamespace(@NonNull String name) {
        return access.admin(name).chain(() -> transfer.export(name));
    }

    @Mutation
    @Description("Fills an empty namespace (else NAMESPACE_NOT_EMPTY) from an exportNamespace document or from the "
            + "JSON of go-ipam's Dump(), in one transaction. The whole document is checked first; any problem refuses "
            + "it with INVALID_ARGUMENT naming the bad element.")
    public @NonNull Uni<@NonNull Namespace> importNamespace(@NonNull String name, @NonNull String data) {
        return metrics.record(Operation.IMPORT_NAMESPACE.name(), () -> access.admin(name)
                .chain(caller -> transfer.importInto(caller, name, data))).map(Namespace::new);
    }
}

package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.Operation;
import dev.ipamql.service.ReservedRangeService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

/** Reserved ranges and free ranges of a prefix: the two mutations (ipam-writer) and the batched Prefix fields. */
@GraphQLApi
public class ReservedRangeApi {

    private final ReservedRangeService ranges;
    private final OperationMetrics metrics;
    private final AccessControl access;

    public ReservedRangeApi(ReservedRangeService ranges, OperationMetrics metrics, AccessControl access) {
        this.ranges = ranges;
        this.metrics = metrics;
        this.access = access;
    }

    @Mutation
    public @NonNull Uni<@NonNull ReservedRange> reserveRange(@NonNull CidrScalar prefix, @NonNull IPAddressScalar first,
                                                            @NonNull IPAddressScalar last,
                                                            @DefaultValue("default") String namespace, String description) {
        return metrics.record(Operation.RESERVE_RANGE.name(), () -> access.write(namespace).chain(caller -> ranges.reserve(
                caller, prefix.text(), first.text(), last.text(), namespace, description))).map(ReservedRange::new);
    }

    @Mutation
    public @NonNull Uni<@NonNull ReservedRange> unreserveRange(@NonNull CidrScalar prefix, @NonNull IPAddressScalar first,
                                                              @DefaultValue("default") String namespace) {
        return metrics.record(Operation.UNRESERVE_RANGE.name(), () -> access.write(namespace).chain(caller -> ranges
                .unreserve(caller, prefix.text(), first.text(), namespace))).map(ReservedRange::new);
    }

    public @NonNull Uni<List<@NonNull List<@NonNull ReservedRange>>> reservedRanges(@Source List<Prefix> owners) {
        return ranges.reservedRanges(owners.stream().map(Prefix::getRow).toList())
                .map(lists -> lists.stream().map(list -> list.stream().map(ReservedRange::new).toList()).toList());
    }

    public @NonNull Uni<List<@NonNull FreeRangeConnection>> freeRanges(@Source List<Prefix> owners,
                                                                       @DefaultValue("100") Integer first, String after) {
        return ranges.freeRanges(owners.stream().map(Prefix::getRow).toList(), first, after)
                .map(pages -> pages.stream().map(FreeRangeConnection::new).toList());
    }
}

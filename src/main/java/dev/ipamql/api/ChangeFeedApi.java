package dev.ipamql.api;

import dev.ipamql.service.AccessControl;
import dev.ipamql.service.AffectedPrefixes;
import dev.ipamql.service.Arguments;
import dev.ipamql.service.ChangeFeed;
import dev.ipamql.service.ChangeFeed.Scope;
import dev.ipamql.service.IpamConfig;
import dev.ipamql.service.PrefixService;
import dev.ipamql.service.UsageService;
import dev.ipamql.service.error.NotFoundException;
import graphql.ExecutionInput;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/**
 * The change feed: committed changes by query, and live over graphql-transport-ws ({@link FeedSocket}), to
 * callers with a read role, of the namespaces they may read.
 */
@GraphQLApi
public class ChangeFeedApi {

    /** prefixUsage sends at most one message per this interval. */
    static final Duration USAGE_INTERVAL = Duration.ofMillis(250);

    private final ChangeFeed feed;
    private final AccessControl access;
    private final PrefixService prefixes;
    private final UsageService usages;
    private final Arguments arguments;
    private final IpamConfig config;
    private final Context context;

    public ChangeFeedApi(ChangeFeed feed, AccessControl access, PrefixService prefixes, UsageService usages,
                         Arguments arguments, IpamConfig config, Context context) {
        this.arguments = arguments;
        this.feed = feed;
        this.access = access;
        this.prefixes = prefixes;
        this.usages = usages;
        this.config = config;
        this.context = context;
    }

    @Query("changes")
    @Description("Committed changes after the cursor, oldest first: the same records the subscription sends.")
    public @NonNull Uni<@NonNull List<@NonNull Change>> changePage(String namespace, String after,
                                                                   @DefaultValue("100") Integer first) {
        return access.reader().chain(caller -> feed.query(caller, namespace, after, first))
                .map(rows -> rows.stream().map(Change::new).toList());
    }

    @Subscription("changes")
    @Description("Committed changes in commit order: first every change after the cursor (none when after is omitted), "
            + "then live ones. Gap-free and never repeated within one subscription.")
    public @NonNull Multi<@NonNull Change> changes(String namespace, String after,
                                                   @Nullable List<@NonNull String> operations) {
        FeedConnection connection = connection();
        Scope scope = feed.scope(connection.caller(), namespace, operations);
        return slowConsumerCloses(connection, feed.follow(scope, after, config.feed().maxBufferedChanges())).map(Change::new);
    }

    @Subscription("prefixUsage")
    @Description("The prefix's usage at once, then again after every change to it (at most one message per 250 ms).")
    public @NonNull Multi<@NonNull PrefixUsage> prefixUsage(@NonNull CidrScalar cidr,
                                                            @DefaultValue("default") String namespace) {
        FeedConnection connection = connection();
        Scope scope = feed.scope(connection.caller(), namespace, null);
        String prefix = arguments.cidr("cidr", cidr.text()).text();
        AtomicLong lastSent = new AtomicLong();
        Uni<PrefixUsage> usage = prefixes.find(prefix, namespace)
                .onItem().ifNull().failWith(() -> new NotFoundException("prefix " + prefix + " not found in namespace " + namespace))
                .chain(row -> usages.usages(List.of(row)))
                .map(list -> new PrefixUsage(list.get(0)))
                .invoke(() -> lastSent.set(System.nanoTime()));
        // the changes after the head read before the first usage; after one, wait out the interval since the last
        // message (changes meanwhile fold into the latest), then read the usage again
        return slowConsumerCloses(connection, feed.head().onItem().transformToMulti(head -> Multi.createBy().concatenating()
                .streams(usage.toMulti(), feed.follow(scope, ChangeFeed.cursorOf(head), config.feed().maxBufferedChanges())
                        .select().where(row -> AffectedPrefixes.of(row.result()).contains(prefix))
                        .onOverflow().dropPreviousItems()
                        .onItem().transformToUniAndConcatenate(row -> afterInterval(lastSent.get()).chain(() -> usage)))));
    }

    /** Completes once the interval since the last message has passed (a timer needs at least 1 ms). */
    private static Uni<Void> afterInterval(long lastSentNanos) {
        long remaining = USAGE_INTERVAL.toMillis() - (System.nanoTime() - lastSentNanos) / 1_000_000;
        Uni<Void> now = Uni.createFrom().voidItem();
        return remaining < 1 ? now : now.onItem().delayIt().by(Duration.ofMillis(remaining));
    }

    private static <T> Multi<T> slowConsumerCloses(FeedConnection connection, Multi<T> stream) {
        return stream.onFailure(BackPressureFailure.class).invoke(connection::closeSlowConsumer);
    }

    private FeedConnection connection() {
        ExecutionInput input = context.unwrap(ExecutionInput.class);
        return FeedConnection.of(input == null ? null : input.getGraphQLContext());
    }
}

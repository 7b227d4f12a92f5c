package dev.ipamql.service;

import static dev.ipamql.service.Operation.IMPORT_NAMESPACE;

import dev.ipamql.address.Cidr;
import dev.ipamql.address.FreeSpace;
import dev.ipamql.service.ImportPlan.Planned;
import dev.ipamql.service.NamespaceDocument.Format;
import dev.ipamql.service.NamespaceDocument.Ip;
import dev.ipamql.service.NamespaceDocument.Metadata;
import dev.ipamql.service.NamespaceDocument.Prefix;
import dev.ipamql.service.NamespaceDocument.Range;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NamespaceNotEmptyException;
import dev.ipamql.store.IpRow;
import dev.ipamql.store.NamespaceEntity;
import dev.ipamql.store.PoolRow;
import dev.ipamql.store.PoolStore;
import dev.ipamql.store.PrefixRow;
import dev.ipamql.store.TransferStore;
import dev.ipamql.store.TransferStore.NewFreeBlock;
import dev.ipamql.store.TransferStore.NewFreeRange;
import dev.ipamql.store.TransferStore.NewIp;
import dev.ipamql.store.TransferStore.NewPrefix;
import dev.ipamql.store.TransferStore.NewRange;
import dev.ipamql.store.ReservedRangeRow;
import java.math.BigInteger;
import dev.ipamql.store.TransferStore.Snapshot;
import dev.ipamql.store.TransferStore.StoredPrefix;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Export of a namespace as a {@link NamespaceDocument}, and import of one (or of a go-ipam dump) into
 * an empty namespace: checked as a whole first, then written in one transaction with the free blocks,
 * free address runs and counters the operations would have left.
 */
@ApplicationScoped
public class NamespaceTransfer {

    private final Transactions transactions;
    private final TransferStore store;
    private final NamespaceService namespaces;
    private final Arguments arguments;
    private final IpamConfig config;
    private final PoolStore pools;

    public NamespaceTransfer(Transactions transactions, TransferStore store, NamespaceService namespaces,
                             Arguments arguments, IpamConfig config, PoolStore pools) {
        this.transactions = transactions;
        this.store = store;
        this.namespaces = namespaces;
        this.arguments = arguments;
        this.config = config;
        this.pools = pools;
    }

    /** The namespace as an ipamql-export JSON document; NOT_FOUND when it does not exist. */
    public Uni<String> export(String nameText) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(nameText);
            return transactions.read(db -> store.read(db, namespace)
                            .onItem().ifNull().failWith(() -> NamespaceService.missing(namespace))
                            .chain(snapshot -> pools.list(db, namespace)
                                    .map(stored -> document(namespace, snapshot, stored).toJson().encode())));
        }).onFailure().transform(Failures::toClientError);
    }

    /**
     * Fills the empty namespace {@code nameText} from {@code data} (an ipamql export or a go-ipam dump);
     * returns the namespace. The whole document is checked before anything is looked up or written
     * (INVALID_ARGUMENT); a namespace that holds prefixes is NAMESPACE_NOT_EMPTY, as for deleteNamespace.
     */
    public Uni<NamespaceEntity> importInto(Caller caller, String nameText, String data) {
        return Uni.createFrom().deferred(() -> {
            String namespace = arguments.namespace(nameText);
            if (data == null) {
                throw new InvalidArgumentException("data: missing");
            }
            NamespaceDocument document = new NamespaceDocumentReader(config.maxDescriptionLength()).read(data);
            ImportPlan plan = ImportPlan.of(document);
            return transactions.write(IMPORT_NAMESPACE.call(caller, namespace, namespace, plan.prefixCount(), data.length()),
                    tx -> store.lockNamespace(tx, namespace)
                            .chain(exists -> exists
                                    ? store.countPrefixes(tx, namespace)
                                    : Uni.createFrom().failure(NamespaceService.missing(namespace)))
                            .chain(count -> count > 0
                                    ? Uni.createFrom().failure(new NamespaceNotEmptyException("namespace " + namespace
                                            + " already holds " + (count == 1 ? "1 prefix" : count + " prefixes")
                                            + "; import only into an empty namespace"))
                                    : withoutPools(tx, namespace, document))
                            .chain(() -> write(tx, namespace, plan))
                            .chain(() -> document.description() == null && document.labels() == null
                                    ? Uni.createFrom().voidItem()
                                    : store.describeNamespace(tx, namespace, document.description(), document.labels()))
                            .chain(() -> pools.insertAll(tx, document.pools().stream().map(pool -> new PoolRow(namespace,
                                    pool.name(), pool.kind(), pool.selector(), pool.description(), pool.labels(),
                                    pool.version(), pool.createdAt())).toList()))
                            .replaceWith(new Imported(namespace, plan.cidrs())))
                    .chain(() -> namespaces.find(namespace))
                    .onItem().ifNull().failWith(() -> NamespaceService.missing(namespace));
        }).onFailure().transform(Failures::toClientError);
    }

    /** What an import wrote: which prefixes, into which namespace. */
    record Imported(String namespace, List<Cidr> cidrs) {
    }

    // ---- steps

    /** Nothing when the document brings no pools or the namespace has none; NAMESPACE_NOT_EMPTY otherwise. */
    private Uni<Void> withoutPools(SqlConnection tx, String namespace, NamespaceDocument document) {
        if (document.pools().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pools.count(tx, namespace).chain(count -> count == 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NamespaceNotEmptyException("namespace " + namespace + " already holds "
                        + (count == 1 ? "1 pool" : count + " pools") + "; import pools only into a namespace without any")));
    }

    private static NamespaceDocument document(String namespace, Snapshot snapshot, List<PoolRow> storedPools) {
        List<StoredPrefix> stored = new ArrayList<>(snapshot.prefixes());
        stored.sort(Comparator.comparing(prefix -> prefix.row().cidr()));
        List<Prefix> prefixes = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            PrefixRow row = stored.get(i).row();
            String path = "prefixes[" + i + "]";
            List<IpRow> ipRows = new ArrayList<>(stored.get(i).ips());
            ipRows.sort(Comparator.comparing(IpRow::address));
            List<Ip> ips = new ArrayList<>(ipRows.size());
            for (int j = 0; j < ipRows.size(); j++) {
                IpRow ip = ipRows.get(j);
                ips.add(new Ip(path + ".ips[" + j + "].address", ip.address(), ip.description(), ip.createdAt(),
                        new Metadata(ip.labels(), ip.claim(), ip.version(), ip.updatedAt())));
            }
            List<Range> ranges = new ArrayList<>();
            List<ReservedRangeRow> rangeRows = stored.get(i).reservedRanges();
            for (int j = 0; j < rangeRows.size(); j++) {
                ReservedRangeRow range = rangeRows.get(j);
                ranges.add(new Range(path + ".reservedRanges[" + j + "]", range.first(), range.last(), range.description(),
                        range.createdAt()));
            }
            prefixes.add(new Prefix(path, row.cidr(), row.parentCidr(), row.description(), row.createdAt(), ips,
                    new Metadata(row.labels(), row.claim(), row.version(), row.updatedAt()), row.reserveEdges(), ranges));
        }
        List<NamespaceDocument.Pool> pools = storedPools.stream().map(pool -> new NamespaceDocument.Pool(null, pool.name(),
                pool.kind(), pool.selector(), pool.description(), pool.labels(), pool.version(), pool.createdAt())).toList();
        return new NamespaceDocument(Format.IPAMQL, namespace, snapshot.createdAt(), snapshot.description(),
                snapshot.labels(), prefixes, pools);
    }

    /** Prefixes level by level (each needs its parent's id), then the free blocks, free runs and IPs of all. */
    private Uni<Void> write(SqlConnection tx, String namespace, ImportPlan plan) {
        Map<Cidr, Long> ids = new HashMap<>();
        Uni<Void> written = Uni.createFrom().voidItem();
        for (List<Planned> level : plan.levels()) {
            written = written.chain(() -> store.insertPrefixes(tx, namespace, level.stream()
                            .map(planned -> newPrefix(planned, ids))
                            .toList())
                    .invoke(ids::putAll)
                    .replaceWithVoid());
        }
        return written
                .chain(() -> store.insertFreeBlocks(tx, freeBlocks(plan, ids)))
                .chain(() -> store.insertFreeRanges(tx, freeRanges(plan, ids)))
                .chain(() -> store.insertReservedRanges(tx, reservedRanges(plan, ids)))
                .chain(() -> store.insertIps(tx, namespace, ips(plan, ids)));
    }

    private static NewPrefix newPrefix(Planned planned, Map<Cidr, Long> ids) {
        Prefix prefix = planned.prefix();
        Long parentId = prefix.parentCidr() == null ? null : ids.get(prefix.parentCidr());
        Metadata metadata = prefix.metadata();
        BigInteger reserved = BigInteger.ZERO;
        for (Range range : prefix.reservedRanges()) {
            reserved = reserved.add(prefix.cidr().countOutsideEdges(range.first(), range.last(), prefix.reserveEdges()));
        }
        return new NewPrefix(prefix.cidr(), parentId, prefix.parentCidr(), prefix.description(), prefix.createdAt(),
                planned.ips().size(), planned.childCount(), metadata.labels(), metadata.claim(), metadata.version(),
                metadata.updatedAt(), prefix.reserveEdges(), prefix.reservedRanges().size(), reserved);
    }

    private static List<NewRange> reservedRanges(ImportPlan plan, Map<Cidr, Long> ids) {
        List<NewRange> ranges = new ArrayList<>();
        plan.levels().forEach(level -> level.forEach(planned -> {
            long id = ids.get(planned.prefix().cidr());
            planned.prefix().reservedRanges().forEach(range -> ranges.add(new NewRange(id, range.first(), range.last(),
                    range.description(), range.createdAt())));
        }));
        return ranges;
    }

    private static List<NewFreeBlock> freeBlocks(ImportPlan plan, Map<Cidr, Long> ids) {
        List<NewFreeBlock> blocks = new ArrayList<>();
        plan.levels().forEach(level -> level.forEach(planned -> {
            long id = ids.get(planned.prefix().cidr());
            planned.freeBlocks().forEach(block -> blocks.add(new NewFreeBlock(id, block)));
        }));
        return blocks;
    }

    private static List<NewFreeRange> freeRanges(ImportPlan plan, Map<Cidr, Long> ids) {
        List<NewFreeRange> ranges = new ArrayList<>();
        plan.levels().forEach(level -> level.forEach(planned -> {
            long id = ids.get(planned.prefix().cidr());
            for (FreeSpace.Run run : planned.freeRuns()) {
                ranges.add(new NewFreeRange(id, run.first(), run.last()));
            }
        }));
        return ranges;
    }

    private static List<NewIp> ips(ImportPlan plan, Map<Cidr, Long> ids) {
        List<NewIp> ips = new ArrayList<>();
        plan.levels().forEach(level -> level.forEach(planned -> {
            long id = ids.get(planned.prefix().cidr());
            planned.ips().forEach(ip -> ips.add(new NewIp(id, ip.address(), ip.description(), ip.createdAt(),
                    ip.metadata().labels(), ip.metadata().claim(), ip.metadata().version(), ip.metadata().updatedAt())));
        }));
        return ips;
    }
}

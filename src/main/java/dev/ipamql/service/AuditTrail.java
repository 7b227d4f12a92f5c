package dev.ipamql.service;

import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.store.AuditStore;
import dev.ipamql.store.AuditStore.AuditRow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** Reads the audit trail ({@link Transactions#write} appends a record for each successful mutation). */
@ApplicationScoped
public class AuditTrail {

    /** PostgreSQL's timestamptz range. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("-4712-01-01T00:00:00Z");
    private static final OffsetDateTime LATEST = OffsetDateTime.parse("+294276-12-31T23:59:59.999999Z");

    private final AuditStore audit;
    private final Transactions transactions;
    private final Arguments arguments;

    public AuditTrail(AuditStore audit, Transactions transactions, Arguments arguments) {
        this.audit = audit;
        this.transactions = transactions;
        this.arguments = arguments;
    }

    public Uni<Page<AuditRow>> query(String namespace, String subject, OffsetDateTime since, Integer first, String after) {
        return Uni.createFrom().deferred(() -> {
            int limit = arguments.first(first);
            String namespaceFilter = namespace == null ? null : arguments.namespace(namespace);
            String subjectFilter = Arguments.storable("subject", subject);
            if (since != null && (since.isBefore(EARLIEST) || since.isAfter(LATEST))) {
                throw new InvalidArgumentException("since: " + since + " lies outside the range the audit log can "
                        + "hold (4713 BC to 294276 AD)");
            }
            Long before = after == null ? null : cursor(after);
            return transactions.read(db -> audit.page(db, namespaceFilter, subjectFilter, since, before, limit + 1)
                    .chain(rows -> audit.count(db, namespaceFilter, subjectFilter, since)
                            .map(total -> Page.of(rows, limit, total))));
        });
    }

    public static String cursorOf(AuditRow row) {
        return Cursors.opaque("audit:" + row.id());
    }

    private static Long cursor(String after) {
        return Cursors.number(after, "audit:");
    }
}

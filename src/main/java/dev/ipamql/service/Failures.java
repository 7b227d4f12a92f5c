package dev.ipamql.service;

import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.metadata.InvalidMetadataException;
import dev.ipamql.service.error.InternalException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.IpamException;
import dev.ipamql.service.error.UnavailableException;
import org.jboss.logging.Logger;

/** Turns any failure into one of the contract's typed errors; unexpected ones are logged, never shown. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    /** Whether the failure (or a cause) is a lost or refused database connection, or a server shutting down. */
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.net.ConnectException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof io.vertx.core.VertxException
                    && (message.contains("Connection refused") || message.contains("closed") || message.contains("Timeout"))) {
                return true;
            }
        }
        return false;
    }

    public static Throwable toClientError(Throwable failure) {
        if (failure instanceof IpamException) {
            return failure;
        }
        if (failure instanceof InvalidAddressException || failure instanceof InvalidMetadataException) {
            return new InvalidArgumentException(failure.getMessage());
        }
        if (databaseUnreachable(failure)) {
            LOG.warnf("database unavailable: %s", failure.toString());
            return new UnavailableException("the database is unavailable; retry later (with the same requestId, if any)");
        }
        LOG.error("unexpected failure", failure);
        return new InternalException("internal error; the service log has the details");
    }
}

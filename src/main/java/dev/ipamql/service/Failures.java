package dev.ipamql.service;

import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.service.error.InternalException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.IpamException;
import org.jboss.logging.Logger;

/** Turns any failure into one of the contract's typed errors; unexpected ones are logged, never shown. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static Throwable toClientError(Throwable failure) {
        if (failure instanceof IpamException) {
            return failure;
        }
        if (failure instanceof InvalidAddressException invalid) {
            return new InvalidArgumentException(invalid.getMessage());
        }
        LOG.error("unexpected failure", failure);
        return new InternalException("internal error; the service log has the details");
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The database cannot be reached right now; nothing was changed and the request may be retried. */
@ErrorCode("UNAVAILABLE")
public class UnavailableException extends IpamException {

    public UnavailableException(String message) {
        super(message);
    }
}

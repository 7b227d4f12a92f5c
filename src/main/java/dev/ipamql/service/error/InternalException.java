package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** An unexpected failure; details are logged, never sent to the client. */
@ErrorCode("INTERNAL")
public class InternalException extends IpamException {

    public InternalException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The namespace to create exists already. */
@ErrorCode("ALREADY_EXISTS")
public class AlreadyExistsException extends IpamException {

    public AlreadyExistsException(String message) {
        super(message);
    }
}

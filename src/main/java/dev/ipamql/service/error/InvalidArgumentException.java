package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** A value is malformed, out of range or not allowed here. */
@ErrorCode("INVALID_ARGUMENT")
public class InvalidArgumentException extends IpamException {

    public InvalidArgumentException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** A concurrent change could not be resolved within the retry budget. */
@ErrorCode("CONFLICT")
public class ConflictException extends IpamException {

    public ConflictException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The named namespace, prefix or address does not exist. */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends IpamException {

    public NotFoundException(String message) {
        super(message);
    }
}

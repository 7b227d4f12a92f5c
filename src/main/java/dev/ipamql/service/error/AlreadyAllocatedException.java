package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The requested address or block is taken or reserved. */
@ErrorCode("ALREADY_ALLOCATED")
public class AlreadyAllocatedException extends IpamException {

    public AlreadyAllocatedException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** No free block of the requested length is left in the parent. */
@ErrorCode("NO_PREFIX_AVAILABLE")
public class NoPrefixAvailableException extends IpamException {

    public NoPrefixAvailableException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The prefix holds acquired addresses. */
@ErrorCode("HAS_IPS")
public class HasIpsException extends IpamException {

    public HasIpsException(String message) {
        super(message);
    }
}

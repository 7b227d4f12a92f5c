package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The prefix holds child prefixes. */
@ErrorCode("HAS_CHILDREN")
public class HasChildrenException extends IpamException {

    public HasChildrenException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller's roles or namespaces do not allow the operation. */
@ErrorCode("FORBIDDEN")
public class ForbiddenException extends IpamException {

    public ForbiddenException(String message) {
        super(message);
    }
}

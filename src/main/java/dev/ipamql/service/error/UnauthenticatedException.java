package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** No valid bearer token came with the request. */
@ErrorCode("UNAUTHENTICATED")
public class UnauthenticatedException extends IpamException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}

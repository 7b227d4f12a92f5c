package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The namespace still holds prefixes. */
@ErrorCode("NAMESPACE_NOT_EMPTY")
public class NamespaceNotEmptyException extends IpamException {

    public NamespaceNotEmptyException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** A new root prefix overlaps a prefix of its namespace. */
@ErrorCode("OVERLAP")
public class OverlapException extends IpamException {

    public OverlapException(String message) {
        super(message);
    }
}

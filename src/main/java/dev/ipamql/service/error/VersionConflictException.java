package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** An update's ifVersion is not the object's current version; nothing changed. */
@ErrorCode("VERSION_CONFLICT")
public class VersionConflictException extends IpamException {

    public VersionConflictException(String message) {
        super(message);
    }
}

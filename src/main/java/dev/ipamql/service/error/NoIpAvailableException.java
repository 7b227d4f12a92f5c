package dev.ipamql.service.error;

import io.smallrye.graphql.api.ErrorCode;

/** The prefix has no free address left. */
@ErrorCode("NO_IP_AVAILABLE")
public class NoIpAvailableException extends IpamException {

    public NoIpAvailableException(String message) {
        super(message);
    }
}

package dev.ipamql.service.error;

/**
 * A failure the client can act on; its message is shown, and each subclass carries one
 * {@code extensions.code} of the contract's error table.
 */
public abstract class IpamException extends RuntimeException {

    protected IpamException(String message) {
        super(message, null, false, false);
    }
}

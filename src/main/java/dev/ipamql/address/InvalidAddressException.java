package dev.ipamql.address;

/** Raised when text is not a valid address or CIDR, or values of different families are mixed. */
public class InvalidAddressException extends RuntimeException {

    public InvalidAddressException(String message) {
        super(message);
    }
}

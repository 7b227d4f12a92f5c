package dev.ipamql.metadata;

/** Raised when a label, a selector or a claim is malformed; the message names the bad part. */
public class InvalidMetadataException extends RuntimeException {

    public InvalidMetadataException(String message) {
        super(message);
    }
}

package dev.datalake.cluster.storage;

/** An S3 request the object store refused: the HTTP status and S3's error code and message. */
public class ObjectStoreException extends RuntimeException {

    private final int statusCode;
    private final String errorCode;

    public ObjectStoreException(String message, int statusCode, String errorCode) {
        super(message);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the answer, for example 404. */
    public int statusCode() {
        return statusCode;
    }

    /** S3's error code, for example {@code NoSuchBucket}; empty when the answer had none. */
    public String errorCode() {
        return errorCode;
    }
}

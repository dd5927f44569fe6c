package dev.datalake.cluster.storage;

import java.util.regex.Pattern;

/** S3's bucket naming rules, checked before any request is sent. */
final class BucketNames {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketNames() {}

    /** Throws {@link IllegalArgumentException} saying what to change when {@code bucket} is not a valid S3 bucket name. */
    static String require(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("bucket name must not be blank");
        }
        if (!VALID.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            throw new IllegalArgumentException("invalid bucket name '" + bucket + "': use 3 to 63 characters of "
                    + "lowercase letters, digits, '.' and '-', starting and ending with a letter or digit "
                    + "(no '..', not an IP address)");
        }
        return bucket;
    }

    /** Throws {@link IllegalArgumentException} when {@code key} is null or empty. */
    static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        return key;
    }
}

package dev.datalake.cluster.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checks of user input, in one place: each returns the value it accepts or throws an
 * {@link IllegalArgumentException} that names the setting and says what it accepts.
 */
public final class Require {

    /** MinIO's limits, which both object stores keep so that one setting works on either. */
    public static final int MIN_ACCESS_KEY_LENGTH = 3;
    public static final int MIN_SECRET_KEY_LENGTH = 8;

    private Require() {}

    /** A duration greater than zero. */
    public static Duration positive(String setting, Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + duration);
        }
        return duration;
    }

    /** An int of at least {@code min}. */
    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + " must be " + min + " or more, got " + value);
        }
        return value;
    }

    /** A TCP port, 1 to 65535. */
    public static int port(String setting, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(setting + " must be from 1 to 65535, got " + port);
        }
        return port;
    }

    /** A string that is not null or blank. */
    public static String notBlank(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        return value;
    }

    /** Object store credentials within MinIO's limits (access key 3+ characters, secret key 8+). */
    public static void objectStoreCredentials(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.length() < MIN_ACCESS_KEY_LENGTH) {
            throw new IllegalArgumentException("object store access key must have at least "
                    + MIN_ACCESS_KEY_LENGTH + " characters");
        }
        if (secretKey == null || secretKey.length() < MIN_SECRET_KEY_LENGTH) {
            throw new IllegalArgumentException("object store secret key must have at least "
                    + MIN_SECRET_KEY_LENGTH + " characters");
        }
    }

    /** Airflow's admin: a non-blank username without surrounding spaces and a non-blank password. */
    public static void airflowAdmin(String username, String password) {
        if (username == null || username.isBlank() || !username.equals(username.strip())) {
            throw new IllegalArgumentException("Airflow admin username must be non-blank without surrounding spaces, got '"
                    + username + "'");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("Airflow admin password must not be blank");
        }
    }

    /** An existing directory, as an absolute normalized path. */
    public static Path directory(String setting, Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException(setting + " must not be null");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new IllegalArgumentException(setting + " " + absolute + " does not exist");
        }
        if (!Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(setting + " " + absolute + " is not a directory");
        }
        return absolute;
    }
}

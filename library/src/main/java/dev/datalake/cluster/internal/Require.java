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
    /** The shortest password or token accepted: shorter ones could not be masked in logs ({@link SecretMask}). */
    public static final int MIN_SECRET_LENGTH = SecretMask.MIN_SECRET_LENGTH;
    /** The longest startup timeout: longer ones overflow the clocks that wait. */
    public static final Duration MAX_STARTUP_TIMEOUT = Duration.ofDays(1);
    /** Characters a token may have: those a URL carries as they are (RFC 3986's unreserved). */
    private static final java.util.regex.Pattern URL_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]+");

    private Require() {}

    /** A duration greater than zero. */
    public static Duration positive(String setting, Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + duration);
        }
        return duration;
    }

    /** A duration greater than zero and at most {@code max}. */
    public static Duration between(String setting, Duration duration, Duration max) {
        positive(setting, duration);
        if (duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting + " must be at most " + max.toHours() + " hours, got " + duration);
        }
        return duration;
    }

    /** An int from {@code min} to {@code max}. */
    public static int between(String setting, int value, int min, int max) {
        atLeast(setting, value, min);
        if (value > max) {
            throw new IllegalArgumentException(setting + " must be " + max + " or less, got " + value);
        }
        return value;
    }

    /**
     * A password or key: at least {@value #MIN_SECRET_LENGTH} characters (shorter ones could not be
     * masked in logs), no control characters (a newline would split the variable that carries it)
     * and no leading or trailing whitespace (which shells and forms drop). The value is never
     * repeated in the message.
     */
    public static String secret(String setting, String value) {
        if (value == null || value.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(setting + " must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(setting + " must not contain control characters (a newline, a tab)");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(setting + " must not start or end with whitespace");
        }
        return value;
    }

    /** A token that goes into URLs as it is: a {@link #secret} of letters, digits, '-', '_', '.' and '~'. */
    public static String urlToken(String setting, String value) {
        secret(setting, value);
        if (!URL_SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(setting + " may only contain letters, digits, '-', '_', '.' and '~' "
                    + "(it goes into URLs as it is)");
        }
        return value;
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

    /** Object store credentials within MinIO's limits (access key 3+ characters, secret key a {@link #secret} of 8+). */
    public static void objectStoreCredentials(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.length() < MIN_ACCESS_KEY_LENGTH) {
            throw new IllegalArgumentException("object store access key must have at least "
                    + MIN_ACCESS_KEY_LENGTH + " characters");
        }
        secret("object store secret key", secretKey);
    }

    /** Airflow's admin as its container takes it: a non-blank username without surrounding spaces and a non-blank password. */
    public static void airflowAdmin(String username, String password) {
        if (username == null || username.isBlank() || !username.equals(username.strip())) {
            throw new IllegalArgumentException("Airflow admin username must be non-blank without surrounding spaces, got '"
                    + username + "'");
        }
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("Airflow admin password must not be blank");
        }
    }

    /**
     * Airflow's admin as a cluster's settings take it: a username without ':' (HTTP basic auth splits
     * there), whitespace or control characters, and a password that is a {@link #secret}.
     */
    public static void airflowCredentials(String username, String password) {
        airflowAdmin(username, password);
        if (username.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c) || c == ':')) {
            throw new IllegalArgumentException("Airflow admin username must not contain ':' (HTTP basic auth splits "
                    + "there), whitespace or control characters, got '" + username.strip() + "'");
        }
        secret("Airflow admin password", password);
    }

    /**
     * An existing directory that Docker can mount: no ':' or ',' in its path (the bind syntax
     * separates fields with them), as an absolute normalized path.
     */
    public static Path mountableDirectory(String setting, Path folder) {
        Path absolute = directory(setting, folder);
        if (absolute.toString().contains(":") || absolute.toString().contains(",")) {
            throw new IllegalArgumentException(setting + " " + absolute + " contains ':' or ',', which Docker's bind "
                    + "mounts cannot carry: use a folder whose path has neither");
        }
        return absolute;
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

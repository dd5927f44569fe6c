package dev.datalake.cluster.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random secrets and ids: one strong source for every generated password, token and cluster id. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code bytes} random bytes as lower-case hex ({@code 2 * bytes} characters). */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

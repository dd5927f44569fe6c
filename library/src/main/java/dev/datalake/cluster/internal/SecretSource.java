package dev.datalake.cluster.internal;

/** Where generated secrets come from: random per cluster, derived for a reused one, or a compose file's variables. */
@FunctionalInterface
public interface SecretSource {

    /** A secret for {@code purpose} ({@code "object-store"}, {@code "postgres"}, ...), {@code bytes} bytes of entropy. */
    String secret(String purpose, int bytes);

    /** A new random secret for each purpose. */
    SecretSource RANDOM = (purpose, bytes) -> Secrets.randomHex(bytes);
}

package dev.datalake.cluster.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerState;

/**
 * Masks a container's secrets in text about it: the values of its environment variables whose
 * names say they are secrets (keys, passwords, tokens, credentials). Every log line, log tail and
 * failure message about a container goes through it.
 */
public final class SecretMask {

    /** What a secret is replaced by. */
    public static final String MASK = "****";
    /** The shortest secret the builder accepts: shorter values would also mask ordinary words. */
    public static final int MIN_SECRET_LENGTH = 8;
    // AWS_SECRET_ACCESS_KEY, MINIO_ROOT_PASSWORD, S3PROXY_CREDENTIAL, JUPYTER_TOKEN,
    // AIRFLOW__WEBSERVER__SECRET_KEY, the Airflow admin's password
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|TOKEN|CREDENTIAL).*");

    private final Supplier<Map<String, String>> environment;
    private volatile List<String> secrets;

    private SecretMask(Supplier<Map<String, String>> environment) {
        this.environment = environment;
    }

    /** The secrets of {@code container}'s environment, read at the first use (some are set as it starts). */
    public static SecretMask of(ContainerState container) {
        return new SecretMask(() -> container instanceof Container<?> c ? c.getEnvMap() : inspected(container));
    }

    /** The secrets of an environment. */
    public static SecretMask of(Map<String, String> environment) {
        return new SecretMask(() -> environment);
    }

    /** {@code text} with every secret replaced by {@value #MASK}; null stays null. */
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets()) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private List<String> secrets() {
        List<String> known = secrets;
        if (known == null) {
            known = environment.get().entrySet().stream()
                    .filter(e -> SECRET_NAME.matcher(e.getKey()).matches())
                    .map(Map.Entry::getValue)
                    .filter(value -> value != null && value.length() >= MIN_SECRET_LENGTH)
                    .distinct()
                    // the longest first, so a secret that contains another is masked whole
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
            secrets = known;
        }
        return known;
    }

    private static Map<String, String> inspected(ContainerState container) {
        try {
            String[] env = container.getContainerInfo().getConfig().getEnv();
            Map<String, String> map = new java.util.LinkedHashMap<>();
            for (String entry : env == null ? new String[0] : env) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    map.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return map;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}

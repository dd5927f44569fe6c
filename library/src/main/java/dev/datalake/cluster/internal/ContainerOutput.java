package dev.datalake.cluster.internal;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output in SLF4J: one logger per service ({@value #LOGGER_PREFIX}{@code spark-master},
 * ...), at DEBUG, so a user turns it on in the logging configuration. The values of the container's
 * secret environment variables (keys, passwords, tokens) are masked before anything is logged.
 */
public final class ContainerOutput implements Consumer<OutputFrame> {

    /** The loggers' names: this prefix and the service's name ({@code object-store}, {@code spark-worker-1}, ...). */
    public static final String LOGGER_PREFIX = "dev.datalake.cluster.container.";
    /** What a secret is replaced by. */
    public static final String MASK = "****";
    // environment variables whose values are secrets: AWS_SECRET_ACCESS_KEY, MINIO_ROOT_PASSWORD,
    // S3PROXY_CREDENTIAL, JUPYTER_TOKEN, AIRFLOW__WEBSERVER__SECRET_KEY, the Airflow admin's password
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(SECRET|PASSWORD|TOKEN|CREDENTIAL).*");
    // shorter values would mask ordinary words
    private static final int MIN_SECRET_LENGTH = 4;

    private final Logger logger;
    private final GenericContainer<?> container;
    private volatile List<String> secrets;

    private ContainerOutput(Logger logger, GenericContainer<?> container) {
        this.logger = logger;
        this.container = container;
    }

    /**
     * Forwards the container's output to the service's logger, when that logger has DEBUG on when the
     * container is configured (following a container's output costs a thread while it runs).
     */
    public static void attach(GenericContainer<?> container, String service) {
        Logger logger = LoggerFactory.getLogger(LOGGER_PREFIX + service);
        if (logger.isDebugEnabled()) {
            container.withLogConsumer(new ContainerOutput(logger, container));
        }
    }

    @Override
    public void accept(OutputFrame frame) {
        if (frame == null || frame.getType() == OutputFrame.OutputType.END || frame.getBytes() == null) {
            return;
        }
        String text = mask(frame.getUtf8StringWithoutLineEnding());
        if (frame.getType() == OutputFrame.OutputType.STDERR) {
            logger.debug("[stderr] {}", text);
        } else {
            logger.debug("{}", text);
        }
    }

    String mask(String text) {
        String masked = text;
        for (String secret : secrets()) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** Read at the first line: by then the container's environment is complete (some is set as it starts). */
    private List<String> secrets() {
        List<String> known = secrets;
        if (known == null) {
            known = container.getEnvMap().entrySet().stream()
                    .filter(e -> SECRET_NAME.matcher(e.getKey()).matches())
                    .map(java.util.Map.Entry::getValue)
                    .filter(value -> value != null && value.length() >= MIN_SECRET_LENGTH)
                    .distinct()
                    // the longest first, so a secret that contains another is masked whole
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
            secrets = known;
        }
        return known;
    }

    /** For tests: a consumer for this container without the DEBUG check. */
    static ContainerOutput of(GenericContainer<?> container, String service) {
        return new ContainerOutput(LoggerFactory.getLogger(LOGGER_PREFIX + service), container);
    }
}

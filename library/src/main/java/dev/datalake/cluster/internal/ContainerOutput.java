package dev.datalake.cluster.internal;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output in SLF4J: one logger per service ({@value #LOGGER_PREFIX}{@code spark-master},
 * ...), at DEBUG, so a user turns it on in the logging configuration. The values of the container's
 * secret environment variables (keys, passwords, tokens) are masked before anything is logged
 * ({@link SecretMask}), in Testcontainers' own lines about the container too ({@link #testcontainersLogger}).
 */
public final class ContainerOutput implements Consumer<OutputFrame> {

    /** The loggers' names: this prefix and the service's name ({@code object-store}, {@code spark-worker-1}, ...). */
    public static final String LOGGER_PREFIX = "dev.datalake.cluster.container.";
    /** What a secret is replaced by. */
    public static final String MASK = SecretMask.MASK;

    private final Logger logger;
    private final SecretMask mask;

    private ContainerOutput(Logger logger, GenericContainer<?> container) {
        this.logger = logger;
        this.mask = SecretMask.of(container);
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

    /**
     * Testcontainers' logger for {@code container} ({@code delegate}), its secrets masked; the whole
     * output Testcontainers dumps when the container fails goes to the service's logger at DEBUG.
     */
    public static Logger testcontainersLogger(GenericContainer<?> container, Logger delegate) {
        String service = container.getLabels().get(ClusterResources.SERVICE_LABEL);
        if (service == null) {
            service = container.getNetworkAliases().isEmpty() ? "unnamed"
                    : container.getNetworkAliases().get(container.getNetworkAliases().size() - 1);
        }
        return new MaskedLogger(delegate, service, SecretMask.of(container));
    }

    @Override
    public void accept(OutputFrame frame) {
        if (frame == null || frame.getType() == OutputFrame.OutputType.END || frame.getBytes() == null) {
            return;
        }
        String text = mask.apply(frame.getUtf8StringWithoutLineEnding());
        if (frame.getType() == OutputFrame.OutputType.STDERR) {
            logger.debug("[stderr] {}", text);
        } else {
            logger.debug("{}", text);
        }
    }

    String mask(String text) {
        return mask.apply(text);
    }

    /** For tests: a consumer for this container without the DEBUG check. */
    static ContainerOutput of(GenericContainer<?> container, String service) {
        return new ContainerOutput(LoggerFactory.getLogger(LOGGER_PREFIX + service), container);
    }
}

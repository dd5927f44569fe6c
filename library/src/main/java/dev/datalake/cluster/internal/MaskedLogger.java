package dev.datalake.cluster.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Testcontainers' logger for one of the cluster's containers, with its secrets masked. The whole
 * output Testcontainers dumps at ERROR when a container fails goes to the service's container
 * logger at DEBUG instead: the start failure already carries its last lines, masked.
 */
final class MaskedLogger extends AbstractLogger {

    /** The line Testcontainers' {@code GenericContainer} dumps a failed container's whole output with. */
    static final String FAILED_CONTAINER_DUMP = "Log output from the failed container";

    private final Logger delegate;
    private final Logger containerLogger;
    private final SecretMask mask;

    MaskedLogger(Logger delegate, String service, SecretMask mask) {
        this.delegate = delegate;
        this.containerLogger = LoggerFactory.getLogger(ContainerOutput.LOGGER_PREFIX + service);
        this.mask = mask;
        this.name = delegate.getName();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String message = mask.apply(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (pattern != null && pattern.startsWith(FAILED_CONTAINER_DUMP)) {
            containerLogger.debug("{}", message);
            return;
        }
        delegate.atLevel(level).setMessage(message).setCause(throwable).log();
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return delegate.isTraceEnabled(marker);
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled() || containerLogger.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return delegate.isInfoEnabled(marker);
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return delegate.isWarnEnabled(marker);
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled() || containerLogger.isDebugEnabled();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }
}

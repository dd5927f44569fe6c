package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers' own lines about a cluster container: secrets masked, the failed container's dump not at ERROR. */
class MaskedLoggerTest {

    private final GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("example/airflow:1"))
            .withEnv("DATALAKE_AIRFLOW_ADMIN_PASSWORD", "airflow-pass-1")
            .withLabel(ClusterResources.SERVICE_LABEL, "airflow");
    private final Recording tc = new Recording();

    @Test
    void masksEveryLineAndKeepsTheFailedContainersDumpOutOfTheUsersLog() {
        Logger logger = ContainerOutput.testcontainersLogger(container, tc);

        logger.info("Creating container for image: {} with {}", "example/airflow:1", "airflow-pass-1");
        logger.error("Could not start container", new IllegalStateException("boom"));
        logger.error("Log output from the failed container:\n{}", "password is airflow-pass-1\nmore output");

        assertThat(tc.lines).containsExactly(
                "INFO Creating container for image: example/airflow:1 with ****",
                "ERROR Could not start container");
        assertThat(String.join("\n", tc.lines)).doesNotContain("airflow-pass-1").doesNotContain("more output");
    }

    @Test
    void aProbeFailureMasksItsReasonLastAnswerAndLogTail() {
        ServiceProbe probe = ServiceProbe.of("GET :8080/health", target -> "not yet");
        ProbeFailedException e = new ProbeFailedException(probe, "login airflow-pass-1 refused",
                "line 1\npassword=airflow-pass-1", SecretMask.of(container));
        assertThat(e.getMessage()).contains("login **** refused").doesNotContain("airflow-pass-1");
        assertThat(e.logTail()).isEqualTo("line 1\npassword=****");
    }

    @Test
    void secretsShorterThanTheMinimumAreNotMaskedSoTheBuilderRefusesThem() {
        SecretMask mask = SecretMask.of(java.util.Map.of("JUPYTER_TOKEN", "abc", "S3PROXY_CREDENTIAL", "12345678"));
        assertThat(mask.apply("abc 12345678")).isEqualTo("abc ****");
        assertThat(Require.MIN_SECRET_LENGTH).isEqualTo(SecretMask.MIN_SECRET_LENGTH);
    }

    /** A logger that records what reaches it. */
    static final class Recording extends LegacyAbstractLogger {
        final List<String> lines = new ArrayList<>();

        Recording() {
            this.name = "tc.example/airflow:1";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}

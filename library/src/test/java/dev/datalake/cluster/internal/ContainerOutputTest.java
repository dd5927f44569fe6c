package dev.datalake.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

class ContainerOutputTest {

    @Test
    void masksTheValuesOfSecretVariablesOnly() {
        GenericContainer<?> container = new GenericContainer<>("debian:bookworm-slim")
                .withEnv("AWS_SECRET_ACCESS_KEY", "s3cr3t-value")
                .withEnv("JUPYTER_TOKEN", "tok-123456")
                .withEnv("DATALAKE_AIRFLOW_ADMIN_PASSWORD", "s3cr3t-value-longer")
                .withEnv("AWS_ACCESS_KEY_ID", "datalake")
                .withEnv("SPARK_MODE", "master");
        ContainerOutput output = ContainerOutput.of(container, "spark-master");
        assertThat(output.mask("url http://x:8888/?token=tok-123456 key=s3cr3t-value pw=s3cr3t-value-longer user datalake"))
                .isEqualTo("url http://x:8888/?token=**** key=**** pw=**** user datalake");
        assertThat(output.mask("SPARK_MODE=master")).isEqualTo("SPARK_MODE=master");
    }

    @Test
    void loggersAreNamedAfterTheService() {
        assertThat(ContainerOutput.LOGGER_PREFIX + "spark-master").isEqualTo("dev.datalake.cluster.container.spark-master");
    }
}

package dev.datalake.cluster.spark;

import dev.datalake.cluster.internal.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.ServiceProbe;
import dev.datalake.cluster.storage.MinioContainer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

class SparkContainersTest {

    private static final DockerImageName IMAGE = DockerImageName.parse("datalake/spark:test");

    @Test
    void masterRunsInMasterModeWithItsPortsAndTheStoreSettings() {
        MinioContainer store = new MinioContainer().withCredentials("access", "secret-key");
        store.withNetworkAliases("minio");
        SparkMasterContainer master = new SparkMasterContainer(IMAGE)
                .withExpectedWorkers(2).withObjectStore(store).withDaemonMemory(MemorySize.parse("256m"));
        master.withStartupTimeout(Duration.ofSeconds(42));
        configured(master);

        assertThat(master.getEnvMap())
                .containsEntry("SPARK_MODE", "master")
                .containsEntry("SPARK_MASTER_HOST", "spark-master")
                .containsEntry("SPARK_DAEMON_MEMORY", "256m")
                .containsEntry("S3_ENDPOINT", "http://minio:9000")
                .containsEntry("AWS_ACCESS_KEY_ID", "access")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret-key")
                .containsEntry("JUPYTER_ENABLED", "false")
                .doesNotContainKey("JUPYTER_TOKEN");
        assertThat(master.getEnvMap().get("SPARK_EXTRA_CONF")).contains("spark.driver.host spark-master")
                .doesNotContain("spark.executor.memory");
        assertThat(master.getExposedPorts()).containsExactlyInAnyOrder(7077, 8080, 6066, 4040);
        // the probe made in configure() keeps the timeout given before
        assertThat(master.waitStrategy()).isInstanceOfSatisfying(ServiceProbe.class, probe -> {
            assertThat(probe.description()).isEqualTo("GET :8080/json/ says status ALIVE and aliveworkers = 2");
            assertThat(probe.startupTimeout()).isEqualTo(Duration.ofSeconds(42));
        });
    }

    @Test
    void driversInTheMastersContainerAskForAWorkersMemory() {
        SparkMasterContainer master = new SparkMasterContainer(IMAGE).withExecutorMemory(MemorySize.parse("512m"));
        configured(master);
        assertThat(master.getEnvMap().get("SPARK_EXTRA_CONF")).contains("\nspark.executor.memory 512m");
    }

    @Test
    void masterWithJupyterExposes8888AndPassesTheToken() {
        SparkMasterContainer master = configured(new SparkMasterContainer(IMAGE).withJupyter("t0ken"));
        assertThat(master.getExposedPorts()).contains(8888);
        assertThat(master.getEnvMap())
                .containsEntry("JUPYTER_ENABLED", "true")
                .containsEntry("JUPYTER_TOKEN", "t0ken")
                .containsEntry("SPARK_MASTER", "spark://spark-master:7077");
        assertThat(((ServiceProbe) master.waitStrategy()).description())
                .isEqualTo("GET :8080/json/ says status ALIVE and aliveworkers = 0 and GET :8888/api answers 200");
        assertThatThrownBy(() -> new SparkMasterContainer(IMAGE).withJupyter(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masterProbeWantsAliveAndTheExactWorkerCount() throws Exception {
        ServiceProbe probe = SparkMasterContainer.masterProbe(2);
        assertThat(probe.description()).isEqualTo("GET :8080/json/ says status ALIVE and aliveworkers = 2");
        assertThat(SparkMasterContainer.ready(Json.parse("{\"status\":\"ALIVE\",\"aliveworkers\":2}"), 2)).isTrue();
        assertThat(SparkMasterContainer.ready(Json.parse("{\"status\":\"ALIVE\",\"aliveworkers\":1}"), 2)).isFalse();
        assertThat(SparkMasterContainer.ready(Json.parse("{\"status\":\"ALIVE\",\"aliveworkers\":3}"), 2)).isFalse();
        assertThat(SparkMasterContainer.ready(Json.parse("{\"status\":\"STANDBY\",\"aliveworkers\":2}"), 2)).isFalse();
        assertThat(SparkMasterContainer.ready(Json.parse("{}"), 0)).isFalse();
    }

    @Test
    void workerRegistersWithTheMasterUnderItsAlias() {
        SparkWorkerContainer worker = configured(new SparkWorkerContainer(IMAGE, 3).withCores(1).withMemory(MemorySize.parse("768m")));
        assertThat(worker.getEnvMap())
                .containsEntry("SPARK_MODE", "worker")
                .containsEntry("SPARK_MASTER_URL", "spark://spark-master:7077")
                .containsEntry("SPARK_WORKER_HOST", "spark-worker-3")
                .containsEntry("SPARK_WORKER_CORES", "1")
                .containsEntry("SPARK_WORKER_MEMORY", "768m");
        assertThat(worker.getExposedPorts()).containsExactly(8081);
        assertThat(((ServiceProbe) worker.waitStrategy()).description()).contains("/json/").contains("master URL");
    }

    @Test
    void workerDefaultsAreTheOriginalSetupsTwoCoresAndOneGigabyte() {
        SparkWorkerContainer worker = configured(new SparkWorkerContainer(IMAGE, 1));
        assertThat(worker.cores()).isEqualTo(2);
        assertThat(worker.memory()).isEqualTo("1g");
    }

    @Test
    void workerIndexStartsAtOne() {
        assertThatThrownBy(() -> new SparkWorkerContainer(IMAGE, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("worker index");
    }

    /** Runs {@code configure()} as {@code start()} would, without Docker. */
    private static <T extends SparkNodeContainer<?>> T configured(T container) {
        container.configure();
        return container;
    }

    @Test
    void theSqlGatewayWarmsAnExecutorOnlyWhereWorkersAreExpected() {
        assertThat(new SparkMasterContainer(IMAGE).withSparkConnect(true).withExpectedWorkers(2).environment())
                .containsEntry("SPARK_CONNECT_ENABLED", "true").containsEntry("DATALAKE_SQL_WARM_EXECUTOR", "true");
        // a master alone would wait forever for an executor to run the warm-up's tasks
        assertThat(new SparkMasterContainer(IMAGE).withSparkConnect(true).withExpectedWorkers(0).environment())
                .containsEntry("DATALAKE_SQL_WARM_EXECUTOR", "false");
        assertThat(new SparkMasterContainer(IMAGE).withSparkConnect(false).environment())
                .doesNotContainKeys("SPARK_CONNECT_ENABLED", "DATALAKE_SQL_WARM_EXECUTOR");
    }
}

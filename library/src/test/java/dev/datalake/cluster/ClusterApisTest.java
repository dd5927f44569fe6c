package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.jupyter.JupyterServer;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkModule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * What the accessors return, without Docker: one object per service of a cluster, Jupyter's
 * included (a timeout set on it holds for the next {@code jupyter()}), and how to turn Jupyter on.
 */
class ClusterApisTest {

    @Test
    void jupyterIsOneObjectPerClusterLikeTheOtherAccessors() {
        ClusterContainers containers = containers(true);
        JupyterServer jupyter = containers.part(SparkModule.class, JupyterServer.class, "Jupyter", "start it with jupyter(true)");
        jupyter.withTimeout(Duration.ofMinutes(3));
        assertThat(containers.part(SparkModule.class, JupyterServer.class, "Jupyter", "start it with jupyter(true)"))
                .isSameAs(jupyter);
        assertThat(containers.api(SparkModule.class, SparkCluster.class, "it always runs"))
                .isSameAs(containers.api(SparkModule.class, SparkCluster.class, "it always runs"));
        assertThat(jupyter.token())
                .isEqualTo(containers.api(SparkModule.class, SparkCluster.class, "it always runs").master().jupyterToken());
    }

    @Test
    void jupyterOfAClusterWithoutItSaysHowToTurnItOn() {
        ClusterContainers containers = containers(false);
        assertThatThrownBy(() -> containers.part(SparkModule.class, JupyterServer.class, "Jupyter", "start it with jupyter(true)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this cluster runs without Jupyter: start it with jupyter(true)");
    }

    private static ClusterContainers containers(boolean jupyter) {
        return new ClusterContainers("c0ffee01", Network.newNetwork(),
                DataLakeCluster.builder().images(ImageSet.offline()).jupyter(jupyter).airflow(false).plan(),
                Map.of(Service.OBJECT_STORE, "datalake/offline-s3proxy:test", Service.SPARK_MASTER, "datalake/spark:test"));
    }
}

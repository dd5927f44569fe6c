package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ClusterReuse;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.testsupport.CreateCommands;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Spark's RPC (7077), REST submission (6066) and Connect (15002) ports run whatever code reaches
 * them: they stay on 127.0.0.1 with exposeOnAllInterfaces(), unless exposeSparkPortsOnAllInterfaces().
 */
class SparkPortsBindingTest {

    @Test
    void codeRunningPortsStayOnLoopbackWhenEverythingElseIsExposed() {
        Map<Integer, String> master = bindings(v40().exposeOnAllInterfaces(), "spark-master");
        assertThat(master).containsEntry(7077, "127.0.0.1").containsEntry(6066, "127.0.0.1")
                .containsEntry(15002, "127.0.0.1")
                .containsEntry(8080, "0.0.0.0").containsEntry(4040, "0.0.0.0");
        assertThat(bindings(v40().exposeOnAllInterfaces(), "object-store"))
                .containsEntry(9000, "0.0.0.0");
    }

    @Test
    void exposeSparkPortsOnAllInterfacesOpensThemToo() {
        Map<Integer, String> master = bindings(v40().exposeOnAllInterfaces()
                .exposeSparkPortsOnAllInterfaces(), "spark-master");
        assertThat(master).containsEntry(7077, "0.0.0.0").containsEntry(6066, "0.0.0.0")
                .containsEntry(15002, "0.0.0.0").containsEntry(8080, "0.0.0.0");
    }

    @Test
    void byDefaultEveryPortIsOnLoopback() {
        assertThat(bindings(v40(), "spark-master").values()).containsOnly("127.0.0.1");
        // without exposeOnAllInterfaces() the Spark ports flag opens nothing
        assertThat(bindings(v40().exposeSparkPortsOnAllInterfaces(), "spark-master").values())
                .containsOnly("127.0.0.1");
    }

    @Test
    void connectIsPublishedOnlyOnALineThatHasIt() {
        Map<Integer, String> master35 = bindings(DataLakeCluster.builder().sparkVersion(SparkVersion.V3_5),
                "spark-master");
        assertThat(master35).doesNotContainKey(15002).containsKey(7077);
    }

    private static DataLakeCluster.Builder v40() {
        return DataLakeCluster.builder().sparkVersion(SparkVersion.V4_0);
    }

    /** Container port to host IP of the service's port bindings, with the offline set and Jupyter. */
    private static Map<Integer, String> bindings(DataLakeCluster.Builder builder, String service) {
        ClusterPlan plan = builder.images(ImageSet.offline()).jupyter(true).airflow(false).plan();
        ClusterContainers containers = new ClusterContainers("c0ffee00", ClusterReuse.network("c0ffee00"), plan,
                Map.of(Service.OBJECT_STORE, "datalake/offline-s3proxy:test", Service.SPARK_MASTER, "datalake/spark:test"));
        GenericContainer<?> container = containers.byName().get(service);
        Map<Integer, String> ports = new TreeMap<>();
        CreateCommands.of(container).getHostConfig().getPortBindings().getBindings()
                .forEach((ExposedPort port, Ports.Binding[] bound) -> ports.put(port.getPort(), bound[0].getHostIp()));
        return ports;
    }
}

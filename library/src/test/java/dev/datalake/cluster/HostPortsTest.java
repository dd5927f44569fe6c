package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed host ports: which apply, how they are checked, and that a taken one fails before anything starts. */
class HostPortsTest {

    private static List<String> published(DataLakeCluster.Builder builder) {
        return builder.plan().hostPorts().stream()
                .map(p -> p.service() + ":" + p.containerPort() + "->" + p.hostPort()).toList();
    }

    @Test
    void randomHostPortsByDefault() {
        assertThat(DataLakeCluster.builder().images(ImageSet.upstream()).plan().hostPorts()).isEmpty();
    }

    @Test
    void usualPortsOfTheUpstreamSetWithEveryService() {
        assertThat(published(DataLakeCluster.builder().images(ImageSet.upstream()).usualHostPorts())).containsExactly(
                "object-store:9000->9000", "object-store:9001->9001", "spark-master:7077->7077",
                "spark-master:8080->8887", "spark-master:4040->4040", "spark-master:8888->8888", "airflow:8080->8081");
    }

    @Test
    void usualPortsLeaveOutWhatDoesNotRun() {
        assertThat(published(DataLakeCluster.builder().images(ImageSet.offline()).jupyter(false).airflow(false)
                .usualHostPorts()))
                .containsExactly("object-store:9000->9000", "spark-master:7077->7077", "spark-master:8080->8887",
                        "spark-master:4040->4040");
    }

    @Test
    void anExplicitPortWinsOverTheUsualOne() {
        assertThat(published(DataLakeCluster.builder().images(ImageSet.offline()).jupyter(false).usualHostPorts()
                .hostPort(Service.SPARK_MASTER, 8080, 18080)))
                .contains("spark-master:8080->18080").doesNotContain("spark-master:8080->8887");
    }

    @Test
    void rejectsUnknownServicesPortsAndHostPorts() {
        DataLakeCluster.Builder builder = DataLakeCluster.builder();
        assertThatThrownBy(() -> builder.hostPort(Service.SPARK_WORKER, 8081, 8081))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers get random host ports");
        assertThatThrownBy(() -> builder.hostPort(Service.AIRFLOW, 9999, 8081))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no container port 9999");
        assertThatThrownBy(() -> builder.hostPort(Service.AIRFLOW, 8080, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostPort must be from 1 to 65535");
        assertThatThrownBy(() -> builder.hostPort(Service.AIRFLOW, 8080, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 70000");
    }

    @Test
    void rejectsAPortOfAServiceThatDoesNotRun() {
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.offline())
                .hostPort(Service.OBJECT_STORE, 9001, 19001).plan())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostPort(object-store, 9001, 19001)").hasMessageContaining("leave the hostPort out");
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.upstream()).airflow(false)
                .hostPort(Service.AIRFLOW, 8080, 18081).plan())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("airflow is off");
    }

    @Test
    void rejectsTheSameHostPortTwice() {
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.offline()).usualHostPorts()
                .hostPort(Service.SPARK_MASTER, 6066, 7077).plan())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host port 7077 is given twice");
    }

    @Test
    void aTakenHostPortFailsBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            // offline images are not even looked at: the check comes first, so this runs without Docker
            assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.offline()).jupyter(false)
                    .hostPort(Service.SPARK_MASTER, 8080, port).start())
                    .isInstanceOf(HostPortInUseException.class)
                    .hasMessageContaining("host port " + port + " on 127.0.0.1 (Spark master UI of spark-master)")
                    .hasMessageContaining("Nothing was started")
                    .extracting(e -> ((HostPortInUseException) e).hostPort().hostPort()).isEqualTo(port);
        }
    }

    @Test
    void aFreePortIsFree() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        assertThat(new HostPort(Service.AIRFLOW, 8080, port, null).isFree("127.0.0.1")).isTrue();
    }

    @Test
    void aPortThisUserMayNotOpenIsReportedAsSuchNotAsInUse() {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root may open port 80 (checked as an unprivileged user by hand: Java says 'Permission denied')");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new HostPort(Service.AIRFLOW, 8080, 80, null).isFree("127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostPort(airflow, 8080, 80)").hasMessageContaining("permission denied")
                .hasMessageContaining("from 1024 up");
    }
}

package dev.datalake.cluster.docs;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.DataLakeStartException;
import dev.datalake.cluster.HostPortInUseException;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.StartupReport;

/** The snippets of docs/troubleshooting.md (compiled, not run). */
class TroubleshootingExamples {

    void startFailure() {
        // tag::start-failure[]
        try (DataLakeCluster cluster = DataLakeCluster.start()) {
            StartupReport report = cluster.startupReport();   // when each service started and became ready
        } catch (DataLakeStartException e) {
            String service = e.service();       // e.g. spark-master
            String clusterId = e.clusterId();   // the label value of its containers, all removed by now
            // e.getMessage(): the probe, the service's last answer and its last 50 log lines
        }
        // end::start-failure[]
    }

    void ports() {
        // tag::ports[]
        DataLakeCluster.builder()
                .usualHostPorts()                          // 9000, 9001, 7077, 8887, 4040, 8888, 8081, ...
                .hostPort(Service.SPARK_MASTER, 8080, 18080)  // one port of one service
                .start();
        // end::ports[]
    }

    void portTaken() {
        try {
            ports();
        } catch (HostPortInUseException e) {
            e.hostPort();
        }
    }

    void stale() {
        // tag::stale[]
        for (DataLakeCluster.ContainerInfo container : DataLakeCluster.listContainers()) {
            System.out.println(container.cluster() + " " + container.service() + " " + container.state()
                    + (container.stale() ? " (its process is gone)" : ""));
        }
        int removed = DataLakeCluster.removeStale();   // what JVMs that are gone left behind
        // end::stale[]
    }
}

package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.internal.SecretMask;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated settings of one cluster, with every default and generated secret filled in.
 *
 * @param givenStartupTimeout the timeout the user set, or null for each service's default
 */
record ClusterSettings(ImageSet images, SparkVersion sparkVersion, int workers, int workerCores, MemorySize workerMemory,
        MemorySize daemonMemory, boolean jupyter, String jupyterToken, boolean airflow, Path airflowDags,
        String airflowUsername, String airflowPassword, String accessKey, String secretKey,
        Duration givenStartupTimeout, String bindAddress, boolean sparkPortsOnAllInterfaces,
        List<HostPort> hostPorts) {

    /** Every setting but the secrets (the Jupyter token, Airflow's password, the store's secret key), which show as {@value SecretMask#MASK}. */
    @Override
    public String toString() {
        return "ClusterSettings[images=" + images + ", sparkVersion=" + sparkVersion + ", workers=" + workers
                + ", workerCores=" + workerCores + ", workerMemory=" + workerMemory + ", daemonMemory=" + daemonMemory
                + ", jupyter=" + jupyter + ", jupyterToken=" + SecretMask.MASK + ", airflow=" + airflow
                + ", airflowDags=" + airflowDags + ", airflowUsername=" + airflowUsername + ", airflowPassword="
                + SecretMask.MASK + ", accessKey=" + accessKey + ", secretKey=" + SecretMask.MASK
                + ", givenStartupTimeout=" + givenStartupTimeout + ", bindAddress=" + bindAddress
                + ", sparkPortsOnAllInterfaces=" + sparkPortsOnAllInterfaces + ", hostPorts=" + hostPorts + "]";
    }

    /** How long each service may take to become ready. */
    Duration startupTimeout() {
        return givenStartupTimeout != null ? givenStartupTimeout : DataLakeCluster.DEFAULT_STARTUP_TIMEOUT;
    }

    /** Airflow migrates its database and starts two processes: unless told otherwise it gets longer. */
    Duration airflowStartupTimeout() {
        return givenStartupTimeout != null ? givenStartupTimeout : AirflowContainer.STARTUP_TIMEOUT;
    }

    /** These settings with other secrets (for a reused cluster, whose secrets are derived). */
    ClusterSettings withSecrets(String secretKey, String jupyterToken, String airflowPassword) {
        return withCredentials(accessKey, secretKey, jupyterToken, airflowUsername, airflowPassword);
    }

    /** These settings with other credentials (for a compose file, references to its variables). */
    ClusterSettings withCredentials(String accessKey, String secretKey, String jupyterToken, String airflowUsername,
            String airflowPassword) {
        return new ClusterSettings(images, sparkVersion, workers, workerCores, workerMemory, daemonMemory, jupyter, jupyterToken,
                airflow, airflowDags, airflowUsername, airflowPassword, accessKey, secretKey, givenStartupTimeout,
                bindAddress, sparkPortsOnAllInterfaces, hostPorts);
    }

    /** These settings with another DAG folder (for a reused cluster, a copy of the given one). */
    ClusterSettings withAirflowDags(Path folder) {
        return new ClusterSettings(images, sparkVersion, workers, workerCores, workerMemory, daemonMemory, jupyter, jupyterToken,
                airflow, folder, airflowUsername, airflowPassword, accessKey, secretKey, givenStartupTimeout,
                bindAddress, sparkPortsOnAllInterfaces, hostPorts);
    }

    /**
     * The ports of {@code service} published on 127.0.0.1 whatever {@link #bindAddress()} says: the
     * master's ports that run code ({@link SparkMasterContainer#CODE_EXECUTION_PORTS}), unless
     * {@link #sparkPortsOnAllInterfaces()}.
     */
    Set<Integer> loopbackOnlyPorts(Service service) {
        return service == Service.SPARK_MASTER && !sparkPortsOnAllInterfaces
                ? SparkMasterContainer.CODE_EXECUTION_PORTS : Set.of();
    }

    /** The fixed host ports of {@code service}: container port to host port. */
    Map<Integer, Integer> fixedPorts(Service service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (HostPort port : hostPorts) {
            if (port.serviceType() == service) {
                ports.put(port.containerPort(), port.hostPort());
            }
        }
        return ports;
    }
}

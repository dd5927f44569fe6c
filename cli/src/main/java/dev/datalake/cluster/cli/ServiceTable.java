package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.jupyter.JupyterServer;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.storage.MinioContainer;
import dev.datalake.cluster.storage.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/** The services of a running cluster with their URLs and credentials, as a text table. */
final class ServiceTable {

    record Row(String service, String url, String credentials) {}

    private ServiceTable() {}

    static List<Row> rows(DataLakeCluster cluster) {
        List<Row> rows = new ArrayList<>();
        ObjectStore store = cluster.objectStore();
        String keys = "access key " + store.accessKey() + ", secret key " + store.secretKey();
        rows.add(new Row("object store (S3)", store.endpoint().toString(),
                keys + "; from containers " + store.internalEndpoint()));
        if (cluster.objectStoreContainer() instanceof MinioContainer minio) {
            rows.add(new Row("MinIO console", minio.consoleUrl().toString(), "the same keys"));
        }
        SparkMasterContainer master = cluster.spark().master();
        rows.add(new Row("Spark master", "spark://" + master.getHost() + ":"
                + master.getMappedPort(SparkMasterContainer.MASTER_PORT),
                "from containers " + cluster.spark().masterUrl() + "; " + cluster.spark().workers().size() + " worker(s)"));
        rows.add(new Row("Spark master UI", cluster.spark().webUiUrl().toString(), ""));
        rows.add(new Row("Spark driver UI", "http://" + master.getHost() + ":"
                + master.getMappedPort(SparkMasterContainer.DRIVER_UI_PORT), "while an application runs"));
        if (master.jupyterEnabled()) {
            JupyterServer jupyter = cluster.jupyter();
            rows.add(new Row("Jupyter", jupyter.url().toString(), "token " + jupyter.token()));
        }
        if (cluster.runs(Service.AIRFLOW)) {
            AirflowServer airflow = cluster.airflow();
            rows.add(new Row("Airflow", airflow.url().toString(),
                    "user " + airflow.username() + ", password " + airflow.password()));
        }
        return rows;
    }

    static String of(DataLakeCluster cluster) {
        return format(rows(cluster));
    }

    static String format(List<Row> rows) {
        List<Row> all = new ArrayList<>();
        all.add(new Row("SERVICE", "URL", "CREDENTIALS / NOTES"));
        all.addAll(rows);
        int service = all.stream().mapToInt(r -> r.service().length()).max().orElse(0);
        int url = all.stream().mapToInt(r -> r.url().length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (Row row : all) {
            out.append(String.format("%-" + service + "s  %-" + url + "s  %s", row.service(), row.url(), row.credentials())
                    .stripTrailing()).append('\n');
        }
        return out.toString();
    }
}

package dev.datalake.cluster.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.airflow.AirflowServer;
import dev.datalake.cluster.airflow.AirflowVersion;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The snippets of docs/airflow.md (compiled, not run). */
class AirflowExamples {

    void dagRun(Path dags) {
        // tag::dag-run[]
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .airflowDags(dags)                      // mounted read-only; must exist
                .start()) {
            AirflowServer airflow = cluster.airflow();
            String runId = airflow.triggerDag("spark_submit_csv_count");   // waits until the DAG is parsed
            String state = airflow.awaitDagRun("spark_submit_csv_count", runId, Duration.ofMinutes(5));
            assertEquals("success", state);
        }
        // end::dag-run[]
    }

    void credentials(Path dags) {
        // tag::credentials[]
        DataLakeCluster cluster = DataLakeCluster.builder()
                .airflowVersion(AirflowVersion.V2_7)            // default: AirflowVersion.V3_3
                .airflowDags(dags)
                .airflowCredentials("admin", "a-long-password")   // default: admin and a random password
                .start();
        AirflowServer airflow = cluster.airflow();
        String version = airflow.version();             // "2.7.3", as the server says
        URI ui = airflow.url();                         // log in with airflow.username() / airflow.password()
        // end::credentials[]
        cluster.close();
    }
}

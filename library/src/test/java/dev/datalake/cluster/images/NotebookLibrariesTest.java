package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notebook libraries of the sources beside the lake in the Spark layer (both sets, every line)
 * and the providers and clients in the Airflow layer: pinned, Delta's Python API at the version of
 * the line's Delta jars, checked by the Python contract.
 */
class NotebookLibrariesTest {

    @Test
    void theSparkLayerPinsTheClientsAndEveryDependencyTheyHave() {
        Map<String, String> pins = PythonPinsTest.pins("spark", "requirements-notebook.txt");
        assertThat(pins).containsOnlyKeys("psycopg2-binary", "kafka-python", "pymongo", "dnspython", "python-dotenv");
        assertThat(text("spark", "Dockerfile")).contains("ARG DELTA_VERSION=" + SparkJars.deltaVersion(SparkVersion.V3_5),
                "--no-deps --only-binary :all:", "\"delta-spark==${DELTA_VERSION}\"",
                "import psycopg2, kafka, pymongo, dotenv; from delta.tables import DeltaTable");
    }

    @Test
    void deltaSparkIsTheVersionOfTheLinesDeltaJars() {
        for (SparkVersion line : SparkVersion.values()) {
            assertThat(SparkJars.connectorCoordinates(line)).as(line.line())
                    .contains("io.delta:delta-spark_" + line.scalaBinaryVersion() + ":" + SparkJars.deltaVersion(line));
        }
    }

    @Test
    void thePythonContractChecksThem() {
        assertThat(text("spark", "check_python_contract.py")).contains("(\"psycopg2\", \"psycopg2-binary\")",
                "(\"kafka\", \"kafka-python\")", "(\"pymongo\", \"pymongo\")", "(\"dotenv\", \"python-dotenv\")",
                "from delta.tables import DeltaTable", "delta-spark_*.jar");
    }

    @Test
    void airflowGetsTheProvidersOfItsConnectionsAndTheSameClients() {
        Map<String, String> sources = PythonPinsTest.pins("airflow", "requirements-sources-2.7.3.txt");
        assertThat(sources).containsKeys("apache-airflow-providers-postgres", "apache-airflow-providers-apache-kafka",
                "apache-airflow-providers-mongo", "psycopg2-binary", "kafka-python", "pymongo", "confluent-kafka");
        assertThat(sources.get("kafka-python"))
                .isEqualTo(PythonPinsTest.pins("spark", "requirements-notebook.txt").get("kafka-python"));
        // the offline Airflow base pins dnspython already (Airflow's constraints): the same version
        assertThat(PythonPinsTest.pins("offline/airflow", "requirements-2.7.3.txt"))
                .containsEntry("dnspython", sources.get("dnspython"))
                .containsKeys("apache-airflow-providers-common-sql", "asgiref");
        // Airflow 3's providers of the same connections, with the same kafka-python
        Map<String, String> three = PythonPinsTest.pins("airflow", "requirements-sources-3.3.2.txt");
        assertThat(three).containsKeys("apache-airflow-providers-postgres", "apache-airflow-providers-apache-kafka",
                "apache-airflow-providers-mongo", "psycopg2-binary", "pymongo", "confluent-kafka")
                .containsEntry("kafka-python", sources.get("kafka-python"));
        assertThat(text("airflow", "Dockerfile")).contains("-r \"/tmp/datalake/requirements-sources-${AIRFLOW_VERSION}.txt\"");
    }

    private static String text(String folder, String file) {
        return new String(ImageBuilder.resourceFiles(folder).get(file), StandardCharsets.UTF_8);
    }
}

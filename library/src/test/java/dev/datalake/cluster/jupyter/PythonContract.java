package dev.datalake.cluster.jupyter;

import dev.datalake.cluster.Service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.internal.ContainerExec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Python side of the Spark image as both image sets' tests check it: the contract script
 * (images/spark/check_python_contract.py) and a PySpark notebook with no configuration.
 */
public final class PythonContract {

    /** Where images/spark puts the contract script. */
    public static final String CHECK_SCRIPT = "/opt/datalake/check_python_contract.py";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "pynotebook";
    private static final String CSV = "name,city\nada,london\nalan,wilmslow\ngrace,arlington\nedsger,nuenen\nbarbara,boston\n";

    private PythonContract() {}

    /** Runs the contract script in the master's container (Jupyter's), as the image's user. */
    public static ContainerExec.Result check(DataLakeCluster cluster) {
        return ContainerExec.run(cluster.containers().get(Service.SPARK_MASTER.id()), Duration.ofMinutes(2),
                List.of("python3", CHECK_SCRIPT));
    }

    /** What a notebook run gave, and the host's view of what it wrote. */
    public record NotebookRun(DataLakeCluster cluster, NotebookResult result) {
        public void assertHostSeesIt() {
            assertThat(result.output())
                    .contains("rows: 5")
                    .contains("name letters: 25")
                    .contains("pandas rows: 3 columns: ['name', 'city']")
                    .contains("arrow pandas rows: 3")
                    .contains("-Dio.netty.tryReflectionSetAccessible=true")
                    .contains("delta rows: 5");
            List<String> keys = cluster.objectStore().listObjects(BUCKET, "out/people/");
            assertThat(keys).contains("out/people/_delta_log/00000000000000000000.json")
                    .anyMatch(k -> k.endsWith(".parquet"));
            String log = new String(cluster.objectStore().getObject(BUCKET,
                    "out/people/_delta_log/00000000000000000000.json"), StandardCharsets.UTF_8);
            // the commit's statistics: a JSON string inside the JSON line, so its quotes are escaped
            assertThat(log).containsPattern("numRecords\\\\?\":5");
        }
    }

    /**
     * Puts a CSV into the store from the host, then runs a notebook through {@code execute()} that
     * reads it over s3a from a classic SparkSession on {@code SPARK_MASTER} (nothing else configured
     * but leaving out {@code SPARK_REMOTE}, which PySpark refuses beside a master),
     * counts it, runs a Python function on the executors, calls {@code toPandas()} (plain and with
     * Arrow) and writes a Delta table to s3a.
     */
    public static NotebookRun runPySparkNotebook(DataLakeCluster cluster, Path dir) throws IOException {
        cluster.objectStore().createBucket(BUCKET);
        cluster.objectStore().putObject(BUCKET, "in/people.csv", CSV.getBytes(StandardCharsets.UTF_8));
        Path notebook = notebook(dir, "pyspark.ipynb",
                "import os\n"
                        + "from pyspark.sql import SparkSession\n"
                        + "os.environ.pop('SPARK_REMOTE', None)  # a classic session: not Spark Connect\n"
                        + "spark = SparkSession.builder.master(os.environ['SPARK_MASTER']).appName('notebook').getOrCreate()\n"
                        + "print(spark.version, spark.sparkContext.getConf().get('spark.executor.extraJavaOptions'))",
                "df = spark.read.option('header', 'true').csv('s3a://" + BUCKET + "/in/people.csv')\n"
                        + "print('rows:', df.count())",
                // Python on the executors: the workers' python3 imports pyspark too
                "print('name letters:', df.rdd.map(lambda row: len(row['name'])).sum())",
                "pdf = df.orderBy('name').limit(3).toPandas()\n"
                        + "print('pandas rows:', len(pdf), 'columns:', list(pdf.columns))\n"
                        + "spark.conf.set('spark.sql.execution.arrow.pyspark.enabled', 'true')\n"
                        + "spark.conf.set('spark.sql.execution.arrow.pyspark.fallback.enabled', 'false')\n"
                        + "print('arrow pandas rows:', len(df.limit(3).toPandas()))",
                "df.write.format('delta').mode('overwrite').save('s3a://" + BUCKET + "/out/people')\n"
                        + "print('delta rows:', spark.read.format('delta').load('s3a://" + BUCKET + "/out/people').count())",
                "spark.stop()");
        return new NotebookRun(cluster, cluster.jupyter().execute(notebook));
    }

    /** A version-4 notebook with one code cell per source, on the Python 3 kernel. */
    public static Path notebook(Path dir, String name, String... sources) throws IOException {
        ObjectNode nb = JSON.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec")
                .put("name", "python3").put("display_name", "Python 3").put("language", "python");
        ArrayNode cells = nb.putArray("cells");
        int id = 0;
        for (String source : sources) {
            ObjectNode cell = cells.addObject();
            cell.put("cell_type", "code").put("id", "cell-" + id++).putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", source);
        }
        return Files.writeString(dir.resolve(name), JSON.writeValueAsString(nb));
    }
}

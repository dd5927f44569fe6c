package dev.datalake.cluster.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.internal.ContainerLogs;
import dev.datalake.cluster.jupyter.NotebookResult;
import dev.datalake.cluster.jupyter.PythonContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources beside the lake end to end, on one cluster (store, master, one worker, Jupyter,
 * Airflow, Kafka, PostgreSQL, MongoDB) of the run's image set: the test's own clients put data into
 * each source from the host; a notebook with no configuration reads the topic in a Spark batch,
 * reads and writes PostgreSQL over JDBC and MongoDB with the connector, uses psycopg2, kafka-python,
 * pymongo, DeltaTable and dotenv; the host sees what it wrote; an Airflow task uses
 * {@code postgres_default}.
 */
class SourcesEndToEndIT {

    private static final Logger LOG = LoggerFactory.getLogger(SourcesEndToEndIT.class);
    private static DataLakeCluster cluster;
    private static Path dags;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        dags = Files.createTempDirectory("sources-dags");
        Files.copy(Path.of("src/test/resources/dags-sources/sources_postgres.py"), dags.resolve("sources_postgres.py"));
        cluster = DataLakeCluster.builder()
                .images(ImageSet.fromEnvironment())
                .sparkWorkers(1)
                .sparkWorkerMemory("512m")
                .jupyter(true)
                .airflow(true)
                .airflowDags(dags)
                .kafka(true)
                .postgres(true)
                .mongo(true)
                .start();
        LOG.info("sources: kafka {}, postgres {}, mongo {}", cluster.kafka().bootstrapServers(),
                cluster.postgres().jdbcUrl(), cluster.mongo().connectionString().replace(cluster.mongo().getEnvMap()
                        .get("MONGO_INITDB_ROOT_PASSWORD"), "***"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (dags != null) {
            try (var files = Files.walk(dags)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aNotebookWithNoConfigurationMovesDataBetweenEverySourceAndTheLake() throws Exception {
        // the host's own clients put data into each source
        assertThat(SourceServersIT.produceAndConsume(cluster.kafka().bootstrapServers(), "events", 5))
                .containsExactly("0", "1", "2", "3", "4");
        try (Connection db = postgres(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY, name text)");
            sql.execute("INSERT INTO people VALUES (1, 'ada'), (2, 'alan'), (3, 'grace')");
        }
        try (MongoClient client = MongoClients.create(cluster.mongo().connectionString())) {
            client.getDatabase("lake").getCollection("docs").insertMany(List.of(
                    new Document("name", "ada").append("n", 1), new Document("name", "alan").append("n", 2),
                    new Document("name", "grace").append("n", 3)));
        }
        cluster.objectStore().createBucket("sources");

        NotebookResult result = cluster.jupyter().execute(PythonContract.notebook(dir, "sources.ipynb",
                "import os\n"
                        + "from pyspark.sql import SparkSession, functions as F\n"
                        + "spark = SparkSession.builder.master(os.environ['SPARK_MASTER']).appName('sources').getOrCreate()",
                // Kafka: a batch read of the topic the host produced to
                "events = (spark.read.format('kafka')\n"
                        + "    .option('kafka.bootstrap.servers', os.environ['KAFKA_BOOTSTRAP_SERVERS'])\n"
                        + "    .option('subscribe', 'events').option('startingOffsets', 'earliest')\n"
                        + "    .option('endingOffsets', 'latest').load())\n"
                        + "print('kafka values:', sorted(r.value.decode() for r in events.select('value').collect()))",
                // PostgreSQL over JDBC: read the host's rows, write a table back
                "url = os.environ['POSTGRES_JDBC_URL']\n"
                        + "props = {'user': os.environ['PGUSER'], 'password': os.environ['PGPASSWORD'], "
                        + "'driver': 'org.postgresql.Driver'}\n"
                        + "people = spark.read.jdbc(url, 'people', properties=props)\n"
                        + "print('postgres rows:', people.count())\n"
                        + "people.withColumn('letters', F.length('name')).write.jdbc(url, 'people_out', "
                        + "mode='overwrite', properties=props)\n"
                        + "print('jdbc write done')",
                // MongoDB with the connector (its URI comes from Spark's defaults). Two of its read
                // steps fail on FerretDB (offline); the cells say which way each went and the test
                // expects each set's answer. Schema inference samples with the aggregate stage $sample,
                // which FerretDB 1.24 does not implement
                "try:\n"
                        + "    inferred = spark.read.format('mongodb').option('database', 'lake').option('collection', 'docs').load()\n"
                        + "    print('mongo inferred columns:', sorted(inferred.columns))\n"
                        + "except Exception as e:\n"
                        + "    print('mongo schema inference failed:', 'NotImplemented $sample' if '$sample' in str(e) else str(e)[:500])",
                // the default partitioner asks $collStats then $project, on which FerretDB 1.24 drops the
                // connection (a panic: the stats document has no _id)
                "try:\n"
                        + "    print('mongo default partitioner:', spark.read.format('mongodb').schema('name string, n int')\n"
                        + "        .option('database', 'lake').option('collection', 'docs').load().count())\n"
                        + "except Exception as e:\n"
                        + "    print('mongo default partitioner failed:', 'collStats' if 'collStats' in str(e) else str(e)[:500])",
                "docs = (spark.read.format('mongodb').schema('name string, n int')\n"
                        + "    .option('database', 'lake').option('collection', 'docs')\n"
                        + "    .option('partitioner', 'com.mongodb.spark.sql.connector.read.partitioner.SinglePartitionPartitioner')\n"
                        + "    .load())\n"
                        + "print('mongo read:', docs.count())",
                "(docs.where('n > 1').select('name', 'n').write.format('mongodb').mode('append')\n"
                        + "    .option('database', 'lake').option('collection', 'docs_out').save())\n"
                        + "print('mongo write done')",
                // the Python clients, configured by the environment alone
                "import psycopg2\n"
                        + "with psycopg2.connect('') as conn, conn.cursor() as cur:\n"
                        + "    cur.execute('SELECT sum(letters) FROM people_out')\n"
                        + "    print('psycopg2 letters:', cur.fetchone()[0])",
                "from kafka import KafkaProducer\n"
                        + "producer = KafkaProducer(bootstrap_servers=os.environ['KAFKA_BOOTSTRAP_SERVERS'])\n"
                        + "producer.send('from-notebook', b'hello from kafka-python').get(timeout=30)\n"
                        + "producer.close()\n"
                        + "print('kafka-python sent')",
                "import pymongo\n"
                        + "client = pymongo.MongoClient(os.environ['MONGODB_URI'])\n"
                        + "client.lake.notebook.insert_one({'written_by': 'pymongo'})\n"
                        + "print('pymongo docs:', client.lake.docs.count_documents({}))",
                "from delta.tables import DeltaTable\n"
                        + "people.write.format('delta').mode('overwrite').save('s3a://sources/delta/people')\n"
                        + "print('delta rows:', DeltaTable.forPath(spark, 's3a://sources/delta/people').toDF().count())",
                "import dotenv, pathlib\n"
                        + "pathlib.Path('/tmp/sources.env').write_text('GREETING=hello from dotenv\\n')\n"
                        + "dotenv.load_dotenv('/tmp/sources.env')\n"
                        + "print(os.environ['GREETING'])"));

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("kafka values: ['0', '1', '2', '3', '4']")
                .contains("postgres rows: 3").contains("jdbc write done")
                .contains(offline() ? "mongo schema inference failed: NotImplemented $sample"
                        : "mongo inferred columns: ['_id', 'n', 'name']")
                .contains(offline() ? "mongo default partitioner failed: collStats" : "mongo default partitioner: 3")
                .contains("mongo read: 3").contains("mongo write done")
                .contains("psycopg2 letters: 12").contains("kafka-python sent").contains("pymongo docs: 3")
                .contains("delta rows: 3").contains("hello from dotenv");

        // the host sees what Spark and the Python clients wrote
        try (Connection db = postgres(); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT name, letters FROM people_out ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (rows.next()) {
                out.add(rows.getString(1) + "=" + rows.getInt(2));
            }
            assertThat(out).containsExactly("ada=3", "alan=4", "grace=5");
        }
        try (MongoClient client = MongoClients.create(cluster.mongo().connectionString())) {
            MongoDatabase lake = client.getDatabase("lake");
            List<String> names = new ArrayList<>();
            lake.getCollection("docs_out").find().forEach(d -> names.add(d.getString("name")));
            assertThat(names).containsExactlyInAnyOrder("alan", "grace");
            assertThat(lake.getCollection("notebook").countDocuments(new Document("written_by", "pymongo"))).isEqualTo(1);
        }
        assertThat(SourceServersIT.consume(cluster.kafka().bootstrapServers(), "from-notebook", 1))
                .containsExactly("hello from kafka-python");
        assertThat(cluster.objectStore().listObjects("sources", "delta/people/"))
                .contains("delta/people/_delta_log/00000000000000000000.json");
    }

    @Test
    void anAirflowTaskWritesWithPostgresDefault() throws Exception {
        try (Connection db = postgres(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS people (id int PRIMARY KEY, name text)");
        }
        String runId = cluster.airflow().triggerDag("sources_postgres");
        String state = cluster.airflow().awaitDagRun("sources_postgres", runId, Duration.ofMinutes(5));
        assertThat(state).as("the run's log tail:%n%s", ContainerExec.tail(
                ContainerLogs.tail(cluster.containers().get("airflow").getContainerId(), 200), 80)).isEqualTo("success");
        try (Connection db = postgres(); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT count(*) FROM airflow_runs WHERE note = 'written by airflow'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void noContainerLogShowsASourcesPassword() {
        String postgres = cluster.postgres().password();
        String mongo = cluster.mongo().getEnvMap().get("MONGO_INITDB_ROOT_PASSWORD");
        cluster.containers().forEach((service, container) -> assertThat(
                ContainerLogs.tail(container.getContainerId(), 100_000))
                .as("the log of %s", service).doesNotContain(postgres).doesNotContain(mongo));
    }

    /** FerretDB stands in for MongoDB in the offline set. */
    private static boolean offline() {
        return cluster.images().isOffline();
    }

    private static Connection postgres() throws Exception {
        return DriverManager.getConnection(cluster.postgres().jdbcUrl(), cluster.postgres().username(),
                cluster.postgres().password());
    }
}

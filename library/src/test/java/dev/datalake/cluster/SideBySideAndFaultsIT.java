package dev.datalake.cluster;

import dev.datalake.cluster.internal.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkJob;
import dev.datalake.cluster.spark.SparkJobResult;
import dev.datalake.cluster.testjobs.RangeCountJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Two clusters started together in one JVM stay apart; a worker lost mid-job costs the job nothing. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SideBySideAndFaultsIT {

    private static final Logger LOG = LoggerFactory.getLogger(SideBySideAndFaultsIT.class);
    private static DataLakeCluster a;
    private static DataLakeCluster b;

    @BeforeAll
    static void startTwoAtOnce() {
        CompletableFuture<DataLakeCluster> first = CompletableFuture.supplyAsync(() -> small(2));
        CompletableFuture<DataLakeCluster> second = CompletableFuture.supplyAsync(() -> small(1));
        try {
            a = first.join();
        } finally {
            b = second.join();
        }
    }

    private static DataLakeCluster small(int workers) {
        return DataLakeCluster.builder().sparkWorkers(workers).sparkWorkerCores(2).sparkWorkerMemory("512m")
                .jupyter(false).airflow(false).start();
    }

    @AfterAll
    static void closeBoth() {
        for (DataLakeCluster cluster : new DataLakeCluster[] {a, b}) {
            if (cluster != null) {
                cluster.close();
                HardeningIT.assertNothingLeft(cluster.id());
            }
        }
    }

    @Test
    @Order(1)
    void twoClustersStartedTogetherAreIsolated() {
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.network().getId()).isNotEqualTo(b.network().getId());
        assertThat(a.objectStore().endpoint()).isNotEqualTo(b.objectStore().endpoint());

        a.objectStore().createBucket("shared-name");
        b.objectStore().createBucket("shared-name");
        a.objectStore().putObject("shared-name", "rows.csv", "n\n1\n2\n3\n".getBytes(StandardCharsets.UTF_8));
        b.objectStore().putObject("shared-name", "rows.csv", "n\n1\n2\n3\n4\n5\n".getBytes(StandardCharsets.UTF_8));
        assertThat(a.objectStore().listObjects("shared-name", "")).containsExactly("rows.csv");
        assertThat(new String(b.objectStore().getObject("shared-name", "rows.csv"), StandardCharsets.UTF_8))
                .endsWith("5\n");

        // each Spark reads its own store through the same alias on its own network
        String[] count = {"CREATE TEMPORARY VIEW r USING csv OPTIONS (path 's3a://shared-name/rows.csv', header 'true')",
                "SELECT count(*) FROM r"};
        assertThat(a.spark().sql(count).rows()).containsExactly(List.of("3"));
        assertThat(b.spark().sql(count).rows()).containsExactly(List.of("5"));
        assertThat(a.spark().aliveWorkers()).isEqualTo(2);
        assertThat(b.spark().aliveWorkers()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aJobSurvivesLosingAWorkerWhileItRuns() throws Exception {
        SparkCluster spark = a.spark();
        Path jar = JobJars.jarOf(RangeCountJob.class);
        // 16 rows in 8 partitions, 2.5 s a row: 2 waves of 5 s tasks on 4 cores
        CompletableFuture<SparkJobResult> job = CompletableFuture.supplyAsync(() -> spark.submit(
                SparkJob.jar(jar).mainClass(RangeCountJob.class.getName()).args("16", "2500")));

        awaitRunningExecutors(spark, 2, Duration.ofMinutes(3));
        long stopped = System.nanoTime();
        spark.stopWorker(2);
        SparkJobResult result = job.join();
        LOG.info("the job ended {} ms after worker 2 was stopped", (System.nanoTime() - stopped) / 1_000_000);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("RANGE-COUNT=16");
        spark.awaitWorkers(1, Duration.ofSeconds(90));
        assertThat(spark.workers()).hasSize(1);
    }

    @Test
    @Order(3)
    void aWorkerAddedLaterRegistersAndRunsWork() {
        SparkCluster spark = a.spark();
        int index = spark.addWorker();
        assertThat(index).isEqualTo(3);
        spark.awaitWorkers(2, Duration.ofSeconds(90));
        assertThat(spark.aliveWorkers()).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM range(0, 1000, 1, 8)").rows()).containsExactly(List.of("1000"));

        assertThatThrownBy(() -> spark.stopWorker(7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no worker 7");
        assertThatThrownBy(() -> spark.awaitWorkers(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits until the running application has executors on {@code workers} workers. */
    private static void awaitRunningExecutors(SparkCluster spark, int workers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Json state = Json.of(spark.masterState());
            int busy = 0;
            for (Json worker : state.path("workers")) {
                if (worker.path("state").asText().equals("ALIVE") && worker.path("coresused").asInt() > 0) {
                    busy++;
                }
            }
            if (!state.path("activeapps").isEmpty() && busy >= workers) {
                // let the first tasks get going on every executor
                Thread.sleep(3_000);
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no application with executors on " + workers + " workers after " + timeout);
    }
}

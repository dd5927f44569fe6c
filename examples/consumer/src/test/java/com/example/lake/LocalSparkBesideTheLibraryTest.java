package com.example.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The test a Spark project already has: a local SparkSession. With datalake-cluster on the same test
 * classpath it must work unchanged (a Jackson the library pinned above 2.15 broke it: "Scala module
 * 2.15.2 requires Jackson Databind version >= 2.15.0 and < 2.16.0").
 */
class LocalSparkBesideTheLibraryTest {

    @Test
    void aLocalSparkSessionWorks() {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("beside-datalake-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        try {
            // JSON goes through Jackson and its Scala module: the first thing a wrong Jackson breaks
            Dataset<String> json = spark.createDataset(
                    List.of("{\"name\":\"ada\",\"age\":36}", "{\"name\":\"alan\",\"age\":41}"), Encoders.STRING());
            Dataset<Row> people = spark.read().json(json);
            people.createOrReplaceTempView("people");
            assertEquals(77L, spark.sql("SELECT sum(age) FROM people").first().getLong(0));
            assertEquals(10L, spark.range(10).count());
        } finally {
            spark.stop();
        }
    }

    @Test
    void jacksonIsTheOneSparkWants() {
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertTrue(databind.startsWith("2.15."), "jackson-databind " + databind + " is not Spark 3.5's 2.15.x");
    }

    @Test
    void theLibraryBringsNoCommandLineParser() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("picocli.CommandLine"));
    }
}

package com.example.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datalake.cluster.junit.DataLakeTest;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JUnit 5 way: one small cluster for every class with the same annotation, injected. */
@DataLakeTest(workers = 1, jupyter = false, airflow = false)
class PeopleCountTest {

    @Test
    void sparkOnTheClusterCountsWhatTheStoreHolds(ObjectStore s3, SparkCluster spark) {
        s3.createBucket("raw");
        s3.putObject("raw", "people/people.csv", "name,age\nada,36\nalan,41\ngrace,85\n".getBytes(StandardCharsets.UTF_8));
        List<List<String>> rows = spark.sql(
                "CREATE TEMPORARY VIEW p USING csv OPTIONS (path 's3a://raw/people/', header 'true')",
                "SELECT count(*) FROM p").rows();
        assertEquals(List.of(List.of("3")), rows);
    }
}

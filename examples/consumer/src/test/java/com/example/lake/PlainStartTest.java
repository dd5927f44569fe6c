package com.example.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without the extension: start a cluster, use it, close it. The image set comes from DATALAKE_IMAGES. */
class PlainStartTest {

    @Test
    void startUseAndClose() {
        try (DataLakeCluster cluster = DataLakeCluster.builder()
                .sparkWorkers(1)
                .jupyter(false).airflow(false)
                .start()) {
            ObjectStore s3 = cluster.objectStore();
            s3.createBucket("landing");
            s3.putObject("landing", "hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("hello.txt"), s3.listObjects("landing", ""));
            assertEquals("hello", new String(s3.getObject("landing", "hello.txt"), StandardCharsets.UTF_8));
            assertEquals(1, cluster.spark().aliveWorkers());
        }
    }
}

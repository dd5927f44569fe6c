package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImageSetTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(ImageSet.PROPERTY);
    }

    @Test
    void upstreamPinsThePublicImages() {
        ImageSet set = ImageSet.upstream();
        assertThat(set.minioImage()).isEqualTo("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z");
        assertThat(set.sparkBaseImage()).isEqualTo("quay.io/jupyter/all-spark-notebook:spark-3.5.3");
        assertThat(set.airflowImage()).isEqualTo("apache/airflow:3.3.2-python3.11");
    }

    @Test
    void offlineBuildsEverythingIncludingAirflow() {
        ImageSet set = ImageSet.offline();
        assertThat(set.isOffline()).isTrue();
        assertThat(set.airflowImage()).as("the offline Airflow base is built here").isNull();
    }

    @Test
    void theSystemPropertyPicksTheSet() {
        System.setProperty(ImageSet.PROPERTY, "OFFLINE");
        assertThat(ImageSet.fromEnvironment()).isEqualTo(ImageSet.offline());
        System.setProperty(ImageSet.PROPERTY, "upstream");
        assertThat(ImageSet.fromEnvironment()).isEqualTo(ImageSet.upstream());
    }

    @Test
    void anUnknownSetIsRejectedNamingWhereItCameFrom() {
        System.setProperty(ImageSet.PROPERTY, "cloud");
        assertThatThrownBy(ImageSet::fromEnvironment)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("datalake.images")
                .hasMessageContaining("'upstream' or 'offline'");
    }

    @Test
    void everyImageCanBeOverridden() {
        ImageSet set = ImageSet.upstream().withMinioImage("minio/minio:RELEASE.x")
                .withSparkBaseImage("my/spark:1").withAirflowImage("my/airflow:2");
        assertThat(set.minioImage()).isEqualTo("minio/minio:RELEASE.x");
        assertThat(set.sparkBaseImage()).isEqualTo("my/spark:1");
        assertThat(set.airflowImage()).isEqualTo("my/airflow:2");
        assertThatThrownBy(() -> ImageSet.upstream().withMinioImage(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

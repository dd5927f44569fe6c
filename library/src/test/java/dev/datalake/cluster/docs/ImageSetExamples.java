package dev.datalake.cluster.docs;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;

/** The snippets of docs/image-sets.md (compiled, not run). */
class ImageSetExamples {

    void choose() {
        // tag::choose[]
        DataLakeCluster.builder().images(ImageSet.auto());       // the default: upstream if it can be pulled, else offline
        DataLakeCluster.builder().images(ImageSet.upstream());   // the public images, pulled once
        DataLakeCluster.builder().images(ImageSet.offline());    // built on this machine from Debian, Maven Central, PyPI
        DataLakeCluster.builder().images(ImageSet.fromEnvironment());   // -Ddatalake.images or DATALAKE_IMAGES
        // end::choose[]
    }

    void override() {
        // tag::override[]
        ImageSet mirrored = ImageSet.upstream()
                .withMinioImage("registry.example.com/minio/minio:RELEASE.2025-09-07T16-13-09Z")
                .withSparkBaseImage("registry.example.com/jupyter/all-spark-notebook:spark-3.5.3")
                .withAirflowImage("registry.example.com/apache/airflow:3.3.2-python3.11");
        DataLakeCluster cluster = DataLakeCluster.builder().images(mirrored).start();
        // end::override[]
        cluster.close();
    }
}

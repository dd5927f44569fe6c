package dev.datalake.cluster.junit;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowVersion;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What makes two {@link DataLakeTest} clusters the same one: the image set and the attributes,
 * with Airflow as it will really run (so {@code airflow = true} and {@code false} are the same
 * cluster in a set without Airflow).
 */
record ClusterConfig(ImageSet images, int workers, boolean jupyter, boolean airflow, AirflowVersion airflowVersion,
        boolean kafka, boolean postgres, boolean mongo) {

    ClusterConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("@DataLakeTest(workers = " + workers + "): workers must be 0 or more");
        }
    }

    /** The configuration {@code annotation} asks for with {@code images}. */
    static ClusterConfig of(DataLakeTest annotation, ImageSet images) {
        return new ClusterConfig(images, annotation.workers(), annotation.jupyter(),
                annotation.airflow(), annotation.airflowVersion(), annotation.kafka(), annotation.postgres(),
                annotation.mongo());
    }

    /** The configuration of {@code DataLakeCluster.start()}: for a class registered without the annotation. */
    static ClusterConfig defaults(ImageSet images) {
        return new ClusterConfig(images, DataLakeCluster.DEFAULT_WORKERS, true, true, AirflowVersion.DEFAULT, false, false,
                false);
    }

    /** The annotation on {@code testClass}, or else on the nearest enclosing class that has one. */
    static Optional<DataLakeTest> find(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            Optional<DataLakeTest> annotation = AnnotationSupport.findAnnotation(type, DataLakeTest.class);
            if (annotation.isPresent()) {
                return annotation;
            }
        }
        return Optional.empty();
    }

    DataLakeCluster start() {
        return DataLakeCluster.builder().images(images).sparkWorkers(workers).jupyter(jupyter).airflow(airflow)
                .airflowVersion(airflowVersion).kafka(kafka).postgres(postgres).mongo(mongo).start();
    }

    @Override
    public String toString() {
        return images + " images, " + workers + " worker(s), jupyter " + jupyter + ", airflow "
                + (airflow ? airflowVersion.version() : "off") + (kafka ? ", kafka" : "") + (postgres ? ", postgres" : "") + (mongo ? ", mongo" : "");
    }
}

package dev.datalake.cluster.junit;

import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.DataLakeCluster;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a data lake: test methods and constructors may declare parameters of
 * type {@link dev.datalake.cluster.DataLakeCluster}, {@link dev.datalake.cluster.storage.ObjectStore}
 * and {@link dev.datalake.cluster.spark.SparkCluster}.
 *
 * <p>One cluster is started per distinct configuration (these attributes and the image set of
 * {@link dev.datalake.cluster.ImageSet#fromEnvironment()}) and shared by every class of the test
 * run that asks for it, in the order the classes run; it is removed when the run ends. Nested
 * classes use the annotation of the nearest enclosing class that has one. Where no Docker engine
 * is reachable the tests are skipped, not failed.
 *
 * <pre>{@code
 * @DataLakeTest(workers = 1, jupyter = false)
 * class PeopleJobTest {
 *     @Test
 *     void countsPeople(ObjectStore s3, SparkCluster spark) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DataLakeExtension.class)
public @interface DataLakeTest {

    /** Spark workers, 0 or more (default {@value DataLakeCluster#DEFAULT_WORKERS}, as {@code DataLakeCluster.start()}). */
    int workers() default DataLakeCluster.DEFAULT_WORKERS;

    /** Jupyter in the Spark master's container (default on). */
    boolean jupyter() default true;

    /** Airflow (default on, in both image sets, as {@code DataLakeCluster.start()}); {@code false} leaves it out. */
    boolean airflow() default true;

    /** The Airflow version (default {@link AirflowVersion#DEFAULT}, as {@code DataLakeCluster.start()}). */
    AirflowVersion airflowVersion() default AirflowVersion.V3_3;

    /** A Kafka broker beside the lake (default off): {@code cluster.kafka()}. */
    boolean kafka() default false;

    /** A PostgreSQL server beside the lake (default off): {@code cluster.postgres()}. */
    boolean postgres() default false;

    /** A MongoDB server beside the lake (default off): {@code cluster.mongo()}. */
    boolean mongo() default false;
}

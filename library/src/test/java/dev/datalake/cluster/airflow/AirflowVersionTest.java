package dev.datalake.cluster.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Airflow versions, and the one Python per Spark line that picks (or refuses) an upstream image. */
class AirflowVersionTest {

    @Test
    void theNewestAirflow3IsDeclaredLastAndIsTheDefault() {
        AirflowVersion[] versions = AirflowVersion.values();
        assertThat(versions[versions.length - 1]).isEqualTo(AirflowVersion.DEFAULT).isEqualTo(AirflowVersion.V3_3);
        assertThat(AirflowVersion.V3_3.version()).isEqualTo("3.3.2");
        assertThat(AirflowVersion.V3_3.major()).isEqualTo(3);
        assertThat(AirflowVersion.V2_7.version()).isEqualTo("2.7.3");
        assertThat(AirflowVersion.V2_7.line()).isEqualTo("2.7");
    }

    @Test
    void upstreamPicksTheAirflowImageWithThePythonOfTheSparkLinesImage() {
        // docker-stacks: the 3.5 line's image runs Python 3.11, the 4.0 line's Python 3.13
        assertThat(AirflowVersion.upstreamSparkPython(SparkVersion.V3_5)).isEqualTo("3.11");
        assertThat(AirflowVersion.upstreamSparkPython(SparkVersion.V4_0)).isEqualTo("3.13");
        assertThat(AirflowVersion.V3_3.upstreamImage(SparkVersion.V3_5)).isEqualTo("apache/airflow:3.3.2-python3.11");
        assertThat(AirflowVersion.V3_3.upstreamImage(SparkVersion.V4_0)).isEqualTo("apache/airflow:3.3.2-python3.13");
        assertThat(AirflowVersion.V2_7.upstreamImage(SparkVersion.V3_5)).isEqualTo("apache/airflow:2.7.3-python3.11");
        assertThat(ImageSet.upstream().airflowImage(SparkVersion.V4_0, AirflowVersion.V3_3))
                .isEqualTo("apache/airflow:3.3.2-python3.13");
    }

    @Test
    void everySparkLineHasAKnownPythonAndAnAirflowVersionThatMatchesIt() {
        for (SparkVersion line : SparkVersion.values()) {
            assertThat(Arrays.stream(AirflowVersion.values()).filter(version -> {
                try {
                    version.upstreamImage(line);
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            })).as("Spark %s", line.line()).contains(AirflowVersion.DEFAULT);
        }
    }

    @Test
    void airflow27WithSpark40UpstreamIsRefusedNamingOneThatWorks() {
        // Airflow 2.7.3 has no python3.13 image: a UDF from a DAG would fail on the workers
        assertThatThrownBy(() -> AirflowVersion.V2_7.upstreamImage(SparkVersion.V4_0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Airflow 2.7.3 with Spark " + SparkVersion.V4_0.version())
                .hasMessageContaining("Python 3.13")
                .hasMessageContaining("AirflowVersion.V3_3 with Spark 4.0")
                .hasMessageContaining("Spark 3.5")
                .hasMessageContaining("offline image set");
    }

    @Test
    void theBuilderRefusesTheCombinationBeforeAnythingStarts() {
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.upstream()).sparkVersion(SparkVersion.V4_0)
                .airflowVersion(AirflowVersion.V2_7).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AirflowVersion.V3_3");
        assertThatThrownBy(() -> DataLakeCluster.builder().airflowVersion(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("airflowVersion");
        // the offline images run Debian's Python 3.11 on both sides; a base given by name is the user's choice
        assertThat(ImageSet.offline().airflowImage(SparkVersion.V4_0, AirflowVersion.V2_7)).isNull();
        assertThat(ImageSet.upstream().withAirflowImage("my/airflow:2.7.3-python3.13")
                .airflowImage(SparkVersion.V4_0, AirflowVersion.V2_7)).isEqualTo("my/airflow:2.7.3-python3.13");
    }

    @Test
    void parsesLinesFullVersionsAndMajorVersions() {
        assertThat(AirflowVersion.parse("2.7")).isEqualTo(AirflowVersion.V2_7);
        assertThat(AirflowVersion.parse("2.7.3")).isEqualTo(AirflowVersion.V2_7);
        assertThat(AirflowVersion.parse("2")).isEqualTo(AirflowVersion.V2_7);
        assertThat(AirflowVersion.parse(" 3.3 ")).isEqualTo(AirflowVersion.V3_3);
        assertThat(AirflowVersion.parse("3")).isEqualTo(AirflowVersion.V3_3);
        assertThat(AirflowVersion.parse("v3_3")).isEqualTo(AirflowVersion.V3_3);
        assertThatThrownBy(() -> AirflowVersion.parse("2.10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2.7 or 3.3");
        assertThatThrownBy(() -> AirflowVersion.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

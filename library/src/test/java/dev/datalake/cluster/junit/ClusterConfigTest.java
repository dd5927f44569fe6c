package dev.datalake.cluster.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowVersion;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** Which classes share a cluster, and when tests are skipped: no Docker needed. */
class ClusterConfigTest {

    @DataLakeTest(workers = 1, jupyter = false)
    static class OneWorker {
        class NestedWithout {
            class DeeperWithout {}
        }

        @DataLakeTest(workers = 0, jupyter = false)
        class NestedWithOwn {}
    }

    @DataLakeTest(workers = 1, jupyter = false)
    static class AlsoOneWorker {}

    @DataLakeTest(workers = 1, jupyter = false, airflow = false)
    static class OneWorkerNoAirflow {}

    @DataLakeTest
    static class Defaults {}

    static class NotAnnotated {}

    static class SubclassOfOneWorker extends OneWorker {}

    @DataLakeTest(workers = -1)
    static class NegativeWorkers {}

    @DataLakeTest(kafka = true, postgres = true, mongo = true)
    static class WithSources {}

    private static ClusterConfig config(Class<?> type, ImageSet images) {
        return DataLakeExtension.config(type, images);
    }

    @Test
    void classesWithTheSameAttributesShareAConfiguration() {
        assertThat(config(OneWorker.class, ImageSet.offline())).isEqualTo(config(AlsoOneWorker.class, ImageSet.offline()))
                .isEqualTo(new ClusterConfig(ImageSet.offline(), 1, false, true, AirflowVersion.DEFAULT, false, false, false));
        assertThat(config(OneWorker.class, ImageSet.upstream())).isEqualTo(config(AlsoOneWorker.class, ImageSet.upstream()));
    }

    @Test
    void otherAttributesOrAnotherImageSetAreAnotherCluster() {
        assertThat(config(OneWorker.class, ImageSet.offline())).isNotEqualTo(config(Defaults.class, ImageSet.offline()));
        assertThat(config(OneWorker.class, ImageSet.offline())).isNotEqualTo(config(OneWorker.class, ImageSet.upstream()));
        assertThat(config(OneWorker.class, ImageSet.upstream()))
                .isNotEqualTo(config(OneWorkerNoAirflow.class, ImageSet.upstream()));
    }

    @Test
    void airflowIsOnInBothImageSets() {
        assertThat(config(OneWorker.class, ImageSet.upstream()).airflow()).isTrue();
        assertThat(config(OneWorker.class, ImageSet.offline()).airflow()).isTrue();
        assertThat(config(OneWorker.class, ImageSet.offline())).isNotEqualTo(config(OneWorkerNoAirflow.class, ImageSet.offline()));
    }

    @Test
    void theSourcesAreOffUnlessAskedForAndMakeAnotherCluster() {
        ClusterConfig sources = config(WithSources.class, ImageSet.offline());
        assertThat(sources).isEqualTo(new ClusterConfig(ImageSet.offline(), 2, true, true, AirflowVersion.DEFAULT, true, true, true));
        assertThat(sources).isNotEqualTo(config(Defaults.class, ImageSet.offline()));
        assertThat(sources.toString()).endsWith("airflow 3.3.2, kafka, postgres, mongo");
    }

    @Test
    void defaultsAreThoseOfDataLakeClusterStart() {
        assertThat(config(Defaults.class, ImageSet.upstream())).isEqualTo(new ClusterConfig(ImageSet.upstream(), 2, true, true, AirflowVersion.DEFAULT, false, false, false))
                .isEqualTo(config(NotAnnotated.class, ImageSet.upstream()));
        assertThat(config(Defaults.class, ImageSet.offline())).isEqualTo(new ClusterConfig(ImageSet.offline(), 2, true, true, AirflowVersion.DEFAULT, false, false, false))
                .isEqualTo(config(NotAnnotated.class, ImageSet.offline()));
    }

    @Test
    void nestedClassesUseTheNearestEnclosingAnnotation() {
        assertThat(config(OneWorker.NestedWithout.class, ImageSet.offline())).isEqualTo(config(OneWorker.class, ImageSet.offline()));
        assertThat(config(OneWorker.NestedWithout.DeeperWithout.class, ImageSet.offline()))
                .isEqualTo(config(OneWorker.class, ImageSet.offline()));
        assertThat(config(OneWorker.NestedWithOwn.class, ImageSet.offline()).workers()).isZero();
        assertThat(config(SubclassOfOneWorker.class, ImageSet.offline())).isEqualTo(config(OneWorker.class, ImageSet.offline()));
    }

    @Test
    void negativeWorkersAreRejectedNamingTheAttribute() {
        assertThatThrownBy(() -> config(NegativeWorkers.class, ImageSet.offline()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@DataLakeTest(workers = -1)").hasMessageContaining("0 or more");
    }

    @Nested
    class Condition {
        @Test
        void withoutDockerTheTestsAreSkippedSayingWhyOnADevelopersMachine() {
            ConditionEvaluationResult result = DataLakeExtension.condition(false, false);
            assertThat(result.isDisabled()).isTrue();
            assertThat(result.getReason()).get().asString().contains("Docker engine").contains("skipped");
        }

        @Test
        void withoutDockerOnCiTheTestsFailSayingWhy() {
            assertThatThrownBy(() -> DataLakeExtension.condition(false, true))
                    .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                    .hasMessageContaining("no DOCKER_HOST").hasMessageContaining("CI=true")
                    .hasMessageContaining("datalake.requireDocker");
        }

        @Test
        void ciOrThePropertyRequiresDocker() {
            assertThat(DataLakeExtension.requireDocker(null, null)).isFalse();
            assertThat(DataLakeExtension.requireDocker(null, "true")).isTrue();
            assertThat(DataLakeExtension.requireDocker(null, "TRUE")).isTrue();
            assertThat(DataLakeExtension.requireDocker(null, "false")).isFalse();
            assertThat(DataLakeExtension.requireDocker("true", null)).isTrue();
            // the property wins: a developer can skip on a CI-like shell
            assertThat(DataLakeExtension.requireDocker("false", "true")).isFalse();
        }

        @Test
        void withDockerTheyRun() {
            assertThat(DataLakeExtension.condition(true, true).isDisabled()).isFalse();
            assertThat(DataLakeExtension.condition(true, false).isDisabled()).isFalse();
        }
    }
}

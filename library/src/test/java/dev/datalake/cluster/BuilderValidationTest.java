package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.airflow.AirflowModule;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.spark.SparkModule;
import dev.datalake.cluster.storage.ObjectStoreModule;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkVersion;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every setting of the builder: bad values fail at once, naming the setting and what is accepted. */
class BuilderValidationTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("sparkWorkers(-1)", b -> b.sparkWorkers(-1), "sparkWorkers", "0 or more"),
                bad("sparkWorkerCores(0)", b -> b.sparkWorkerCores(0), "cores", "1 or more"),
                bad("sparkWorkerCores(-2)", b -> b.sparkWorkerCores(-2), "cores", "1 or more"),
                bad("sparkWorkerMemory(lots)", b -> b.sparkWorkerMemory("lots"), "sparkWorkerMemory", "'512m' or '2g'"),
                bad("sparkWorkerMemory(0)", b -> b.sparkWorkerMemory("0g"), "sparkWorkerMemory", "at least 512m"),
                bad("sparkWorkerMemory(256m)", b -> b.sparkWorkerMemory("256m"), "sparkWorkerMemory", "at least 512m"),
                bad("sparkWorkerMemory(null)", b -> b.sparkWorkerMemory(null), "sparkWorkerMemory", "Spark's syntax"),
                bad("sparkDaemonMemory(1x)", b -> b.sparkDaemonMemory("1x"), "sparkDaemonMemory", "Spark's syntax"),
                bad("objectStoreCredentials(ab, ...)", b -> b.objectStoreCredentials("ab", "12345678"), "access key", "at least 3"),
                bad("objectStoreCredentials(..., short)", b -> b.objectStoreCredentials("abc", "1234567"), "secret key", "at least 8"),
                bad("objectStoreCredentials(null, ...)", b -> b.objectStoreCredentials(null, "12345678"), "access key", "at least 3"),
                bad("objectStoreCredentials(..., null)", b -> b.objectStoreCredentials("abc", null), "secret key", "at least 8"),
                bad("startupTimeout(0)", b -> b.startupTimeout(Duration.ZERO), "startupTimeout", "positive"),
                bad("startupTimeout(-1s)", b -> b.startupTimeout(Duration.ofSeconds(-1)), "startupTimeout", "positive"),
                bad("startupTimeout(null)", b -> b.startupTimeout(null), "startupTimeout", "positive"),
                bad("jupyterToken(blank)", b -> b.jupyterToken(" "), "jupyterToken", "at least 8"),
                bad("jupyterToken(null)", b -> b.jupyterToken(null), "jupyterToken", "at least 8"),
                bad("airflowDags(missing)", b -> b.airflowDags(Path.of("no-such-dags-folder")), "DAG folder",
                        "does not exist"),
                bad("airflowDags(a file)", b -> b.airflowDags(Path.of("pom.xml")), "DAG folder", "not a directory"),
                bad("airflowDags(null)", b -> b.airflowDags(null), "DAG folder", "null"),
                bad("airflowCredentials(blank, ...)", b -> b.airflowCredentials(" ", "password"), "username", "non-blank"),
                bad("airflowCredentials(..., blank)", b -> b.airflowCredentials("admin", ""), "password", "blank"),
                // secrets shorter than 8 characters could not be masked in logs
                bad("jupyterToken(short)", b -> b.jupyterToken("abc"), "jupyterToken", "at least 8"),
                bad("airflowCredentials(..., short)", b -> b.airflowCredentials("admin", "pw"), "password", "at least 8"),
                bad("jupyterToken(a b)", b -> b.jupyterToken("a b c d e f"), "jupyterToken", "letters, digits"),
                bad("jupyterToken(url-breaking)", b -> b.jupyterToken("abcd&efgh#"), "jupyterToken", "letters, digits"),
                bad("jupyterToken(newline)", b -> b.jupyterToken("abcdefgh\n"), "jupyterToken", "control characters"),
                bad("startupTimeout(200000 days)", b -> b.startupTimeout(Duration.ofDays(200_000)), "startupTimeout",
                        "at most 24 hours"),
                bad("airflowCredentials(a:b, ...)", b -> b.airflowCredentials("ad:min", "password"), "username", "':'"),
                bad("airflowCredentials(..., newline)", b -> b.airflowCredentials("admin", "pass\nword"), "password",
                        "control characters"),
                bad("airflowCredentials(..., padded)", b -> b.airflowCredentials("admin", " password "), "password",
                        "whitespace"),
                bad("objectStoreCredentials(..., newline)", b -> b.objectStoreCredentials("abc", "secret\nkey"),
                        "secret key", "control characters"),
                bad("objectStoreCredentials(..., padded)", b -> b.objectStoreCredentials("abc", "secret-key "),
                        "secret key", "whitespace"),
                bad("sparkWorkers(65)", b -> b.sparkWorkers(65), "sparkWorkers", "at most 64"));
    }

    private static Arguments bad(String name, Consumer<DataLakeCluster.Builder> setting, String names, String range) {
        return Arguments.of(name, setting, names, range);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void rejectsBadSettingsNamingTheSettingAndTheRange(String name, Consumer<DataLakeCluster.Builder> setting,
            String names, String range) {
        assertThatThrownBy(() -> setting.accept(DataLakeCluster.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(names)
                .hasMessageContaining(range);
    }

    @Test
    void defaultsAreEveryServiceTheImageSetProvides() {
        ClusterPlan offline = DataLakeCluster.builder().images(ImageSet.offline()).plan();
        SparkModule spark = offline.module(SparkModule.class);
        assertThat(spark.workers()).isEqualTo(2);
        assertThat(spark.jupyter()).isTrue();
        assertThat(offline.runs(Service.AIRFLOW)).as("both sets have Airflow").isTrue();
        assertThat(spark.workerCores()).isEqualTo(2);
        assertThat(spark.workerMemory()).isEqualTo(MemorySize.parse("1g"));
        assertThat(offline.bindAddress()).isEqualTo("127.0.0.1");

        ClusterPlan upstream = DataLakeCluster.builder().images(ImageSet.upstream()).plan();
        assertThat(upstream.runs(Service.AIRFLOW)).isTrue();
        assertThat(upstream.module(SparkModule.class).jupyter()).isTrue();
    }

    @Test
    void tokensAndSecretsAreRandomPerClusterUnlessSet() {
        var a = DataLakeCluster.builder().images(ImageSet.offline()).plan();
        var b = DataLakeCluster.builder().images(ImageSet.offline()).plan();
        assertThat(a.module(SparkModule.class).jupyterToken()).hasSize(32)
                .isNotEqualTo(b.module(SparkModule.class).jupyterToken());
        assertThat(a.module(ObjectStoreModule.class).secretKey())
                .isNotEqualTo(b.module(ObjectStoreModule.class).secretKey());
        var set = DataLakeCluster.builder().images(ImageSet.offline()).jupyterToken("mine-token")
                .objectStoreCredentials("key", "secret-key").plan();
        assertThat(set.module(SparkModule.class).jupyterToken()).isEqualTo("mine-token");
        assertThat(set.module(ObjectStoreModule.class).accessKey()).isEqualTo("key");
        assertThat(set.module(ObjectStoreModule.class).secretKey()).isEqualTo("secret-key");
        assertThat(set.toString()).doesNotContain("secret-key", "mine-token");
    }

    @Test
    void airflowGetsAnAdminWithARandomPasswordAndTheDagFolder() {
        var defaults = DataLakeCluster.builder().images(ImageSet.upstream()).plan().module(AirflowModule.class);
        assertThat(defaults.username()).isEqualTo("admin");
        assertThat(defaults.password()).hasSize(24).isNotEqualTo(
                DataLakeCluster.builder().images(ImageSet.upstream()).plan().module(AirflowModule.class).password());
        assertThat(defaults.dags()).isNull();

        var set = DataLakeCluster.builder().images(ImageSet.upstream()).airflowCredentials("ops", "pass-word")
                .airflowDags(Path.of("src/test/resources/dags")).plan().module(AirflowModule.class);
        assertThat(set.username()).isEqualTo("ops");
        assertThat(set.password()).isEqualTo("pass-word");
        assertThat(set.dags()).isAbsolute().endsWith(Path.of("src/test/resources/dags"));
    }

    @Test
    void exposeOnAllInterfacesChangesTheBindAddress() {
        assertThat(DataLakeCluster.builder().images(ImageSet.offline()).exposeOnAllInterfaces().plan()
                .bindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void sparkVersionIsCheckedAndDefaultsTo35() {
        assertThatThrownBy(() -> DataLakeCluster.builder().sparkVersion(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SparkVersion.V4_0");
        assertThat(DataLakeCluster.builder().images(ImageSet.offline()).plan().sparkVersion())
                .isEqualTo(SparkVersion.V3_5);
        assertThat(DataLakeCluster.builder().images(ImageSet.offline()).sparkVersion(SparkVersion.V4_0).plan()
                .sparkVersion()).isEqualTo(SparkVersion.V4_0);
        assertThat(SparkVersion.V3_5.version()).isEqualTo("3.5.3");
        assertThat(SparkVersion.V4_0.version()).isEqualTo("4.0.1");
    }

    @Test
    void theUpstreamSparkBaseFollowsTheLine() {
        assertThat(ImageSet.upstream().sparkBaseImage(SparkVersion.V4_0))
                .isEqualTo("quay.io/jupyter/all-spark-notebook:spark-4.0.1");
        assertThat(ImageSet.upstream().sparkBaseImage(SparkVersion.V3_5))
                .isEqualTo("quay.io/jupyter/all-spark-notebook:spark-3.5.3");
        assertThat(ImageSet.upstream().withSparkBaseImage("my/spark:4").sparkBaseImage(SparkVersion.V4_0))
                .isEqualTo("my/spark:4");
    }

    @Test
    void aDagFolderWhosePathDockerCannotMountIsRefused(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path colon = java.nio.file.Files.createDirectory(temp.resolve("dags:2"));
        assertThatThrownBy(() -> DataLakeCluster.builder().airflowDags(colon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("airflowDags").hasMessageContaining("':'");
    }

    @Test
    void thePlanPrintsNoSecret() {
        ClusterPlan plan = DataLakeCluster.builder().images(ImageSet.offline())
                .jupyterToken("token-12345678").airflowCredentials("ops", "airflow-pass-1")
                .objectStoreCredentials("key", "store-secret-1").plan();
        assertThat(plan.toString())
                .doesNotContain("token-12345678").doesNotContain("airflow-pass-1").doesNotContain("store-secret-1");
        ClusterPlan generated = DataLakeCluster.builder().images(ImageSet.offline()).plan();
        generated.secrets().forEach(secret -> assertThat(generated.toString()).doesNotContain(secret));
    }

    @Test
    void aReusedClusterOnEveryInterfaceNeedsSecretsOfItsOwn() {
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.offline()).reuse(true).exposeOnAllInterfaces()
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("objectStoreCredentials").hasMessageContaining("jupyterToken")
                .hasMessageContaining("airflowCredentials");
        assertThatThrownBy(() -> DataLakeCluster.builder().images(ImageSet.offline()).reuse(true).exposeOnAllInterfaces()
                .jupyter(false).airflow(false).build())
                .hasMessageContaining("objectStoreCredentials").message().doesNotContain("jupyterToken");
        assertThat(DataLakeCluster.builder().images(ImageSet.offline()).reuse(true).exposeOnAllInterfaces()
                .objectStoreCredentials("key", "store-secret-1").jupyterToken("token-12345678")
                .airflowCredentials("ops", "airflow-pass-1").build()).isNotNull();
        assertThat(DataLakeCluster.builder().images(ImageSet.offline()).reuse(true).build()).isNotNull();
    }
}

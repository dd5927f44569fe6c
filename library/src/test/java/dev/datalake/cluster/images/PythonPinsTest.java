package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.spark.SparkVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pinned PyPI sets: every line of the offline base's requirements files pins one exact version,
 * the files are build inputs of the base (so part of its tag), the contract's packages are there,
 * and the boto3 pins the Spark layer adds to the upstream base equal the offline ones.
 */
class PythonPinsTest {

    private static final Pattern PIN = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][A-Za-z0-9.+!-]*)");

    /** name (lower case) to version; fails on any line that is not a pin, a comment or blank. */
    static Map<String, String> pins(String folder, String file) {
        byte[] bytes = ImageBuilder.resourceFiles(folder).get(file);
        assertThat(bytes).as("images/%s/%s on the classpath", folder, file).isNotNull();
        Map<String, String> pins = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            Matcher m = PIN.matcher(text);
            assertThat(m.matches()).as("'%s' in %s/%s pins one exact version", text, folder, file).isTrue();
            assertThat(pins.put(m.group(1).toLowerCase(), m.group(2))).as("%s pinned twice", m.group(1)).isNull();
        }
        return pins;
    }

    private static List<String> baseRequirementFiles() {
        return ImageBuilder.resourceFiles("offline/spark-base").keySet().stream()
                .filter(f -> f.matches("requirements-[0-9.]+\\.txt")).toList();
    }

    @Test
    void theSpark35SetHasTheContractsPackages() {
        Map<String, String> pins = pins("offline/spark-base", "requirements-3.5.txt");
        assertThat(pins).containsEntry("pyspark", "3.5.7").containsEntry("py4j", "0.10.9.7")
                .containsKeys("pandas", "pyarrow", "boto3", "grpcio", "grpcio-status", "protobuf", "nbconvert",
                        "ipykernel", "numpy");
        assertThat(pins.get("jupyter-server")).startsWith("2.");
        assertThat(pins.get("jupyterlab")).startsWith("4.");
        assertThat(pins).doesNotContainKey("notebook");
        assertThat(pins).hasSizeGreaterThan(50);
    }

    @ParameterizedTest
    @EnumSource(SparkVersion.class)
    void everyLineHasOfflineAndAirflowPinsOfItsOwnPySpark(SparkVersion line) {
        Map<String, String> base = pins("offline/spark-base", "requirements-" + line.line() + ".txt");
        assertThat(base).containsEntry("pyspark", line.version()).containsKeys("pandas", "pyarrow", "grpcio",
                "grpcio-status", "protobuf", "googleapis-common-protos");
        assertThat(pins("airflow", "requirements-" + line.line() + ".txt")).containsEntry("pyspark", line.version());
    }

    @Test
    void the42SetMeetsPySparkConnectsMinimums() {
        // pyspark-client 4.2.0's setup.py: pandas>=2.2.0, pyarrow>=18.0.0, grpcio(-status)>=1.76.0,
        // googleapis-common-protos>=1.71.0, zstandard>=0.25.0
        Map<String, String> pins = pins("offline/spark-base", "requirements-4.2.txt");
        assertThat(pins).containsEntry("pandas", "2.2.3").containsEntry("pyarrow", "18.1.0")
                .containsEntry("grpcio", "1.76.0").containsEntry("grpcio-status", "1.76.0")
                .containsEntry("googleapis-common-protos", "1.71.0").containsEntry("zstandard", "0.25.0")
                .containsEntry("py4j", "0.10.9.9");
    }

    @Test
    void theRequirementFilesAreBuildInputsOfTheBase() {
        // every file of the Dockerfile folder goes into the tag (ImageBuilder.tag)
        assertThat(baseRequirementFiles()).contains("requirements-3.5.txt");
        assertThat(ImageBuilder.resourceFiles("offline/spark-base")).containsKey("install-python.sh");
        assertThat(ImageBuilder.resourceFiles("spark"))
                .containsKeys("requirements-boto3.txt", "setup-python.sh", "check_python_contract.py");
    }

    @Test
    void theSparkLayersBoto3PinsEqualTheOfflineOnes() {
        Map<String, String> boto3 = pins("spark", "requirements-boto3.txt");
        assertThat(boto3).containsKeys("boto3", "botocore", "s3transfer", "jmespath");
        for (String file : baseRequirementFiles()) {
            Map<String, String> base = pins("offline/spark-base", file);
            boto3.forEach((name, version) -> assertThat(base).as(file).containsEntry(name, version));
        }
    }

    @Test
    void aBuildScriptsErrorLineHeadsTheFailure() {
        String output = "Step 7/12 : RUN bash /tmp/python/install-python.sh\n"
                + "ERROR: No matching distribution found for nope==1.0\n"
                + "datalake-build: error: pip could not download nope==1.0 (pinned in x). Check that ...\n"
                + "The command '/bin/sh -c bash ...' returned a non-zero code: 1";
        assertThat(ImageBuilder.buildError(output)).hasValue("pip could not download nope==1.0 (pinned in x). Check that ...");
        assertThat(ImageBuilder.buildError("Step 1/2 : FROM x\nreturned a non-zero code: 1")).isEmpty();
        // the builder echoes each step: a message the step's script may print is not its output
        assertThat(ImageBuilder.buildError("Step 9/33 : RUN [ -f x ] || { echo \"datalake-build: error: no x\"; exit 1; }\n"
                + "rm: cannot remove 'y': Permission denied\nThe command '/bin/sh -c ...' returned a non-zero code: 1"))
                .isEmpty();
    }
}

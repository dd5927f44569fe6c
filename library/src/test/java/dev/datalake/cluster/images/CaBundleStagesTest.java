package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.datalake.cluster.RepositoryFiles;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The extra CA bundle reaches only a build stage of an image: no instruction of a Dockerfile's last
 * stage names it, and the last stage copies nothing from a folder a stage put the bundle in.
 */
class CaBundleStagesTest {

    @Test
    void onlyABuildStageOfAnImageSeesTheBundle() throws IOException {
        List<Path> dockerfiles;
        try (Stream<Path> walk = Files.walk(RepositoryFiles.path("images"))) {
            dockerfiles = walk.filter(path -> path.getFileName().toString().equals("Dockerfile")).sorted().toList();
        }
        List<Path> withBundle = new ArrayList<>();
        for (Path dockerfile : dockerfiles) {
            List<List<String>> stages = stages(Files.readString(dockerfile));
            if (stages.stream().flatMap(List::stream).noneMatch(CaBundleStagesTest::namesTheBundle)) {
                continue;
            }
            withBundle.add(dockerfile);
            String name = RepositoryFiles.path("").relativize(dockerfile).toString();
            assertThat(stages).as("%s: the bundle belongs in a build stage of its own", name).hasSizeGreaterThan(1);
            List<String> last = stages.get(stages.size() - 1);
            assertThat(last).as("%s: its last stage (the image)", name).noneMatch(CaBundleStagesTest::namesTheBundle);
            Set<String> bundleFolders = new HashSet<>();
            for (List<String> stage : stages.subList(0, stages.size() - 1)) {
                stage.stream().filter(i -> i.startsWith("COPY ") && namesTheBundle(i))
                        .forEach(i -> bundleFolders.add(lastWord(i)));
            }
            for (String copy : last.stream().filter(i -> i.startsWith("COPY --from=")).toList()) {
                String[] words = copy.split("\\s+");
                for (int i = 2; i < words.length - 1; i++) {
                    String source = words[i];
                    assertThat(bundleFolders).as("%s: %s copies from a folder holding the bundle", name, copy)
                            .noneMatch(source::startsWith);
                }
            }
        }
        // the Spark and Airflow layers and the two offline bases that run pip
        assertThat(withBundle).hasSize(4);
    }

    @Test
    void theSparkLayerGetsTheScriptThatCarriesItsStagesChanges() {
        BuildSpec spec = ClusterImages.sparkSpec("base", "base", SparkVersion.V3_5, false, () -> null);
        assertThat(spec.generatedFiles).containsKeys(ClusterImages.PIP_INSTALL, ClusterImages.CHANGED_FILES);
        assertThat(ImageBuilder.resourceFiles("airflow")).containsKey(ClusterImages.CHANGED_FILES);
    }

    private static boolean namesTheBundle(String instruction) {
        return instruction.contains(ExtraCaBundle.FILE_NAME) || instruction.contains("extra-ca.pe[m]");
    }

    private static String lastWord(String instruction) {
        String[] words = instruction.split("\\s+");
        return words[words.length - 1];
    }

    /** A Dockerfile's instructions (continuation lines joined, comments dropped), split at each FROM. */
    static List<List<String>> stages(String dockerfile) {
        List<List<String>> stages = new ArrayList<>();
        StringBuilder instruction = new StringBuilder();
        for (String line : dockerfile.lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && instruction.length() == 0)) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                instruction.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            instruction.append(stripped);
            String done = instruction.toString().strip();
            instruction.setLength(0);
            if (done.startsWith("FROM ")) {
                stages.add(new ArrayList<>());
            } else if (!stages.isEmpty() && !done.isEmpty()) {
                stages.get(stages.size() - 1).add(done);
            }
        }
        return stages;
    }
}

package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code images/airflow/changed-files.sh}, which carries what a pip stage changed into an image: its
 * tree holds exactly the new and changed entries (and the folders above them), its list what went.
 * Runs the script with the machine's bash, GNU find and tar (a Linux machine; skipped elsewhere).
 */
class ChangedFilesScriptTest {

    @TempDir
    Path temp;

    @Test
    void theTreeHoldsWhatChangedAndTheListWhatWent() throws Exception {
        assumeThat(run("find", "/dev/null", "-printf", "%p").exitCode).as("GNU find").isZero();
        Path script = temp.resolve(ClusterImages.CHANGED_FILES);
        Files.write(script, ImageBuilder.resourceFiles("airflow").get(ClusterImages.CHANGED_FILES));
        Path env = Files.createDirectories(temp.resolve("env/lib/site-packages"));
        write(env.resolve("same.py"), "kept");
        write(env.resolve("edited.py"), "old");
        write(env.resolve("old-1.0.dist-info/METADATA"), "1.0");
        Path untouched = Files.createDirectories(temp.resolve("env/share"));
        write(untouched.resolve("readme"), "kept");
        Files.createSymbolicLink(temp.resolve("env-link"), temp.resolve("env"));
        Path state = temp.resolve("state");

        Result snapshot = run("bash", script.toString(), "snapshot", state.toString(), temp.resolve("env-link").toString());
        assertThat(snapshot.exitCode).as(snapshot.output).isZero();
        write(env.resolve("edited.py"), "new");
        write(env.resolve("new-2.0.dist-info/METADATA"), "2.0");
        delete(env.resolve("old-1.0.dist-info"));
        Path out = temp.resolve("out");
        Result export = run("bash", script.toString(), "export", state.toString(), out.toString());
        assertThat(export.exitCode).as(export.output).isZero();

        Path tree = out.resolve("tree");
        Path envInTree = tree.resolve(temp.resolve("env").toRealPath().toString().substring(1));
        assertThat(files(tree)).containsExactlyInAnyOrder(
                envInTree.resolve("lib/site-packages/edited.py"),
                envInTree.resolve("lib/site-packages/new-2.0.dist-info/METADATA"));
        assertThat(Files.readString(envInTree.resolve("lib/site-packages/edited.py"))).isEqualTo("new");
        assertThat(Files.isDirectory(envInTree.resolve("share"))).as("an unchanged folder").isFalse();
        Path site = env.toRealPath();
        assertThat(Files.readAllLines(out.resolve("removed"))).containsExactly(
                site.resolve("old-1.0.dist-info").toString(), site.resolve("old-1.0.dist-info/METADATA").toString());

        // the last stage: what went goes, then the list
        write(env.resolve("old-1.0.dist-info/METADATA"), "1.0");
        Result remove = run("bash", script.toString(), "remove", out.resolve("removed").toString());
        assertThat(remove.exitCode).as(remove.output).isZero();
        assertThat(env.resolve("old-1.0.dist-info")).doesNotExist();
        assertThat(out.resolve("removed")).doesNotExist();
        assertThat(env.resolve("same.py")).exists();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}

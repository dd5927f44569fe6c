package dev.datalake.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stage-jars} deletes only what its own manifest says it staged: a user's files in the context stay. */
class StageJarsManifestTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStagingReplacesWhatTheFirstStagedAndNothingElse() throws Exception {
        Path context = Files.createDirectories(dir.resolve("spark"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Path jars = Files.createDirectories(context.resolve("jars"));
        Path mine = Files.writeString(jars.resolve("my-own.jar"), "the user's");
        Path outside = Files.writeString(dir.resolve("outside.jar"), "not in the context");
        Path a = Files.writeString(dir.resolve("a-1.0.jar"), "a");
        Path b = Files.writeString(dir.resolve("b-1.0.jar"), "b");

        StageJarsCommand.stage(context, List.of(a, b), Map.of("lib/runner.jar", new byte[] {1}));
        assertThat(jars.resolve("a-1.0.jar")).exists();
        assertThat(jars.resolve("b-1.0.jar")).exists();
        // a manifest edited to point outside the context is not followed
        Files.writeString(context.resolve(StageJarsCommand.MANIFEST),
                Files.readString(context.resolve(StageJarsCommand.MANIFEST)) + "../outside.jar\n");

        StageJarsCommand.stage(context, List.of(a), Map.of("lib/runner.jar", new byte[] {2}));

        assertThat(jars.resolve("a-1.0.jar")).exists();
        assertThat(jars.resolve("b-1.0.jar")).as("staged before, not now").doesNotExist();
        assertThat(mine).as("not staged by stage-jars").hasContent("the user's");
        assertThat(outside).exists();
        assertThat(context.resolve("Dockerfile")).exists();
        assertThat(context.resolve("lib/runner.jar")).hasBinaryContent(new byte[] {2});
    }
}

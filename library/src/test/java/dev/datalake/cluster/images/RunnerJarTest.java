package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;

class RunnerJarTest {

    @Test
    void holdsTheSqlRunnerAndIsTheSameBytesEveryTime() throws Exception {
        byte[] first = RunnerJar.bytes();
        assertThat(RunnerJar.bytes()).isEqualTo(first);
        List<String> entries = new ArrayList<>();
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(first))) {
            for (var e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("dev/datalake/cluster/spark/runner/SqlRunner.class");
    }
}

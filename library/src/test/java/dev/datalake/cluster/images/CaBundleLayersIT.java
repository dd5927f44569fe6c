package dev.datalake.cluster.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.github.dockerjava.api.DockerClient;
import dev.datalake.cluster.EngineImages;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * No layer of the images the library builds holds the extra CA bundle: every build context gets
 * {@code extra-ca.pem} (empty on an ordinary machine), only a build stage may COPY it. Looks at each
 * layer of the offline set's Spark and Airflow images (which hold their bases' layers too, so all
 * four Dockerfiles that run pip), as {@code docker save} writes them: no file and no whiteout of that
 * name, and no history entry or environment variable that names it.
 */
class CaBundleLayersIT {

    private static final Logger LOG = LoggerFactory.getLogger(CaBundleLayersIT.class);
    private static final DockerClient DOCKER = DockerClientFactory.lazyClient();

    @Test
    void noLayerOfTheSparkOrAirflowImageHoldsTheBundle() throws IOException {
        assumeThat(EngineImages.present(ImageSet.OFFLINE_BASE_IMAGE))
                .as("the offline image set builds on " + ImageSet.OFFLINE_BASE_IMAGE + ", which this engine lacks")
                .isTrue();
        ClusterImages images = ClusterImages.of(ImageSet.offline(), SparkVersion.V3_5);
        for (String image : List.of(images.spark(), images.airflow(AirflowVersion.DEFAULT))) {
            long started = System.nanoTime();
            List<String> layerEntries = new ArrayList<>();
            int layers = 0;
            try (InputStream saved = DOCKER.saveImageCmd(image).exec();
                    TarArchiveInputStream archive = new TarArchiveInputStream(saved)) {
                for (TarArchiveEntry entry; (entry = archive.getNextEntry()) != null; ) {
                    if (entry.getName().endsWith("layer.tar") || entry.getName().startsWith("blobs/")) {
                        layers++;
                        layerEntries.addAll(names(archive));
                    }
                }
            }
            LOG.info("{}: {} layers, {} entries read in {} s", image, layers, layerEntries.size(),
                    (System.nanoTime() - started) / 1_000_000_000);
            assertThat(layers).as(image + " layers").isGreaterThan(3);
            assertThat(layerEntries).as(image + ": entries of its layers").isNotEmpty()
                    .noneMatch(name -> name.endsWith(ExtraCaBundle.FILE_NAME));
            var inspect = DOCKER.inspectImageCmd(image).exec();
            assertThat(inspect.getConfig().getEnv()).as(image + " environment")
                    .noneMatch(variable -> variable.contains(ExtraCaBundle.FILE_NAME));
            List<String> history = new ArrayList<>();
            for (String id = inspect.getId(); id != null && !id.isEmpty(); ) {
                var layer = DOCKER.inspectImageCmd(id).exec();
                history.add(String.join(" ", layer.getContainerConfig() == null || layer.getContainerConfig().getCmd() == null
                        ? new String[0] : layer.getContainerConfig().getCmd()));
                id = layer.getParent();
            }
            assertThat(history).as(image + ": the instructions of its layers").isNotEmpty()
                    .noneMatch(instruction -> instruction.contains("extra-ca"));
        }
    }

    /** The entry names of the layer tar the outer archive is positioned at (a nested tar; non-tar blobs give none). */
    private static List<String> names(InputStream layer) throws IOException {
        List<String> names = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.FilterInputStream(layer) {
            @Override
            public void close() {
                // the outer archive goes on after this layer
            }
        });
        try {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        } catch (IOException notATar) {
            LOG.debug("not a layer tar: {}", notATar.getMessage());
        }
        return names;
    }
}

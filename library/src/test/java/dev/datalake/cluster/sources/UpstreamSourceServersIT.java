package dev.datalake.cluster.sources;

import dev.datalake.cluster.EngineImages;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.kafka.KafkaBroker;
import dev.datalake.cluster.mongo.MongoServer;
import dev.datalake.cluster.postgres.PostgresServer;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.LoggerFactory;

/**
 * The same checks on the official images (apache/kafka, postgres, mongo), where the engine has
 * them; skipped, saying which are missing, elsewhere (e.g. a machine without a container registry).
 */
class UpstreamSourceServersIT extends SourceServersIT {

    @BeforeAll
    static void officialImagesPresent() {
        List<String> missing = List.of(KafkaBroker.DEFAULT_IMAGE, PostgresServer.DEFAULT_IMAGE, MongoServer.DEFAULT_IMAGE)
                .stream().filter(image -> !EngineImages.present(image)).toList();
        if (!missing.isEmpty()) {
            String skip = "the official images " + missing + " are not on this Docker engine (this test does not "
                    + "pull; docker pull them to run it)";
            // a class-level skip shows as "Tests run: 0" in Maven's summary: say why in the log too
            LoggerFactory.getLogger(UpstreamSourceServersIT.class).warn("UpstreamSourceServersIT skipped: {}", skip);
            Assumptions.abort("UpstreamSourceServersIT skipped: " + skip);
        }
    }

    @Override
    ClusterImages images() {
        return ClusterImages.of(ImageSet.upstream(), SparkVersion.DEFAULT);
    }
}

package dev.datalake.cluster.storage;

import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.internal.ServiceProbe;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/** MinIO, the object store of the upstream image set: S3 on 9000, console on 9001. */
public class MinioContainer extends ObjectStoreContainer<MinioContainer> {

    /** The last MinIO community image; {@code minio/minio} is gone from Docker Hub. */
    public static final String DEFAULT_IMAGE = ImageSet.DEFAULT_MINIO_IMAGE;
    public static final int CONSOLE_PORT = 9001;
    /**
     * MinIO's write-quorum check: 503 until the server can serve S3 ({@code /minio/health/ready}
     * answers 200 before that).
     */
    public static final String HEALTH_PATH = "/minio/health/cluster";
    private static final DockerImageName MINIO = DockerImageName.parse("minio/minio");

    public MinioContainer() {
        this(DEFAULT_IMAGE);
    }

    public MinioContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /**
     * MinIO from {@code image}: {@code minio/minio} from any registry (quay.io's included), or an
     * image marked {@code asCompatibleSubstituteFor("minio/minio")}.
     */
    public MinioContainer(DockerImageName image) {
        super(compatible(image));
        addExposedPort(CONSOLE_PORT);
        waitingFor(ServiceProbe.httpStatus(S3_PORT, HEALTH_PATH, 200));
    }

    private static DockerImageName compatible(DockerImageName image) {
        if (MINIO.getRepository().equals(image.getRepository())) {
            return image.asCompatibleSubstituteFor(MINIO);
        }
        image.assertCompatibleWith(MINIO);
        return image;
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MINIO_ROOT_USER", accessKey());
        env.put("MINIO_ROOT_PASSWORD", secretKey());
        return env;
    }

    @Override
    public List<String> command() {
        return List.of("server", "/data", "--address", ":" + S3_PORT, "--console-address", ":" + CONSOLE_PORT);
    }

    /** The web console as the host reaches it. */
    public URI consoleUrl() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(CONSOLE_PORT));
    }
}

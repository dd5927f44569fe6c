package dev.datalake.cluster;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;

/** What the Docker engine of the test run has, for tests that run only where an image is present. */
public final class EngineImages {

    private EngineImages() {}

    /** Whether the engine has the image, without pulling it. */
    public static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}

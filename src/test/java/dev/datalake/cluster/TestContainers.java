package dev.datalake.cluster;

import com.github.dockerjava.api.exception.NotFoundException;
import java.lang.reflect.Method;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/** Reads what a container would be started with, without Docker; whether an image is present. */
public final class TestContainers {

    private TestContainers() {}

    /** Runs the container's {@code configure()} as {@code start()} would. */
    public static <T extends GenericContainer<?>> T configured(T container) {
        invoke(container, "configure");
        return container;
    }

    /** Whether the engine has the image, without pulling it. */
    public static boolean imagePresent(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    public static WaitStrategy waitStrategy(GenericContainer<?> container) {
        return (WaitStrategy) invoke(container, "getWaitStrategy");
    }

    private static Object invoke(GenericContainer<?> container, String name) {
        try {
            Class<?> type = container.getClass();
            while (type != null) {
                try {
                    Method method = type.getDeclaredMethod(name);
                    method.setAccessible(true);
                    return method.invoke(container);
                } catch (NoSuchMethodException e) {
                    type = type.getSuperclass();
                }
            }
            throw new IllegalStateException("no method " + name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

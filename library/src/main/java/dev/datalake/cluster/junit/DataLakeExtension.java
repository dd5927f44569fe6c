package dev.datalake.cluster.junit;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.spark.SparkCluster;
import dev.datalake.cluster.storage.ObjectStore;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;

/**
 * The extension behind {@link DataLakeTest}: skips where no Docker engine is reachable (fails
 * instead on CI, where {@code CI=true}, or with {@code -D}{@value #REQUIRE_DOCKER}{@code =true}: a job
 * must not go green with no integration test run), starts (or
 * reuses) the cluster of the class's configuration before its tests, and injects it. Clusters
 * live in the root context's store, so each is started once per test run and closed when the run
 * ends.
 */
public final class DataLakeExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DataLakeExtension.class);
    private static final String DOCKER_KEY = "docker-available";
    private static final Map<Class<?>, Function<DataLakeCluster, Object>> INJECTABLE = Map.of(
            DataLakeCluster.class, cluster -> cluster,
            ObjectStore.class, DataLakeCluster::objectStore,
            SparkCluster.class, DataLakeCluster::spark);

    /** The system property that makes a missing engine a failure, not a skip. */
    public static final String REQUIRE_DOCKER = "datalake.requireDocker";

    private final BooleanSupplier dockerAvailable;
    private final boolean requireDocker;

    public DataLakeExtension() {
        this(() -> DockerClientFactory.instance().isDockerAvailable(),
                requireDocker(System.getProperty(REQUIRE_DOCKER), System.getenv("CI")));
    }

    DataLakeExtension(BooleanSupplier dockerAvailable, boolean requireDocker) {
        this.dockerAvailable = dockerAvailable;
        this.requireDocker = requireDocker;
    }

    /** Whether a missing engine fails the tests: {@code -Ddatalake.requireDocker=true}, else {@code CI=true}. */
    static boolean requireDocker(String property, String ci) {
        if (property != null && !property.isBlank()) {
            return Boolean.parseBoolean(property.strip());
        }
        return ci != null && ci.strip().equalsIgnoreCase("true");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean available = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(DOCKER_KEY, key -> dockerAvailable.getAsBoolean(), Boolean.class);
        return condition(available, requireDocker);
    }

    static ConditionEvaluationResult condition(boolean dockerAvailable, boolean requireDocker) {
        if (dockerAvailable) {
            return ConditionEvaluationResult.enabled("a Docker engine is reachable");
        }
        String reason = "@DataLakeTest needs a Docker engine and none is reachable (Testcontainers found no "
                + "DOCKER_HOST, socket or context)";
        if (requireDocker) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(reason + "; failing instead of "
                    + "skipping because CI=true or -D" + REQUIRE_DOCKER + "=true: start an engine, or point DOCKER_HOST "
                    + "at one");
        }
        return ConditionEvaluationResult.disabled(reason + ": skipped (on CI, set CI=true or -D" + REQUIRE_DOCKER
                + "=true to fail instead)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return INJECTABLE.get(parameter.getParameter().getType()).apply(cluster(context));
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("no data lake for " + parameter.getParameter() + ": " + e.getMessage(), e);
        }
    }

    /** The cluster of the test class's configuration: started by the first class that asks for it. */
    static DataLakeCluster cluster(ExtensionContext context) {
        ClusterConfig config = config(context.getRequiredTestClass(), ImageSet.fromEnvironment());
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(config, key -> StoredCluster.start(config), StoredCluster.class)
                .cluster();
    }

    static ClusterConfig config(Class<?> testClass, ImageSet images) {
        return ClusterConfig.find(testClass)
                .map(annotation -> ClusterConfig.of(annotation, images))
                .orElseGet(() -> ClusterConfig.defaults(images));
    }

    /**
     * A cluster in the root store, or why it did not start (so that later classes fail at once
     * instead of trying again). Closed with the root context, at the end of the run.
     */
    @SuppressWarnings("deprecation") // CloseableResource: closed by JUnit versions before 5.13 as well
    static final class StoredCluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        private final ClusterConfig config;
        private final DataLakeCluster cluster;
        private final RuntimeException failure;

        private StoredCluster(ClusterConfig config, DataLakeCluster cluster, RuntimeException failure) {
            this.config = config;
            this.cluster = cluster;
            this.failure = failure;
        }

        static StoredCluster start(ClusterConfig config) {
            try {
                return new StoredCluster(config, config.start(), null);
            } catch (RuntimeException e) {
                return new StoredCluster(config, null, e);
            }
        }

        DataLakeCluster cluster() {
            if (failure != null) {
                throw new IllegalStateException("the data lake (" + config + ") did not start: " + failure.getMessage(),
                        failure);
            }
            return cluster;
        }

        @Override
        public void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}

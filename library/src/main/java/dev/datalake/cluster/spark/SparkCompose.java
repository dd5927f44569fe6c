package dev.datalake.cluster.spark;

import dev.datalake.cluster.Service;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ComposeService;
import dev.datalake.cluster.internal.ServiceContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;

/** The compose blocks of the master and the workers, asking what their probes ask. */
public final class SparkCompose {

    /** The custom Spark layer's folder in the repository, which compose builds upstream. */
    static final String BUILD_CONTEXT = "images/spark";

    private SparkCompose() {}

    /** The tag compose gives an image it builds for a line: the default line's, or it with the line appended. */
    public static String composeTag(String image, SparkVersion line) {
        return line == SparkVersion.DEFAULT ? image : image + "-" + line.line();
    }

    static List<ComposeService> services(ServiceContext context, List<GenericContainer<?>> containers,
            boolean jupyter, int workers) {
        ClusterPlan plan = context.plan();
        SparkVersion line = plan.sparkVersion();
        boolean offline = plan.images().isOffline();
        String image = context.image(Service.SPARK_MASTER);
        SparkMasterContainer master = (SparkMasterContainer) containers.get(0);
        Map<String, String> args = new LinkedHashMap<>();
        if (!offline) {
            args.put("BASE_IMAGE", plan.images().sparkBaseImage(line));
            args.put("SCALA_BINARY_VERSION", line.scalaBinaryVersion());
            args.put("DELTA_VERSION", ClusterImages.deltaVersion(line));
        }
        String ready = "d['status'] == 'ALIVE' and d['aliveworkers'] == " + workers;
        if (line.hasConnect()) {
            ready += " and any(a['name'] == '" + SparkMasterContainer.CONNECT_APP_NAME
                    + "' and a['state'] in ('RUNNING', 'WAITING') for a in d['activeapps'])";
        }
        if (jupyter) {
            ready += " and r.urlopen('" + ComposeService.localUrl(SparkMasterContainer.JUPYTER_PORT,
                    SparkMasterContainer.JUPYTER_READY_PATH) + "', timeout=5).status == 200";
        }
        var timeout = plan.startupTimeout(ClusterPlan.DEFAULT_STARTUP_TIMEOUT);
        List<ComposeService> services = new ArrayList<>();
        services.add(new ComposeService(Service.SPARK_MASTER.networkAlias(), image, offline ? null : BUILD_CONTEXT,
                args, offline, List.of(), master.environment(), List.of(), List.of(),
                ComposeService.pythonCheck(SparkMasterContainer.WEB_UI_PORT, SparkNodeContainer.STATUS_PATH, ready),
                timeout));
        for (GenericContainer<?> container : containers.subList(1, containers.size())) {
            SparkWorkerContainer worker = (SparkWorkerContainer) container;
            // the master's service builds the image; the workers run it once built
            services.add(new ComposeService(SparkWorkerContainer.networkAlias(worker.index()), image, null, Map.of(),
                    true, List.of(), worker.environment(), List.of(), List.of(Service.SPARK_MASTER.networkAlias()),
                    ComposeService.pythonCheck(SparkWorkerContainer.WEB_UI_PORT, SparkNodeContainer.STATUS_PATH,
                            "d.get('masterurl')"), timeout));
        }
        return services;
    }
}

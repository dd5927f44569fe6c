package dev.datalake.cluster.internal;

import dev.datalake.cluster.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a compose file, as a module describes it from the container a start would run.
 *
 * @param image the image to run; with {@code buildContext} the tag compose gives the image it builds
 * @param buildContext the folder compose builds the image from (relative to the repository), or null
 * @param buildArgs the build's arguments
 * @param localImage an image built on this machine: never pulled
 * @param volumes {@code source:target[:mode]} entries, sources relative to the repository
 * @param healthCheck the health check's {@code CMD} form, asking what the probe asks
 */
public record ComposeService(String name, String image, String buildContext, Map<String, String> buildArgs,
        boolean localImage, List<String> command, Map<String, String> environment, List<String> volumes,
        List<String> dependsOn, List<String> healthCheck, Duration startPeriod) {

    public ComposeService {
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        command = List.copyOf(command);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        volumes = List.copyOf(volumes);
        dependsOn = List.copyOf(dependsOn);
        healthCheck = List.copyOf(healthCheck);
    }

    /**
     * The one container of {@code service} as compose runs it from the image the plan made ready:
     * nothing to build, mount or wait for; an offline image is local (never pulled); the plan's
     * startup timeout as the start period.
     */
    public static ComposeService ofImage(ServiceContext context, Service service, List<String> command,
            Map<String, String> environment, List<String> healthCheck) {
        ClusterPlan plan = context.plan();
        return new ComposeService(service.networkAlias(), context.image(service), null, Map.of(),
                plan.images().isOffline(), command, environment, List.of(), List.of(), healthCheck,
                plan.startupTimeout(ClusterPlan.DEFAULT_STARTUP_TIMEOUT));
    }

    /**
     * A health check that asks what the probe asks: Python 3 in the container GETs {@code path} on
     * {@code port} and exits 0 when {@code condition}, a Python expression over the parsed JSON
     * document {@code d} (and the module {@code r}, {@code urllib.request}), holds.
     */
    public static List<String> pythonCheck(int port, String path, String condition) {
        return List.of("CMD", "python3", "-c", "import json, sys, urllib.request as r; "
                + "d = json.load(r.urlopen('" + localUrl(port, path) + "', timeout=5)); "
                + "sys.exit(0 if " + condition + " else 1)");
    }

    /** {@code http://localhost:<port><path>}, as a check inside the container asks it. */
    public static String localUrl(int port, String path) {
        return "http://localhost:" + port + path;
    }
}

package dev.datalake.cluster.cli;

import dev.datalake.cluster.HostPort;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.Service;
import dev.datalake.cluster.images.ClusterImages;
import dev.datalake.cluster.internal.ClusterContainers;
import dev.datalake.cluster.internal.ClusterPlan;
import dev.datalake.cluster.internal.ClusterResources;
import dev.datalake.cluster.internal.ComposeService;
import dev.datalake.cluster.internal.SecretSource;
import dev.datalake.cluster.internal.ServiceModule;
import dev.datalake.cluster.internal.ServiceModules;
import dev.datalake.cluster.spark.SparkModule;
import dev.datalake.cluster.spark.SparkVersion;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The docker-compose file of the same model as {@code DataLakeCluster.start()}: the services the
 * registered modules describe from the containers a start would run (environment, commands,
 * network aliases as service names, health checks that ask what the probes ask), the usual host
 * ports on 127.0.0.1, and compose's own default network. Generated secrets become variables
 * compose requires from its environment ({@code ${VAR:?...}}): the file holds no password.
 */
final class ComposeFile {

    /** Where the repository keeps the generated file of the default line. */
    static final String PATH = "docker/docker-compose.yml";
    /** The folder of the generated files, relative to the repository: paths in them are relative to it. */
    private static final String FROM_FOLDER = "../";
    static final String CLI = "java -jar cli/target/datalake-cluster-cli.jar";

    private final ClusterPlan plan;
    private final Map<Service, String> images;
    private final Set<String> variables = new LinkedHashSet<>();

    private ComposeFile(ImageSet set, SparkVersion line, int workers, Consumer<List<ServiceModule>> options,
            Map<Service, String> images) {
        List<ServiceModule> modules = ServiceModules.fresh();
        modules.stream().filter(SparkModule.class::isInstance).map(SparkModule.class::cast).findFirst()
                .orElseThrow().workers(workers);
        options.accept(modules);
        SecretSource secrets = (purpose, bytes) -> variable(purpose);
        this.plan = new ClusterPlan(set, line, null, ClusterResources.LOOPBACK, false, List.of(),
                modules.stream().map(m -> m.settled(secrets)).toList()).withHostPorts(true, List.of());
        this.images = images;
    }

    /** The repository's compose file of a Spark line: {@link #PATH}, or it with the line in its name. */
    static String path(SparkVersion line) {
        return line == SparkVersion.DEFAULT ? PATH : PATH.replace(".yml", ".spark-" + line.line() + ".yml");
    }

    /** The compose file of the upstream images (compose builds the library's layers from images/). */
    static String upstream(SparkVersion line, int workers, Consumer<List<ServiceModule>> options) {
        ImageSet set = ImageSet.upstream();
        ComposeFile model = new ComposeFile(set, line, workers, options, Map.of());
        Map<Service, String> images = new LinkedHashMap<>();
        for (ServiceModule module : model.plan.enabled()) {
            images.put(module.service(), module.composeImage(model.plan));
        }
        return render(set, line, workers, options, images);
    }

    /** The compose file of {@code set} running {@code images} (by service). */
    static String render(ImageSet set, SparkVersion line, int workers, Consumer<List<ServiceModule>> options,
            Map<Service, String> images) {
        return new ComposeFile(set, line, workers, options, images).render();
    }

    /** The compose file of the offline images, built on this machine first and run as they are. */
    static String offline(SparkVersion line, int workers, Consumer<List<ServiceModule>> options) {
        ImageSet set = ImageSet.offline();
        ComposeFile probe = new ComposeFile(set, line, workers, options, Map.of());
        ClusterImages built = ClusterImages.of(set, line);
        Map<Service, String> images = new LinkedHashMap<>();
        for (ServiceModule module : probe.plan.enabled()) {
            images.put(module.service(), module.prepareImage(probe.plan, built));
        }
        return render(set, line, workers, options, images);
    }

    /** A secret compose takes from its environment and refuses to run without. */
    private String variable(String purpose) {
        String name = "DATALAKE_" + purpose.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
        variables.add(name);
        return "${" + name + ":?set " + name + " (see the top of this file)}";
    }

    private String render() {
        List<ComposeService> services = ClusterContainers.compose(plan, images);
        boolean offline = plan.images().isOffline();
        Yaml yaml = new Yaml();
        String option = plan.sparkVersion() == SparkVersion.DEFAULT ? "" : " --spark " + plan.sparkVersion().line();
        yaml.comment("The data lake of DataLakeCluster.start() with the " + (offline
                ? "offline images built on this machine" : "upstream images") + ", as a compose file:");
        yaml.comment(services.stream().map(ComposeService::name).collect(Collectors.joining(", "))
                + "; Spark " + plan.sparkVersion().version() + ".");
        yaml.comment("GENERATED from the library's model: do not edit; regenerate from the repository's root with");
        yaml.comment("  " + CLI + " compose" + (offline ? " --images offline" : "") + option
                + (offline ? "" : " > " + path(plan.sparkVersion())));
        yaml.comment("");
        yaml.comment("Run from this folder: docker compose up" + (offline ? "" : " --build"));
        yaml.comment("Ports on 127.0.0.1: " + plan.hostPorts().stream()
                .map(p -> p.hostPort() + " " + p.description()).collect(Collectors.joining(", ")) + ".");
        yaml.comment("Secrets come from the environment and have no default; set them first, e.g.:");
        for (String variable : variables) {
            yaml.comment("  export " + variable + "=$(openssl rand -hex 16)");
        }
        if (!offline) {
            yaml.comment("The Spark and Airflow images are built from ../images/spark and ../images/airflow: first stage");
            yaml.comment("their jars, from the repository's root: " + CLI + " stage-jars" + option);
        }
        yaml.line(0, "services:");
        for (ComposeService service : services) {
            service(yaml, service, offline);
        }
        return yaml.toString();
    }

    private void service(Yaml yaml, ComposeService service, boolean offline) {
        yaml.line(1, service.name() + ":");
        if (service.buildContext() != null) {
            yaml.line(2, "build:");
            yaml.line(3, "context: " + yaml.quote(FROM_FOLDER + service.buildContext()));
            if (!service.buildArgs().isEmpty()) {
                yaml.map(3, "args", service.buildArgs());
            }
        }
        yaml.line(2, "image: " + yaml.quote(service.image()));
        if (service.localImage()) {
            yaml.line(2, "pull_policy: never");
        }
        if (!service.dependsOn().isEmpty()) {
            yaml.line(2, "depends_on: [" + service.dependsOn().stream().map(yaml::quote)
                    .collect(Collectors.joining(", ")) + "]");
        }
        if (!service.command().isEmpty()) {
            yaml.list(2, "command", service.command());
        }
        yaml.map(2, "environment", service.environment());
        if (!service.volumes().isEmpty()) {
            yaml.line(2, "volumes:");
            service.volumes().forEach(v -> yaml.line(3, "- " + yaml.quote(FROM_FOLDER + v)));
        }
        List<HostPort> ports = plan.hostPorts().stream()
                .filter(p -> p.service().networkAlias().equals(service.name())).toList();
        if (!ports.isEmpty()) {
            yaml.line(2, "ports:");
            for (HostPort port : ports) {
                yaml.line(3, "- " + yaml.quote(plan.bindAddress() + ":" + port.hostPort() + ":" + port.containerPort())
                        + "  # " + port.description());
            }
        }
        yaml.line(2, "healthcheck:");
        yaml.line(3, "test: [" + service.healthCheck().stream().map(yaml::quote).collect(Collectors.joining(", ")) + "]");
        yaml.line(3, "interval: 5s");
        yaml.line(3, "timeout: 10s");
        yaml.line(3, "retries: 3");
        yaml.line(3, "start_period: " + service.startPeriod().toSeconds() + "s");
    }

    /** Just enough YAML: every scalar double-quoted, multi-line values as literal blocks, {@code $} escaped for compose. */
    private final class Yaml {
        private final StringBuilder out = new StringBuilder();

        void comment(String text) {
            out.append(text.isEmpty() ? "#" : "# " + text).append('\n');
        }

        void line(int level, String text) {
            out.append("  ".repeat(level)).append(text).append('\n');
        }

        void list(int level, String key, List<String> items) {
            line(level, key + ":");
            for (String item : items) {
                if (item.contains("\n")) {
                    line(level + 1, "- |");
                    for (String l : compose(item).split("\n", -1)) {
                        line(level + 2, l);
                    }
                } else {
                    line(level + 1, "- " + quote(item));
                }
            }
        }

        void map(int level, String key, Map<String, String> entries) {
            line(level, key + ":");
            entries.forEach((k, v) -> line(level + 1, k + ": " + quote(v)));
        }

        /** A double-quoted YAML scalar. */
        String quote(String value) {
            return '"' + compose(value).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .replace("\t", "\\t") + '"';
        }

        /** Escapes {@code $} for compose's interpolation, except in the references to the secrets' variables. */
        private String compose(String value) {
            String escaped = value.replace("$", "$$");
            for (String name : variables) {
                escaped = escaped.replace("$${" + name + ":?", "${" + name + ":?");
            }
            return escaped;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}

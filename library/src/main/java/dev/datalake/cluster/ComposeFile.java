package dev.datalake.cluster;

import dev.datalake.cluster.airflow.AirflowContainer;
import dev.datalake.cluster.spark.SparkMasterContainer;
import dev.datalake.cluster.spark.SparkVersion;
import dev.datalake.cluster.spark.SparkNodeContainer;
import dev.datalake.cluster.spark.SparkWorkerContainer;
import dev.datalake.cluster.storage.ObjectStoreContainer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import dev.datalake.cluster.internal.ClusterResources;

/**
 * The docker-compose file of the same model as {@link DataLakeCluster#start()} with the upstream
 * images: the same services, environment, commands and network aliases (as service names), the
 * usual host ports ({@link HostPort#USUAL}) on 127.0.0.1, health checks that ask what the probes
 * ask, and compose's own default network (no container names, no external network). Everything is
 * read from the containers the cluster would start; only the credentials differ: they come from
 * the environment of {@code docker compose}, with defaults.
 */
public final class ComposeFile {

    /** Where the repository keeps the generated file. */
    public static final String PATH = "docker/docker-compose.yml";
    /** The compose file of the 4.0 line (Spark Connect on 15002). */
    public static final String PATH_SPARK_4 = "docker/docker-compose.spark-4.0.yml";
    /** The command that regenerates {@link #PATH}. */
    public static final String REGENERATE = "java -jar cli/target/datalake-cluster-cli.jar compose > " + PATH;
    /** The command that fills the Spark and Airflow build contexts (jars/, lib/) before {@code docker compose build}. */
    public static final String STAGE_JARS = "java -jar cli/target/datalake-cluster-cli.jar stage-jars";
    /** The tag compose gives the Spark image it builds. */
    public static final String SPARK_IMAGE = "datalake/spark:compose";
    /** The custom Spark layer's folder, relative to {@link #PATH}. */
    public static final String SPARK_BUILD_CONTEXT = "../images/spark";
    /** The tag compose gives the Airflow image it builds. */
    public static final String AIRFLOW_IMAGE = "datalake/airflow:compose";
    /** The Airflow layer's folder, relative to {@link #PATH}. */
    public static final String AIRFLOW_BUILD_CONTEXT = "../images/airflow";
    /** The DAG folder Airflow mounts, relative to {@link #PATH}. */
    public static final String DAGS_FOLDER = "../examples/dags";

    /** A value {@code docker compose} takes from its environment, with a default. */
    record Variable(String name, String fallback) {
        String reference() {
            return "${" + name + ":-" + fallback + "}";
        }
    }

    static final List<Variable> VARIABLES = List.of(
            new Variable("DATALAKE_ACCESS_KEY", ObjectStoreContainer.DEFAULT_ACCESS_KEY),
            new Variable("DATALAKE_SECRET_KEY", "datalake-secret"),
            new Variable("JUPYTER_TOKEN", "datalake"),
            new Variable("AIRFLOW_USERNAME", AirflowContainer.DEFAULT_ADMIN_USERNAME),
            new Variable("AIRFLOW_PASSWORD", "admin"),
            new Variable("AIRFLOW_SECRET_KEY", "datalake-airflow-secret"));

    private ComposeFile() {}

    /** The compose file, as {@link #PATH} holds it (the default Spark line). */
    public static String render() {
        return render(SparkVersion.DEFAULT);
    }

    /** The repository's compose file of a Spark line: {@link #PATH} or {@link #PATH_SPARK_4}. */
    public static String path(SparkVersion line) {
        return line == SparkVersion.DEFAULT ? PATH : PATH_SPARK_4;
    }

    /** The compose file of a Spark line, as {@link #path(SparkVersion)} holds it. */
    public static String render(SparkVersion line) {
        return render(line, DataLakeCluster.DEFAULT_WORKERS);
    }

    /** The compose file of a Spark line with {@code workers} Spark workers (0 or more). */
    public static String render(SparkVersion line, int workers) {
        ImageSet images = ImageSet.upstream();
        return render(images, line, workers, images.minioImage(), tag(SPARK_IMAGE, line), images.airflowImage());
    }

    /**
     * With the offline images the library built on this machine ({@code ClusterImages.prepare} of
     * {@link ImageSet#offline()}): s3proxy and the finished Spark and Airflow images, run as they are
     * (connector jars included, nothing to build or pull).
     */
    public static String renderOffline(SparkVersion line, int workers, String objectStoreImage, String sparkImage,
            String airflowImage) {
        return render(ImageSet.offline(), line, workers, objectStoreImage, sparkImage, airflowImage);
    }

    private static String render(ImageSet images, SparkVersion line, int workers, String objectStoreImage,
            String sparkImage, String airflowImage) {
        boolean offline = images.isOffline();
        ClusterSettings settings = DataLakeCluster.builder()
                .images(images)
                .sparkVersion(line)
                .sparkWorkers(workers)
                .objectStoreCredentials(variable("DATALAKE_ACCESS_KEY"), variable("DATALAKE_SECRET_KEY"))
                .jupyterToken(variable("JUPYTER_TOKEN"))
                .airflowCredentials(variable("AIRFLOW_USERNAME"), variable("AIRFLOW_PASSWORD"))
                .usualHostPorts()
                .settings();
        ClusterContainers model = new ClusterContainers("compose", ClusterResources.newNetwork("compose"), settings,
                objectStoreImage, sparkImage, airflowImage);
        ObjectStoreContainer<?> store = model.objectStore();
        SparkMasterContainer master = model.master();
        AirflowContainer airflow = model.airflow().withWebserverSecretKey(variable("AIRFLOW_SECRET_KEY"));

        Yaml yaml = new Yaml();
        header(yaml, settings, line);
        yaml.line(0, "services:");

        service(yaml, Service.OBJECT_STORE.networkAlias());
        image(yaml, objectStoreImage, offline);
        if (!store.command().isEmpty()) {
            yaml.list(2, "command", store.command());
        }
        yaml.map(2, "environment", store.environment());
        ports(yaml, settings, Service.OBJECT_STORE);
        // MinIO's own client asks the server's health API (the image has no curl or Python); s3proxy's
        // image has bash: an anonymous GET / must get S3's AccessDenied, not just an open port
        healthCheck(yaml, offline
                ? List.of("CMD", "bash", "-c", "exec 3<>/dev/tcp/localhost/" + ObjectStoreContainer.S3_PORT
                        + " && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q AccessDenied <&3")
                : List.of("CMD", "mc", "ready", "local"), settings.startupTimeout());

        service(yaml, Service.SPARK_MASTER.networkAlias());
        if (offline) {
            image(yaml, sparkImage, true);
        } else {
            yaml.line(2, "build:");
            yaml.line(3, "context: " + yaml.quote(SPARK_BUILD_CONTEXT));
            yaml.line(3, "args:");
            yaml.line(4, "BASE_IMAGE: " + yaml.quote(images.sparkBaseImage(line)));
            if (line != SparkVersion.DEFAULT) {
                yaml.line(4, "SCALA_BINARY_VERSION: " + yaml.quote(line.scalaBinaryVersion()));
                yaml.line(4, "SPARK_VERSION: " + yaml.quote(line.version()));
                yaml.line(4, "SPARK_HADOOP_VERSION: " + yaml.quote(line.hadoopVersion()));
            }
            yaml.line(2, "image: " + yaml.quote(sparkImage));
        }
        yaml.map(2, "environment", master.environment());
        ports(yaml, settings, Service.SPARK_MASTER);
        String masterReady = "d['status'] == 'ALIVE' and d['aliveworkers'] == " + settings.workers();
        if (line.hasConnect()) {
            masterReady += " and any(a['name'] == '" + SparkMasterContainer.CONNECT_APP_NAME
                    + "' and a['state'] in ('RUNNING', 'WAITING') for a in d['activeapps'])";
        }
        if (settings.jupyter()) {
            masterReady += " and r.urlopen('" + localUrl(SparkMasterContainer.JUPYTER_PORT,
                    SparkMasterContainer.JUPYTER_READY_PATH) + "', timeout=5).status == 200";
        }
        healthCheck(yaml, pythonCheck(SparkMasterContainer.WEB_UI_PORT, SparkNodeContainer.STATUS_PATH, masterReady),
                settings.startupTimeout());

        for (SparkWorkerContainer worker : model.workers()) {
            service(yaml, Service.SPARK_WORKER.networkAlias(worker.index()));
            // the master's service builds the image; the workers run it once built
            image(yaml, sparkImage, true);
            yaml.line(2, "depends_on: [" + yaml.quote(Service.SPARK_MASTER.networkAlias()) + "]");
            yaml.map(2, "environment", worker.environment());
            healthCheck(yaml, pythonCheck(SparkWorkerContainer.WEB_UI_PORT, SparkNodeContainer.STATUS_PATH,
                    "d.get('masterurl')"), settings.startupTimeout());
        }

        service(yaml, Service.AIRFLOW.networkAlias());
        if (offline) {
            image(yaml, airflowImage, true);
        } else {
            yaml.line(2, "build:");
            yaml.line(3, "context: " + yaml.quote(AIRFLOW_BUILD_CONTEXT));
            yaml.line(3, "args:");
            yaml.line(4, "BASE_IMAGE: " + yaml.quote(images.airflowImage()));
            if (line != SparkVersion.DEFAULT) {
                yaml.line(4, "SPARK_LINE: " + yaml.quote(line.line()));
                yaml.line(4, "SPARK_VERSION: " + yaml.quote(line.version()));
            }
            yaml.line(2, "image: " + yaml.quote(tag(AIRFLOW_IMAGE, line)));
        }
        yaml.list(2, "command", airflow.command());
        yaml.map(2, "environment", airflow.environment());
        yaml.line(2, "volumes:");
        yaml.line(3, "- " + yaml.quote(DAGS_FOLDER + ":" + AirflowContainer.DAGS_PATH + ":ro"));
        ports(yaml, settings, Service.AIRFLOW);
        healthCheck(yaml, pythonCheck(AirflowContainer.PORT, AirflowContainer.HEALTH_PATH,
                "d['metadatabase']['status'] == 'healthy' and d['scheduler']['status'] == 'healthy'"),
                settings.airflowStartupTimeout());
        return yaml.toString();
    }

    /**
     * A health check that asks what the probe asks: Python 3 in the container GETs {@code path} on
     * {@code port} and exits 0 when {@code condition}, a Python expression over the parsed JSON
     * document {@code d} (and the module {@code r}, {@code urllib.request}), holds.
     */
    static List<String> pythonCheck(int port, String path, String condition) {
        return List.of("CMD", "python3", "-c", "import json, sys, urllib.request as r; "
                + "d = json.load(r.urlopen('" + localUrl(port, path) + "', timeout=5)); "
                + "sys.exit(0 if " + condition + " else 1)");
    }

    private static String localUrl(int port, String path) {
        return "http://localhost:" + port + path;
    }

    /** An image compose runs as it is; {@code local}: built on this machine, never pulled. */
    private static void image(Yaml yaml, String image, boolean local) {
        yaml.line(2, "image: " + yaml.quote(image));
        if (local) {
            yaml.line(2, "pull_policy: never");
        }
    }

    /** The image compose builds for a line: the default line's tag, or it with the line appended. */
    static String tag(String image, SparkVersion line) {
        return line == SparkVersion.DEFAULT ? image : image + "-" + line.line();
    }

    private static String variable(String name) {
        return VARIABLES.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().reference();
    }

    private static void header(Yaml yaml, ClusterSettings settings, SparkVersion line) {
        boolean offline = settings.images().isOffline();
        String option = line == SparkVersion.DEFAULT ? "" : " --spark " + line.line();
        yaml.comment("The data lake of DataLakeCluster.start() with the " + (offline
                ? "offline images built on this machine" : "upstream images") + ", as a compose file:");
        yaml.comment("object store (" + (offline ? "s3proxy" : "MinIO") + "), Spark " + line.version() + " master (+ "
                + (line.hasConnect() ? "Spark Connect, " : "") + "Jupyter), " + settings.workers()
                + " Spark workers, Airflow.");
        yaml.comment("GENERATED from the library's model: do not edit; regenerate from the repository's root with");
        yaml.comment("  " + (offline ? REGENERATE.replace("compose > " + PATH, "compose --images offline" + option)
                : REGENERATE.replace("compose >", "compose" + option + " >").replace(PATH, path(line))));
        yaml.comment("");
        yaml.comment("Run from this folder: docker compose up" + (offline ? "" : " --build"));
        yaml.comment("Ports on 127.0.0.1: " + settings.hostPorts().stream()
                .map(p -> p.hostPort() + " " + p.description()).collect(Collectors.joining(", ")) + ".");
        yaml.comment("Credentials come from the environment, with these defaults: " + VARIABLES.stream()
                .map(v -> v.name() + " (" + v.fallback() + ")").collect(Collectors.joining(", ")) + ".");
        if (!offline) {
            yaml.comment("The Spark and Airflow images are built from " + SPARK_BUILD_CONTEXT + " and " + AIRFLOW_BUILD_CONTEXT
                    + ": first put the");
            yaml.comment("connector jars and the SQL runner into their jars/ and lib/, from the repository's root: " + STAGE_JARS + option);
        }
    }

    private static void service(Yaml yaml, String name) {
        yaml.line(1, name + ":");
    }

    private static void ports(Yaml yaml, ClusterSettings settings, Service service) {
        List<HostPort> ports = settings.hostPorts().stream().filter(p -> p.serviceType() == service).toList();
        if (ports.isEmpty()) {
            return;
        }
        yaml.line(2, "ports:");
        for (HostPort port : ports) {
            yaml.line(3, "- " + yaml.quote(settings.bindAddress() + ":" + port.hostPort() + ":" + port.containerPort())
                    + "  # " + port.description());
        }
    }

    private static void healthCheck(Yaml yaml, List<String> test, Duration startPeriod) {
        yaml.line(2, "healthcheck:");
        yaml.line(3, "test: [" + test.stream().map(yaml::quote).collect(Collectors.joining(", ")) + "]");
        yaml.line(3, "interval: 5s");
        yaml.line(3, "timeout: 10s");
        yaml.line(3, "retries: 3");
        yaml.line(3, "start_period: " + startPeriod.toSeconds() + "s");
    }

    /** Just enough YAML: every scalar double-quoted, multi-line values as literal blocks, {@code $} escaped for compose. */
    private static final class Yaml {
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

        /** Escapes {@code $} for compose's interpolation, except in the references to {@link #VARIABLES}. */
        private static String compose(String value) {
            String escaped = value.replace("$", "$$");
            for (Variable v : VARIABLES) {
                escaped = escaped.replace(v.reference().replace("$", "$$"), v.reference());
            }
            return escaped;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}

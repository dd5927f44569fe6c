package dev.datalake.cluster.cli;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.HostPortInUseException;
import dev.datalake.cluster.ImageSet;
import dev.datalake.cluster.airflow.AirflowVersion;
import dev.datalake.cluster.spark.SparkVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code up}: starts the data lake, prints its services, and keeps it until Ctrl-C or SIGTERM,
 * then removes every container and the network and exits 0.
 */
@Command(name = "up", description = {
        "Start the data lake and keep it running until Ctrl-C (or SIGTERM); then remove it.",
        "Needs a Docker engine (the local socket, or DOCKER_HOST). Publishes the usual ports on 127.0.0.1:",
        "9000 and 9001 (object store), 7077, 8887 (Spark master UI), 4040, 8888 (Jupyter), 8081 (Airflow)."},
        footer = {"", "Examples:",
                "  java -jar datalake-cluster-cli.jar up",
                "  java -jar datalake-cluster-cli.jar up --images offline --workers 1 --no-jupyter --random-ports"})
final class UpCommand implements Callable<Integer> {

    /** The line printed once every service is ready. */
    static final String READY = "The data lake is ready.";

    private final Engine engine;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Option(names = "--images", paramLabel = "auto|upstream|offline", converter = ImageSetConverter.class,
            description = "The image set (default: $DATALAKE_IMAGES, else auto: upstream where its images can be "
                    + "pulled, else offline, built here).")
    private ImageSet images;

    private int workers = DataLakeCluster.DEFAULT_WORKERS;

    @Option(names = "--no-jupyter", description = "Run without Jupyter.")
    private boolean noJupyter;

    @Option(names = "--random-ports", description = "Publish on random host ports instead of the usual ones.")
    private boolean randomPorts;

    /** Set once the table is printed: from then on a signal stops the stack instead of interrupting its start. */
    private volatile boolean ready;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    @Option(names = "--spark", paramLabel = "3.5|4.0", converter = SparkVersionConverter.class,
            description = "The Spark line (default: 3.5); 4.0 adds Spark Connect on 15002.")
    private SparkVersion spark = SparkVersion.DEFAULT;

    @Option(names = "--airflow", paramLabel = "2.7|3.3", converter = AirflowVersionConverter.class,
            description = "The Airflow version: 3.3 (3 also works; the default) or 2.7 (2).")
    private AirflowVersion airflow = AirflowVersion.DEFAULT;

    @Option(names = "--workers", paramLabel = "N", description = "Spark workers, 0 or more (default: 2).")
    void workers(int workers) {
        this.workers = requireWorkers(spec, workers);
    }

    /** {@code --workers} as {@code up} and {@code compose} take it: 0 or more, else bad input. */
    static int requireWorkers(CommandLine.Model.CommandSpec spec, int workers) {
        if (workers < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be 0 or more, got " + workers);
        }
        return workers;
    }

    /** The cluster these options ask for, not started. */
    DataLakeCluster.Builder builder() {
        DataLakeCluster.Builder builder = DataLakeCluster.builder()
                .images(images != null ? images : ImageSet.fromEnvironment())
                .sparkVersion(spark)
                .airflowVersion(airflow)
                .sparkWorkers(workers);
        if (noJupyter) {
            builder.jupyter(false);
        }
        ServiceSwitches.apply(spec, builder);
        if (!randomPorts) {
            builder.usualHostPorts();
        }
        return builder;
    }

    UpCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() throws InterruptedException {
        StatusCommand.requireEngine(engine);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(() -> {
            if (!ready) {
                // still starting: the library's shutdown hook removes what was started
                if (interrupted.compareAndSet(false, true)) {
                    System.err.println("datalake: interrupted while starting; removing what was started");
                    System.exit(DataLakeCli.FAILURE);
                }
            } else if (stop.getCount() > 0) {
                stop.countDown();
            } else {
                System.err.println("datalake: still removing the cluster, a moment");
            }
        });
        DataLakeCluster cluster;
        try {
            cluster = builder().start();
        } catch (HostPortInUseException e) {
            throw new IllegalStateException("host port " + e.hostPort().hostPort() + " on " + e.address() + " ("
                    + e.hostPort().description() + ") is already in use: stop what uses it, or run with "
                    + "--random-ports. Nothing was started.", e);
        }
        try {
            out.print(ServiceTable.of(cluster));
            out.println(READY + " Cluster " + cluster.id() + "; press Ctrl-C to stop and remove it.");
            out.flush();
            ready = true;
            stop.await();
            out.println("Stopping: removing every container and the network of cluster " + cluster.id() + "...");
            out.flush();
        } finally {
            cluster.close();
        }
        out.println("Removed. Bye.");
        out.flush();
        return 0;
    }

    /** {@code auto}, {@code upstream} or {@code offline}, with a one-line error otherwise. */
    static final class ImageSetConverter implements CommandLine.ITypeConverter<ImageSet> {
        @Override
        public ImageSet convert(String value) {
            try {
                return ImageSet.parse(value, "--images");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an image set: use auto, upstream or offline");
            }
        }
    }
}

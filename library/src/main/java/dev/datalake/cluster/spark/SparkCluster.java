package dev.datalake.cluster.spark;

import dev.datalake.cluster.MemorySize;
import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.internal.Http;
import dev.datalake.cluster.spark.runner.SqlRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The Spark standalone cluster: a master and its workers. Jobs run as Spark applications on the
 * cluster, driven from the master's container (client mode), so their output comes back. SQL runs
 * through the master's Spark Connect server, asked by a client in the master's container.
 */
public final class SparkCluster {

    /** The image's client of its SQL gateway ({@code images/spark/datalake-sql}). */
    static final String SQL_GATEWAY_CLIENT = "datalake-sql";
    /** Where the image keeps the library's SQL runner. */
    public static final String RUNNER_JAR = "/opt/datalake/lib/datalake-spark-runner.jar";
    public static final String DRIVER_MEMORY = "512m";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);
    /** How {@link SqlResult#rows()} shows SQL NULL. */
    public static final String NULL = SqlRunner.NULL;

    private static final Logger LOG = LoggerFactory.getLogger(SparkCluster.class);

    private final SparkVersion version;
    private final SparkMasterContainer master;
    private final List<SparkWorkerContainer> workers = new CopyOnWriteArrayList<>();
    private final IntFunction<SparkWorkerContainer> newWorker;
    private final AtomicInteger lastIndex = new AtomicInteger();
    private final MemorySize executorMemory;
    private volatile Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

    /**
     * @param version the Spark line the images run
     * @param master the master, started or about to be
     * @param workers the first workers
     * @param newWorker makes worker number {@code i}, configured like the first ones, for {@link #addWorker()}
     * @param executorMemory the memory each executor asks for (at most a worker's memory)
     */
    SparkCluster(SparkVersion version, SparkMasterContainer master, List<SparkWorkerContainer> workers,
            IntFunction<SparkWorkerContainer> newWorker, MemorySize executorMemory) {
        this.version = version;
        this.master = master;
        this.workers.addAll(workers);
        this.lastIndex.set(workers.stream().mapToInt(SparkWorkerContainer::index).max().orElse(0));
        this.newWorker = newWorker;
        this.executorMemory = executorMemory;
    }

    /** The full Spark version the cluster runs: for example {@code "3.5.7"}. */
    public String version() {
        return version.version();
    }

    /** The Spark line the cluster runs. */
    public SparkVersion sparkVersion() {
        return version;
    }

    /** Spark Connect from the host: {@code sc://localhost:<port>}. */
    public String connectUrl() {
        return master.connectUrl();
    }

    /**
     * A {@code SparkSession} in this JVM on the cluster's Spark Connect server (one per JVM and
     * cluster; the client keeps it). Needs the line's Spark Connect JVM client on the classpath
     * ({@code spark-connect-client-jvm} of the line's Scala and Spark version) and, for its Arrow,
     * the JVM option {@code --add-opens=java.base/java.nio=ALL-UNNAMED}.
     *
     * @throws IllegalStateException without the line's client or that option, naming what to add
     */
    public org.apache.spark.sql.SparkSession session() {
        ConnectClient.require(version);
        return version == SparkVersion.V3_5 ? ConnectSessions.shared35(connectUrl())
                : ConnectSessions.shared(connectUrl());
    }

    /** The master's URL as containers see it: {@code spark://spark-master:7077}. */
    public String masterUrl() {
        return SparkMasterContainer.MASTER_URL;
    }

    /** The master's web UI from the host. */
    public URI webUiUrl() {
        return master.webUiUrl();
    }

    /** The number of alive workers, asked of the master now. */
    public int aliveWorkers() {
        return state().path("aliveworkers").asInt(0);
    }

    /**
     * The master's {@code /json/} document, as it answers now: JSON objects as {@link java.util.Map},
     * arrays as {@link List}, strings, numbers ({@code Long} or {@code BigDecimal}), booleans and null.
     */
    @SuppressWarnings("unchecked")
    public java.util.Map<String, Object> masterState() {
        return (java.util.Map<String, Object>) state().value();
    }

    private Json state() {
        try {
            Http.Answer answer = Http.get(URI.create(webUiUrl() + SparkNodeContainer.STATUS_PATH));
            if (answer.status() != 200) {
                throw new IllegalStateException("Spark master /json/ answered " + answer);
            }
            return Json.parse(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Spark master at " + webUiUrl() + " did not answer", e);
        }
    }

    public SparkMasterContainer master() {
        return master;
    }

    /** The workers this cluster runs now, in the order they were added. */
    public List<SparkWorkerContainer> workers() {
        return List.copyOf(workers);
    }

    /** The time {@link #sql(String...)} and {@link #submit(SparkJob)} may take (default 10 minutes). */
    public SparkCluster withCommandTimeout(Duration timeout) {
        this.commandTimeout = Require.positive("command timeout", timeout);
        return this;
    }

    /**
     * Runs the statements in order in one new session and returns the last statement's rows: a
     * temporary view of one call is not seen by the next. The session is a Spark Connect session,
     * made by the SQL gateway in the master's container (a long-running Connect client, so nothing
     * is needed on this JVM's classpath; about half a second a call); on a master without Connect,
     * a Spark application on the cluster (several seconds). Spark's own error message comes back in
     * a {@link SparkSqlException}.
     */
    public SqlResult sql(String... statements) {
        if (statements == null || statements.length == 0) {
            throw new IllegalArgumentException("sql needs at least one statement");
        }
        List<String> encoded = new ArrayList<>();
        for (String statement : statements) {
            if (statement == null || statement.isBlank()) {
                throw new IllegalArgumentException("a SQL statement must not be blank");
            }
            encoded.add(Base64.getEncoder().encodeToString(statement.getBytes(StandardCharsets.UTF_8)));
        }
        long started = System.nanoTime();
        boolean connect = master.sparkConnectEnabled();
        List<String> command;
        if (connect) {
            command = new ArrayList<>(List.of(SQL_GATEWAY_CLIENT));
        } else {
            command = submitCommand("datalake-sql", List.of());
            command.addAll(List.of("--class", SqlRunner.class.getName(), RUNNER_JAR));
        }
        command.addAll(encoded);
        SqlResult result = parse(ContainerExec.run(master, commandTimeout, command), connect ? "the SQL gateway"
                : "spark-submit");
        LOG.info("Spark SQL ({} statement(s), {}) took {} ms", statements.length,
                connect ? "Spark Connect" : "spark-submit", (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    static SqlResult parse(ContainerExec.Result result, String what) {
        List<String> columns = List.of();
        List<List<String>> rows = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith(SqlRunner.ERROR)) {
                throw new SparkSqlException(decode(line.substring(SqlRunner.ERROR.length())), result.output());
            } else if (line.startsWith(SqlRunner.COLUMNS)) {
                columns = values(line.substring(SqlRunner.COLUMNS.length()));
            } else if (line.startsWith(SqlRunner.ROW)) {
                rows.add(values(line.substring(SqlRunner.ROW.length())));
            }
        }
        if (result.exitCode() != 0) {
            throw new SparkSqlException(what + " exited with code " + result.exitCode() + ":\n"
                    + ContainerExec.tail(result.output(), 30), result.output());
        }
        return SqlResult.ofValues(columns, rows, result.output());
    }

    private static List<String> values(String line) {
        if (line.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(line.split(",", -1))
                .map(v -> v.equals("~") ? null : decode(v))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
    }

    /** Submits a job jar (client mode, from the master's container) and waits for it to end. */
    public SparkJobResult submit(SparkJob job) {
        String target = "/tmp/datalake-jobs/" + UUID.randomUUID() + "-" + job.jarPath().getFileName();
        // readable by Spark's user whatever the host file's mode (a temp file is 0600, copied as root)
        master.copyFileToContainer(MountableFile.forHostPath(job.jarPath(), 0644), target);
        List<String> command = submitCommand(job.mainClassName() == null ? job.jarPath().getFileName().toString()
                : job.mainClassName(), job.confEntries());
        if (job.mainClassName() != null) {
            command.add("--class");
            command.add(job.mainClassName());
        }
        command.add(target);
        command.addAll(job.arguments());
        ContainerExec.Result result = ContainerExec.run(master, commandTimeout, command);
        return new SparkJobResult((int) result.exitCode(), result.output());
    }

    private List<String> submitCommand(String name, List<String> conf) {
        // without SPARK_REMOTE (set in the container on a line with Connect): spark-submit refuses a master beside it
        List<String> command = new ArrayList<>(List.of("env", "-u", "SPARK_REMOTE", "spark-submit",
                "--master", masterUrl(), "--deploy-mode", "client", "--name", name,
                "--driver-memory", DRIVER_MEMORY,
                "--conf", "spark.executor.memory=" + executorMemory,
                "--conf", "spark.ui.showConsoleProgress=false"));
        for (String entry : conf) {
            command.add("--conf");
            command.add(entry);
        }
        return command;
    }

    /** Stops and removes worker number {@code index} (1-based); running tasks move to the others. */
    public void stopWorker(int index) {
        SparkWorkerContainer worker = workers.stream().filter(w -> w.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no worker " + index + "; running: "
                        + workers.stream().map(SparkWorkerContainer::index).toList()));
        LOG.info("stopping spark-worker-{}", index);
        worker.stop();
        workers.remove(worker);
    }

    /**
     * Starts one more worker, waits until it has registered, and returns its number: one more than
     * any worker this cluster ever had (a stopped worker's number is not given again).
     */
    public int addWorker() {
        int index = lastIndex.incrementAndGet();
        SparkWorkerContainer worker = newWorker.apply(index);
        workers.add(worker);
        LOG.info("starting spark-worker-{}", index);
        worker.start();
        return index;
    }

    /** Waits until the master counts exactly {@code count} alive workers. */
    public void awaitWorkers(int count, Duration timeout) {
        Require.atLeast("worker count", count, 0);
        Require.positive("timeout", timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        int alive = -1;
        while (System.nanoTime() < deadline) {
            alive = aliveWorkers();
            if (alive == count) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the Spark master counts " + alive + " alive workers, not " + count
                + ", after " + timeout.toSeconds() + " s");
    }

    /** Every container of this Spark cluster: the master and the workers. */
    public List<GenericContainer<?>> containers() {
        List<GenericContainer<?>> all = new ArrayList<>();
        all.add(master);
        all.addAll(workers);
        return all;
    }
}

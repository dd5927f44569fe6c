package dev.datalake.cluster.jupyter;

import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.internal.Require;
import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.spark.SparkMasterContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.testcontainers.images.builder.Transferable;

/**
 * Jupyter, served from the Spark master's container (where notebooks reach the master and the drivers' UI) with a token.
 * Notebooks reach the cluster with no configuration: {@code SPARK_MASTER}, {@code S3_ENDPOINT}
 * and the AWS variables are in their environment.
 */
public final class JupyterServer {

    public static final String WORK_DIR = "/home/jovyan/work";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final SparkMasterContainer container;
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    public JupyterServer(SparkMasterContainer container) {
        if (!container.jupyterEnabled()) {
            throw new IllegalStateException("Jupyter is not enabled in this Spark master container");
        }
        this.container = container;
    }

    /** The notebook UI from the host, token included ({@code ?token=...}). */
    public URI url() {
        return URI.create(baseUrl() + "/?token=" + token());
    }

    /** The server's root from the host, without the token. */
    public URI baseUrl() {
        return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(SparkMasterContainer.JUPYTER_PORT));
    }

    public String token() {
        return container.jupyterToken();
    }

    /** The longest a notebook run may take (default 10 minutes). */
    public JupyterServer withTimeout(Duration timeout) {
        this.timeout = Require.positive("notebook timeout", timeout);
        return this;
    }

    /**
     * Copies the notebook into the container, runs every cell with nbconvert against the
     * cluster, and returns what the cells printed. A failing cell ends the run; its error is in
     * the output and {@link NotebookResult#succeeded()} is false.
     */
    public NotebookResult execute(Path notebook) {
        byte[] content = requireNotebook(notebook);
        String dir = WORK_DIR + "/.datalake-runs/" + UUID.randomUUID();
        String input = dir + "/" + notebook.getFileName();
        String output = dir + "/executed.ipynb";
        // made by the image's user first: a folder docker cp creates belongs to root, and nbconvert
        // (running as jovyan) writes its output next to the input
        ContainerExec.Result mkdir = ContainerExec.run(container, Duration.ofSeconds(30), List.of("mkdir", "-p", dir));
        if (mkdir.exitCode() != 0) {
            throw new IllegalStateException("could not create " + dir + " in the Jupyter container: " + mkdir.output());
        }
        container.copyFileToContainer(Transferable.of(content, 0644), input);
        // runs as the image's user (jovyan), with the container's environment
        ContainerExec.Result run = ContainerExec.run(container, timeout.plusSeconds(30), List.of(
                "python3", "-m", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                "--ExecutePreprocessor.timeout=" + timeout.toSeconds(),
                "--output", output, input));
        if (run.exitCode() != 0) {
            return new NotebookResult(false, run.output());
        }
        Json executed = container.copyFileFromContainer(output, Json::parse);
        ContainerExec.run(container, Duration.ofSeconds(30), List.of("rm", "-rf", dir));
        return collect(executed);
    }

    /** The text of every cell's outputs; fails when any output is an error. */
    static NotebookResult collect(Json notebook) {
        StringBuilder text = new StringBuilder();
        boolean ok = true;
        for (Json cell : notebook.path("cells")) {
            for (Json out : cell.path("outputs")) {
                switch (out.path("output_type").asText()) {
                    case "stream" -> text.append(joined(out.path("text")));
                    case "execute_result", "display_data" -> text.append(joined(out.path("data").path("text/plain")))
                            .append('\n');
                    case "error" -> {
                        ok = false;
                        text.append(out.path("ename").asText()).append(": ").append(out.path("evalue").asText())
                                .append('\n');
                        for (Json line : out.path("traceback")) {
                            text.append(line.asText().replaceAll("\u001B\\[[;\\d]*m", "")).append('\n');
                        }
                    }
                    default -> { }
                }
            }
        }
        return new NotebookResult(ok, text.toString());
    }

    private static String joined(Json textOrLines) {
        if (textOrLines.isArray()) {
            StringBuilder b = new StringBuilder();
            textOrLines.forEach(line -> b.append(line.asText()));
            return b.toString();
        }
        return textOrLines.asText();
    }

    /** The notebook's bytes, when it is a readable {@code .ipynb} JSON document with cells. */
    static byte[] requireNotebook(Path notebook) {
        if (notebook == null || !Files.isRegularFile(notebook)) {
            throw new IllegalArgumentException("notebook " + notebook + " does not exist or is not a file");
        }
        if (!notebook.getFileName().toString().endsWith(".ipynb")) {
            throw new IllegalArgumentException("notebook " + notebook + " is not a notebook: expected a .ipynb file");
        }
        try {
            byte[] content = Files.readAllBytes(notebook);
            Json json;
            try {
                json = Json.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("notebook " + notebook + " is not a notebook: not JSON ("
                        + e.getMessage() + ")");
            }
            if (!json.path("cells").isArray()) {
                throw new IllegalArgumentException("notebook " + notebook + " is not a notebook: it has no \"cells\" list");
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + notebook, e);
        }
    }
}

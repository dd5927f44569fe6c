package dev.datalake.cluster.docs;

import dev.datalake.cluster.DataLakeCluster;
import dev.datalake.cluster.jupyter.JupyterServer;
import dev.datalake.cluster.jupyter.NotebookResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The snippets of docs/jupyter.md (compiled, not run). */
class JupyterExamples {

    void notebook(DataLakeCluster cluster) {
        // tag::notebook[]
        JupyterServer jupyter = cluster.jupyter();
        URI browser = jupyter.url();                    // http://localhost:<port>/?token=...
        NotebookResult run = jupyter.withTimeout(Duration.ofMinutes(5))
                .execute(Path.of("src/test/notebooks/load-people.ipynb"));
        boolean ok = run.succeeded();                   // false when a cell raised
        String output = run.output();                   // every cell's output, and the error of a failing cell
        // end::notebook[]
    }
}

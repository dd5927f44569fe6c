package dev.datalake.cluster.spark;

/** How a submitted job ended: spark-submit's exit code and everything the driver printed. */
public record SparkJobResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}

package dev.datalake.cluster.jupyter;

/**
 * How a notebook run ended: {@code succeeded} when every cell ran without error, and the text of
 * every cell's output (streams, results, and the error of a failing cell).
 */
public record NotebookResult(boolean succeeded, String output) {}

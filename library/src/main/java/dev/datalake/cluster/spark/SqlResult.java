package dev.datalake.cluster.spark;

import java.util.List;

/**
 * The result of {@link SparkCluster#sql(String...)}: the last statement's columns and rows, each
 * value as Spark prints it ({@code "NULL"} for null), and the driver's output.
 */
public record SqlResult(List<String> columns, List<List<String>> rows, String output) {

    public SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The single value of a one-row, one-column result (a count, say). */
    public String singleValue() {
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one row of one column, got " + rows);
        }
        return rows.get(0).get(0);
    }
}

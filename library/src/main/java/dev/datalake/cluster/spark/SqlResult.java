package dev.datalake.cluster.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of {@link SparkCluster#sql(String...)}: the last statement's columns and rows, each
 * value as Spark prints it ({@code "NULL"} for null in {@link #rows()}; {@link #values()} keeps SQL
 * NULL apart as Java null), and the driver's output.
 */
public record SqlResult(List<String> columns, List<List<String>> rows, String output, List<List<String>> values) {

    public SqlResult {
        columns = List.copyOf(columns);
        values = unmodifiable(values);
        rows = List.copyOf(rows);
    }

    /** A result whose SQL NULLs are not known apart from the string {@code "NULL"}: values() equals rows(). */
    public SqlResult(List<String> columns, List<List<String>> rows, String output) {
        this(columns, rows, output, rows);
    }

    /** A result from values with SQL NULL as Java null; {@link #rows()} prints it as {@code "NULL"}. */
    static SqlResult ofValues(List<String> columns, List<List<String>> values, String output) {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : values) {
            rows.add(row.stream().map(v -> v == null ? SparkCluster.NULL : v).toList());
        }
        return new SqlResult(columns, rows, output, values);
    }

    /** The single value of a one-row, one-column result (a count, say). */
    public String singleValue() {
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one row of one column, got " + rows);
        }
        return rows.get(0).get(0);
    }

    /** The value in row {@code row} (0-based) of column {@code column} as Spark prints it; null for SQL NULL. */
    public String value(int row, String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + column + "': the columns are " + columns);
        }
        return values.get(row).get(index);
    }

    /** Whether the value in row {@code row} of column {@code column} (both 0-based) is SQL NULL. */
    public boolean isNull(int row, int column) {
        return values.get(row).get(column) == null;
    }

    private static List<List<String>> unmodifiable(List<List<String>> values) {
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : values) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        return Collections.unmodifiableList(copy);
    }
}

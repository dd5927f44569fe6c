package dev.datalake.cluster.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.client.SparkConnectClient;

/**
 * Sessions on the cluster's Spark Connect server, made with the Spark Connect JVM client. Only
 * {@link SparkCluster} loads this class, and only once {@link ConnectClient#present()}: the library
 * runs without the client on the classpath.
 */
final class ConnectSessions {

    private ConnectSessions() {}

    /**
     * The session of this JVM on {@code url}: the client's builder keeps one per URL. Built from the
     * client's own builder: {@code SparkSession.builder()} of the API would look for Spark classic
     * (the shims the client declares stand in for it).
     */
    static SparkSession shared(String url) {
        return org.apache.spark.sql.connect.SparkSession.builder().remote(url).getOrCreate();
    }

    /**
     * Runs the statements in order in a new session (so temporary views of one call are not seen by
     * the next) and returns the last one's rows, each value cast to a string by Spark, nulls kept.
     */
    static SqlResult sql(String url, List<String> statements) {
        // not reattachable: a reattachable execution releases itself asynchronously after the last
        // row, racing the channel's shutdown below (retry warnings for seconds after each call)
        SparkConnectClient client = SparkConnectClient.builder().connectionString(url).disableReattachableExecute()
                .build();
        SparkSession session = org.apache.spark.sql.connect.SparkSession.builder().client(client).create();
        try {
            Dataset<Row> last = null;
            for (String statement : statements) {
                // commands run here, eagerly; a query runs when its rows are collected below
                last = session.sql(statement);
            }
            String[] columns = last.columns();
            String[] positional = new String[columns.length];
            String[] casts = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                positional[i] = "c" + i;
                casts[i] = "CAST(c" + i + " AS STRING) AS c" + i;
            }
            // positional names first: a result may repeat a column name (a join) or hold odd characters
            List<Row> rows = last.toDF(positional).selectExpr(casts).collectAsList();
            List<List<String>> values = new ArrayList<>();
            for (Row row : rows) {
                List<String> value = new ArrayList<>();
                for (int i = 0; i < columns.length; i++) {
                    value.add(row.isNullAt(i) ? null : row.getString(i));
                }
                values.add(value);
            }
            return SqlResult.ofValues(List.of(columns), values, "");
        } catch (Exception e) {
            // Spark's AnalysisException is a checked exception that Scala throws undeclared
            if (e.getClass().getName().startsWith("org.apache.spark")) {
                throw new SparkSqlException(e.getClass().getName() + ": " + e.getMessage(), String.valueOf(e));
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Spark Connect at " + url + " failed: " + e, e);
        } finally {
            session.stop();
        }
    }
}

package dev.datalake.cluster.spark;

/** Spark refused or failed a statement; the message is Spark's own, the output the driver's log. */
public class SparkSqlException extends RuntimeException {

    private final String output;

    public SparkSqlException(String message, String output) {
        super(message);
        this.output = output;
    }

    /** What the driver printed. */
    public String output() {
        return output;
    }
}

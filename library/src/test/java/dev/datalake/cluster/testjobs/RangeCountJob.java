package dev.datalake.cluster.testjobs;

/**
 * A Spark job for the ITs: counts {@code range(n)} on the executors and prints the count. Touches
 * Spark by reflection so the tests need no Spark on their classpath. With "fail" it throws.
 */
public final class RangeCountJob {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("fail")) {
            throw new IllegalStateException("this job fails on purpose");
        }
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        long sleepMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        Object builder = Class.forName("org.apache.spark.sql.SparkSession").getMethod("builder").invoke(null);
        Object spark = builder.getClass().getMethod("getOrCreate").invoke(builder);
        Object range = spark.getClass().getMethod("range", long.class, long.class, long.class, int.class)
                .invoke(spark, 0L, n, 1L, 8);
        if (sleepMs > 0) {
            // slow every partition down so that a worker can be stopped while tasks run
            range = range.getClass().getMethod("selectExpr", String[].class).invoke(range,
                    (Object) new String[] {"id", "reflect('java.lang.Thread', 'sleep', cast(" + sleepMs
                            + " as bigint)) as slept"});
        }
        Object count = range.getClass().getMethod("count").invoke(range);
        System.out.println("RANGE-COUNT=" + count);
        spark.getClass().getMethod("stop").invoke(spark);
    }
}

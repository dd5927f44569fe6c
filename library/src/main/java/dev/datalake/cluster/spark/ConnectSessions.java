package dev.datalake.cluster.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Sessions on the cluster's Spark Connect server, made with the 4.x Spark Connect JVM client. Only
 * {@link SparkCluster} loads this class, and only once {@link ConnectClient#present} found that
 * client: the library runs without it on the classpath.
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
     * The same with the 3.5 client, whose session class is {@code org.apache.spark.sql.SparkSession}
     * itself; by reflection, as its builder's signature is not the 4.x API's this class compiles against.
     */
    static SparkSession shared35(String url) {
        try {
            Object builder = Class.forName("org.apache.spark.sql.SparkSession").getMethod("builder").invoke(null);
            builder = builder.getClass().getMethod("remote", String.class).invoke(builder, url);
            return (SparkSession) builder.getClass().getMethod("getOrCreate").invoke(builder);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("the Spark Connect 3.5 client could not open a session on " + url
                    + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark Connect client on the classpath is not a 3.5 client: " + e, e);
        }
    }
}

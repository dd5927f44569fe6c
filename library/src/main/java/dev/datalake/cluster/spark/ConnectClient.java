package dev.datalake.cluster.spark;

/**
 * Whether the optional Spark Connect JVM client is on the classpath. Apart from
 * {@link ConnectSessions} on purpose: a class whose methods use the client's types cannot even be
 * loaded without it (the verifier loads them), this one names none.
 */
final class ConnectClient {

    /** The client's session class; its absence means the client is not on the classpath. */
    static final String CLIENT_CLASS = "org.apache.spark.sql.connect.SparkSession";
    /** What to add to get the client (the two modules it declares are inside its jar). */
    static final String ARTIFACT = "org.apache.spark:spark-connect-client-jvm_2.13:4.0.1 (excluding "
            + "org.apache.spark:spark-connect-common_2.13 and org.apache.spark:spark-connect-shims_2.13)";

    private ConnectClient() {}

    /** Whether the client is on the classpath of this library's class loader. */
    static boolean present() {
        try {
            Class.forName(CLIENT_CLASS, false, ConnectClient.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

package dev.datalake.cluster.spark;

/**
 * Whether the optional Spark Connect JVM client of a line is on the classpath, and whether the JVM
 * lets it run. Apart from {@link ConnectSessions} on purpose: a class whose methods use the client's
 * types cannot even be loaded without it (the verifier loads them), this one names none.
 */
final class ConnectClient {

    /** The 4.x client's session class. */
    static final String CLIENT_CLASS = "org.apache.spark.sql.connect.SparkSession";
    /** In every line's client; its package's Implementation-Version is the client's version. */
    static final String CONNECT_CLIENT_CLASS = "org.apache.spark.sql.connect.client.SparkConnectClient";
    /** Arrow, which the client reads results with, reaches into java.nio's internals. */
    static final String ARROW_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private ConnectClient() {}

    /** What to add to get the line's client (the 4.x modules it declares are inside its jar). */
    static String artifact(SparkVersion line) {
        String artifact = "org.apache.spark:spark-connect-client-jvm_" + line.scalaBinaryVersion() + ":" + line.version();
        return line == SparkVersion.V3_5 ? artifact + " (any 3.5.x client speaks to the 3.5 server)"
                : artifact + " or a newer 4.x client (excluding org.apache.spark:spark-connect-common_"
                        + line.scalaBinaryVersion() + " and org.apache.spark:spark-connect-shims_"
                        + line.scalaBinaryVersion() + ", which its jar carries)";
    }

    /**
     * The version of the Connect client on this library's classpath, null when none is: the 4.x
     * client has {@value #CLIENT_CLASS}, the 3.5 client only {@value #CONNECT_CLIENT_CLASS}.
     */
    static String version() {
        Class<?> client = load(CONNECT_CLIENT_CLASS);
        if (client == null) {
            return null;
        }
        String version = client.getPackage() == null ? null : client.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        return load(CLIENT_CLASS) != null ? "4" : "3.5";
    }

    /**
     * Whether a client for {@code line} is on the classpath: on 3.5 a 3.5 client (Scala 2.12); on a
     * 4.x line any 4.x client (Scala 2.13; the library's tests run the 4.2 client against 4.0 and 4.2).
     */
    static boolean present(SparkVersion line) {
        String version = version();
        String prefix = line == SparkVersion.V3_5 ? line.line() : line.version().substring(0, 1);
        return version != null && (version.equals(prefix) || version.startsWith(prefix + "."));
    }

    /**
     * Fails with what to change unless the client of {@code line} is on the classpath and the JVM
     * opens java.nio to it (else Arrow's first use ends in an ExceptionInInitializerError).
     */
    static void require(SparkVersion line) {
        String version = version();
        if (!present(line)) {
            throw new IllegalStateException("session() on Spark " + line.version() + " needs the Spark Connect JVM "
                    + "client of the " + line.line() + " line on the classpath"
                    + (version == null ? "" : " (found client " + version + ")") + ": add " + artifact(line));
        }
        if (!javaNioOpen(load(CONNECT_CLIENT_CLASS).getClassLoader())) {
            throw new IllegalStateException("the Spark Connect client needs the JVM option " + ARROW_FLAG
                    + " (Arrow reads results through java.nio's internals): add it to the argLine of "
                    + "maven-surefire-plugin and maven-failsafe-plugin (or your test runner's JVM arguments)");
        }
    }

    /** Whether java.nio is open to the classpath of {@code loader}, where Arrow lives. */
    static boolean javaNioOpen(ClassLoader loader) {
        ClassLoader where = loader == null ? ClassLoader.getSystemClassLoader() : loader;
        return java.nio.ByteBuffer.class.getModule().isOpen("java.nio", where.getUnnamedModule());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ConnectClient.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}

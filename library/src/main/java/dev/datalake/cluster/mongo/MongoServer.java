package dev.datalake.cluster.mongo;

import dev.datalake.cluster.internal.ServiceProbe;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;

/**
 * A MongoDB server with a root user in the {@code admin} database; every command needs
 * authentication. Runs the official {@code mongo} image, or offline FerretDB, which speaks MongoDB's
 * wire protocol on SQLite (same {@code MONGO_INITDB_ROOT_*} contract, SCRAM authentication).
 */
public class MongoServer extends GenericContainer<MongoServer> {

    /** The official image (MongoDB 7.0, the version FerretDB 1.24 reports). */
    public static final String DEFAULT_IMAGE = "mongo:7.0.15";
    public static final int PORT = 27017;
    static final String DEFAULT_NETWORK_HOST = "mongo";
    static final String DEFAULT_USERNAME = "datalake";
    /** Where the root user lives, as the official image makes it. */
    static final String AUTH_DATABASE = "admin";
    /** The database a connection string names, the default for clients that take one from it. */
    static final String DEFAULT_DATABASE = "lake";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private String networkHost = DEFAULT_NETWORK_HOST;
    private String username = DEFAULT_USERNAME;
    private String password;

    public MongoServer(String image) {
        super(image);
        withExposedPorts(PORT);
        waitingFor(ServiceProbe.of("hello, SCRAM-SHA-256 authentication as the root user, then ping", target -> {
            try (MongoWire wire = MongoWire.connect(target.getHost(), target.getMappedPort(PORT), PROBE_TIMEOUT)) {
                return ready(wire, username, password);
            }
        }));
    }

    /** The root user and its password; checked by the builder. */
    public MongoServer withCredentials(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        withEnv("MONGO_INITDB_ROOT_USERNAME", username);
        withEnv("MONGO_INITDB_ROOT_PASSWORD", password);
        return this;
    }

    /** The host name other containers reach the server by (its network alias); {@code mongo} unless told. */
    public MongoServer withNetworkHost(String host) {
        this.networkHost = host;
        return this;
    }

    /** {@code mongodb://user:password@localhost:<port>/lake?authSource=admin} for a client on the host. */
    public String connectionString() {
        return connectionString(getHost(), getMappedPort(PORT), username, password);
    }

    /** {@code mongodb://user:password@mongo:27017/lake?authSource=admin} for a client in another container. */
    public String internalConnectionString() {
        return connectionString(networkHost, PORT, username, password);
    }

    /**
     * The user and password go in as they are: the cluster's are a plain word and hex (a compose
     * file's password is a variable reference, which encoding would break).
     */
    static String connectionString(String host, int port, String username, String password) {
        return "mongodb://" + username + ":" + password + "@" + host + ":" + port + "/"
                + DEFAULT_DATABASE + "?authSource=" + AUTH_DATABASE;
    }

    /** What every consumer container gets: {@code MONGODB_URI}. */
    static Map<String, String> clientEnvironment(String internalConnectionString) {
        return Map.of("MONGODB_URI", internalConnectionString);
    }

    /** The MongoDB Spark connector's connection URIs (10.x: read and write apart). */
    static Map<String, String> sparkConf(String internalConnectionString) {
        return Map.of("spark.mongodb.read.connection.uri", internalConnectionString,
                "spark.mongodb.write.connection.uri", internalConnectionString);
    }

    /** Airflow's {@code mongo_default} in URI form (the Mongo provider passes the query on as client options). */
    static String airflowConnection(String host, String username, String password) {
        return "mongo://" + username + ":" + password + "@" + host + ":" + PORT + "/"
                + DEFAULT_DATABASE + "?authSource=" + AUTH_DATABASE;
    }

    /** Null when the server answers hello, takes the credentials and answers ping; else what it said. */
    static String ready(MongoWire wire, String username, String password) throws java.io.IOException {
        Map<String, Object> hello = wire.command(Map.of("hello", 1), AUTH_DATABASE);
        if (!MongoWire.isOk(hello)) {
            return "hello: " + hello;
        }
        String refused = wire.authenticate(AUTH_DATABASE, username, password);
        if (refused != null) {
            return refused;
        }
        Map<String, Object> ping = wire.command(Map.of("ping", 1), AUTH_DATABASE);
        return MongoWire.isOk(ping) ? null : "ping: " + ping;
    }
}

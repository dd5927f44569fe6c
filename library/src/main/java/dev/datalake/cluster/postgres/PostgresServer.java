package dev.datalake.cluster.postgres;

import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.internal.ServiceProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.containers.GenericContainer;

/**
 * A PostgreSQL server with one database and one user (password authentication for every TCP
 * client). Runs the official {@code postgres} image or the offline image built from Debian's
 * PostgreSQL (same {@code POSTGRES_*} contract).
 */
public class PostgresServer extends GenericContainer<PostgresServer> {

    /** The official image; the major version is the offline image's (Debian bookworm's PostgreSQL 15). */
    public static final String DEFAULT_IMAGE = "postgres:15.8-bookworm";
    public static final int PORT = 5432;
    static final String DEFAULT_NETWORK_HOST = "postgres";
    static final String DEFAULT_DATABASE = "lake";
    static final String DEFAULT_USERNAME = "datalake";
    static final String INITDB_ARGS = "--no-sync";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Over TCP, so the probe needs the password, and so the temporary server the official image runs
     * while it initialises (Unix socket only) is never taken for the real one.
     */
    static final List<String> PROBE_COMMAND = List.of("sh", "-c", "PGPASSWORD=\"$POSTGRES_PASSWORD\" "
            + "PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\" -tAc 'SELECT 1'");

    private String networkHost = DEFAULT_NETWORK_HOST;
    private String database = DEFAULT_DATABASE;
    private String username = DEFAULT_USERNAME;
    private String password;

    public PostgresServer(String image) {
        super(image);
        withExposedPorts(PORT);
        // a test database: durability off, as Testcontainers' PostgreSQLContainer does
        withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        waitingFor(ServiceProbe.of("an authenticated `SELECT 1` over TCP (psql in the container)", target -> {
            ContainerExec.Result result = ContainerExec.run(target, PROBE_TIMEOUT, PROBE_COMMAND);
            return result.exitCode() == 0 && result.stdout().strip().equals("1") ? null : result.output().strip();
        }));
    }

    /** The database, the user and its password; checked by the builder. */
    public PostgresServer withCredentials(String database, String username, String password) {
        this.database = Objects.requireNonNull(database, "database");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        withEnv("POSTGRES_DB", database);
        withEnv("POSTGRES_USER", username);
        withEnv("POSTGRES_PASSWORD", password);
        // both images hand these to initdb: a test database need not survive a power cut
        withEnv("POSTGRES_INITDB_ARGS", INITDB_ARGS);
        return this;
    }

    /** The host name other containers reach the server by (its network alias); {@code postgres} unless told. */
    public PostgresServer withNetworkHost(String host) {
        this.networkHost = host;
        return this;
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>} for a client on the host. */
    public String jdbcUrl() {
        return jdbcUrl(getHost(), getMappedPort(PORT), database);
    }

    /** {@code jdbc:postgresql://postgres:5432/<database>} for a client in another container of the cluster. */
    public String internalJdbcUrl() {
        return jdbcUrl(networkHost, PORT, database);
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /**
     * What every consumer container gets: libpq's own variables (so {@code psycopg2.connect("")} and
     * {@code psql} need no arguments) and {@code POSTGRES_JDBC_URL} (user and password are given
     * apart, as Spark's JDBC source takes them).
     */
    static Map<String, String> clientEnvironment(String host, String database, String username, String password) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", String.valueOf(PORT));
        env.put("PGDATABASE", database);
        env.put("PGUSER", username);
        env.put("PGPASSWORD", password);
        env.put("POSTGRES_JDBC_URL", jdbcUrl(host, PORT, database));
        return env;
    }

    /**
     * Airflow's {@code postgres_default} in URI form. The cluster's names and passwords are hex and
     * plain words, safe in a URI as they are (a compose file's password is a variable reference,
     * which encoding would break).
     */
    static String airflowConnection(String host, String database, String username, String password) {
        return "postgres://" + username + ":" + password + "@" + host + ":" + PORT + "/" + database;
    }
}

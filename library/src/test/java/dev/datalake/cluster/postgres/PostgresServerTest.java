package dev.datalake.cluster.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's configuration and what it gives consumers; no Docker. */
class PostgresServerTest {

    @Test
    void theOfficialImagesEnvironmentWithoutDurability() {
        PostgresServer server = new PostgresServer(PostgresServer.DEFAULT_IMAGE).withCredentials("lake", "u", "s3cret");
        assertThat(server.getEnvMap()).containsEntry("POSTGRES_DB", "lake").containsEntry("POSTGRES_USER", "u")
                .containsEntry("POSTGRES_PASSWORD", "s3cret").containsEntry("POSTGRES_INITDB_ARGS", "--no-sync");
        assertThat(server.getCommandParts()).containsExactly("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off");
        assertThat(server.getExposedPorts()).containsExactly(5432);
        assertThat(server.internalJdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/lake");
        assertThat(server.database()).isEqualTo("lake");
        assertThat(server.username()).isEqualTo("u");
        assertThat(server.password()).isEqualTo("s3cret");
    }

    @Test
    void theProbeAsksOverTcpWithThePasswordFromTheContainersOwnEnvironment() {
        String command = String.join(" ", PostgresServer.PROBE_COMMAND);
        assertThat(command).contains("-h 127.0.0.1", "PGPASSWORD=\"$POSTGRES_PASSWORD\"", "SELECT 1")
                .doesNotContain("s3cret");
    }

    @Test
    void consumersGetLibpqsVariablesAndAJdbcUrl() {
        assertThat(PostgresServer.clientEnvironment("postgres", "lake", "u", "p")).containsExactly(
                Map.entry("PGHOST", "postgres"), Map.entry("PGPORT", "5432"), Map.entry("PGDATABASE", "lake"),
                Map.entry("PGUSER", "u"), Map.entry("PGPASSWORD", "p"),
                Map.entry("POSTGRES_JDBC_URL", "jdbc:postgresql://postgres:5432/lake"));
        assertThat(PostgresServer.airflowConnection("postgres", "lake", "u", "0a1b"))
                .isEqualTo("postgres://u:0a1b@postgres:5432/lake");
    }
}

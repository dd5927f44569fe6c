package dev.datalake.cluster.airflow;

import dev.datalake.cluster.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What differs between the Airflow versions in one container: settings, REST paths, health. */
final class AirflowSettings {

    /** The metadata database: SQLite, in the container (gone with it). */
    static final String SQL_ALCHEMY_CONN = "sqlite:////opt/airflow/airflow.db";
    /** Seconds between scans of the DAG folder and between parses of a file (defaults 300 and 30). */
    static final int DAG_SCAN_SECONDS = 5;
    /** 2.7: both API auth backends, basic auth for clients and the session for the web UI. */
    static final String AUTH_BACKENDS = "airflow.api.auth.backend.basic_auth,airflow.api.auth.backend.session";
    /** 2.7: Gunicorn workers of the webserver (default 4; each one is a full Airflow process). */
    static final int WEBSERVER_WORKERS = 2;
    /**
     * 3.x: task processes of the LocalExecutor. It forks them all when the scheduler starts
     * (default 32), so this is also what idle costs; two run a DAG's independent tasks side by side.
     */
    static final int PARALLELISM = 2;
    /**
     * 3.x: seconds a task's supervisor waits for each answer of the execution API (default 5). The
     * API server shares the container's cores with the scheduler, the DAG processor, the triggerer
     * and the task; on a busy machine it took 47 s to answer a task's start (seen on 2 cores at load
     * 15), and a task whose start times out is killed.
     */
    static final int EXECUTION_API_TIMEOUT_SECONDS = 60;
    /** 3.x: the simple auth manager's password file, which the start script writes. */
    static final String PASSWORDS_FILE = "/opt/airflow/simple_auth_manager_passwords.json";

    private AirflowSettings() {}

    /**
     * The environment that differs by version. Airflow 3's processes must share the secret that
     * signs the tokens of tasks (the execution API) and of REST clients: the container's secret key.
     */
    static Map<String, String> of(AirflowVersion version, String adminUsername, String secretKey) {
        Map<String, String> env = new LinkedHashMap<>();
        if (version.major() == 2) {
            env.put("AIRFLOW__CORE__EXECUTOR", "SequentialExecutor");
            env.put("AIRFLOW__API__AUTH_BACKENDS", AUTH_BACKENDS);
            env.put("AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL", String.valueOf(DAG_SCAN_SECONDS));
            env.put("AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL", String.valueOf(DAG_SCAN_SECONDS));
            // SQLite allows one parsing process anyway; saying so spares a warning
            env.put("AIRFLOW__SCHEDULER__PARSING_PROCESSES", "1");
            env.put("AIRFLOW__WEBSERVER__WORKERS", String.valueOf(WEBSERVER_WORKERS));
            env.put("AIRFLOW__WEBSERVER__SECRET_KEY", secretKey);
        } else {
            env.put("AIRFLOW__CORE__EXECUTOR", "LocalExecutor");
            env.put("AIRFLOW__CORE__PARALLELISM", String.valueOf(PARALLELISM));
            env.put("AIRFLOW__CORE__AUTH_MANAGER",
                    "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager");
            env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", adminUsername + ":admin");
            env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", PASSWORDS_FILE);
            env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
                    "http://localhost:" + AirflowContainer.PORT + "/execution/");
            env.put("AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT", String.valueOf(EXECUTION_API_TIMEOUT_SECONDS));
            // new files are found within DAG_SCAN_SECONDS; a file is parsed again after Airflow's
            // default 30 s (each parse is a process and a database write: idle CPU)
            env.put("AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL", String.valueOf(DAG_SCAN_SECONDS));
            env.put("AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES", "1");
            env.put("AIRFLOW__API__WORKERS", "1");
            env.put("AIRFLOW__API__SECRET_KEY", secretKey);
            env.put("AIRFLOW__API_AUTH__JWT_SECRET", secretKey);
        }
        return env;
    }

    /** The REST API's root: {@code /api/v1} (basic auth) or {@code /api/v2} (a token). */
    static String apiRoot(AirflowVersion version) {
        return version.major() == 2 ? "/api/v1" : "/api/v2";
    }

    /** The health document, which the server answers without authentication. */
    static String healthPath(AirflowVersion version) {
        return version.major() == 2 ? "/health" : "/api/v2/monitor/health";
    }

    /** The components the health document must call healthy: 3.x adds the DAG processor. */
    static List<String> healthyComponents(AirflowVersion version) {
        return version.major() == 2 ? List.of("metadatabase", "scheduler")
                : List.of("metadatabase", "scheduler", "dag_processor");
    }

    static boolean healthy(AirflowVersion version, Json health) {
        if (health == null) {
            return false;
        }
        for (String component : healthyComponents(version)) {
            if (!"healthy".equals(health.path(component).path("status").asText())) {
                return false;
            }
        }
        return true;
    }
}

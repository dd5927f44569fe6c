package dev.datalake.cluster.airflow;

import dev.datalake.cluster.internal.Json;
import dev.datalake.cluster.spark.SparkMasterContainer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Spark master as Airflow's tasks reach it: its REST submission server and SparkSubmitOperator's connection. */
final class SparkMasterUrls {

    private SparkMasterUrls() {}

    /**
     * {@value AirflowContainer#SPARK_CONNECTION_ENV}: Airflow's JSON form of a connection, whose host keeps the
     * {@code spark://} scheme (the Spark provider passes host and port on as {@code --master}).
     */
    static String sparkConnection(String masterUrl) {
        restUrl(masterUrl); // a master URL, or IllegalArgumentException
        URI uri = URI.create(masterUrl);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("conn_type", "spark");
        connection.put("host", "spark://" + uri.getHost());
        connection.put("port", uri.getPort() > 0 ? uri.getPort() : SparkMasterContainer.MASTER_PORT);
        connection.put("extra", Map.of("deploy-mode", "client"));
        return Json.write(connection);
    }

    /**
     * The REST submission server of a standalone master ({@code spark://host:7077} gives
     * {@code http://host:6066}); {@link IllegalArgumentException} when it is not a master URL.
     */
    static String restUrl(String masterUrl) {
        URI uri;
        try {
            uri = masterUrl == null ? null : new URI(masterUrl);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"spark".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Spark master URL must look like spark://host:7077, got '" + masterUrl + "'");
        }
        return "http://" + uri.getHost() + ":" + SparkMasterContainer.REST_PORT;
    }
}

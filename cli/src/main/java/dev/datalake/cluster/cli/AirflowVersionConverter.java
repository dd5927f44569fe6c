package dev.datalake.cluster.cli;

import dev.datalake.cluster.airflow.AirflowVersion;

/** {@code --airflow 2.7|3.3} of {@code up} and {@code compose}. */
final class AirflowVersionConverter extends ParsedConverter<AirflowVersion> {

    AirflowVersionConverter() {
        super(AirflowVersion::parse);
    }
}

package dev.datalake.cluster.cli;

import dev.datalake.cluster.spark.SparkVersion;

/** {@code --spark 3.5|4.0} of every command. */
final class SparkVersionConverter extends ParsedConverter<SparkVersion> {

    SparkVersionConverter() {
        super(SparkVersion::parse);
    }
}

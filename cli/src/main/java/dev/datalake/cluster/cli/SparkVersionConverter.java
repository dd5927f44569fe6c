package dev.datalake.cluster.cli;

import dev.datalake.cluster.spark.SparkVersion;
import picocli.CommandLine;

/** {@code --spark 3.5|4.0} of every command. */
final class SparkVersionConverter implements CommandLine.ITypeConverter<SparkVersion> {

    @Override
    public SparkVersion convert(String value) {
        try {
            return SparkVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

package dev.datalake.cluster.cli;

import java.util.function.Function;
import picocli.CommandLine;

/** An option's value read by the library's own parser; its {@link IllegalArgumentException} is picocli's bad input. */
abstract class ParsedConverter<T> implements CommandLine.ITypeConverter<T> {

    private final Function<String, T> parse;

    ParsedConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

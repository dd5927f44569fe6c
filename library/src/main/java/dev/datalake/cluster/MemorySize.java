package dev.datalake.cluster;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory, as Spark and the JVM write it: {@code 512m}, {@code 2g}. Parsed and checked
 * once, so containers and the builder pass a value that is known to be valid.
 */
public final class MemorySize implements Comparable<MemorySize> {

    private static final Pattern SYNTAX = Pattern.compile("([0-9]{1,9})([kmgt])b?", Pattern.CASE_INSENSITIVE);

    private final long value;
    private final char unit;

    private MemorySize(long value, char unit) {
        this.value = value;
        this.unit = unit;
    }

    /**
     * Parses Spark's size syntax: a number with {@code k}, {@code m}, {@code g} or {@code t}
     * ({@code 512m}, {@code 2G}, {@code 1gb}); otherwise {@link IllegalArgumentException}.
     */
    public static MemorySize parse(String size) {
        Matcher m = size == null ? null : SYNTAX.matcher(size.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a memory size in Spark's syntax such as '512m' or '2g' "
                    + "(a number with k, m, g or t): '" + size + "'");
        }
        return new MemorySize(Long.parseLong(m.group(1)), Character.toLowerCase(m.group(2).charAt(0)));
    }

    /** {@code megabytes} MiB. */
    public static MemorySize ofMegabytes(long megabytes) {
        if (megabytes < 0) {
            throw new IllegalArgumentException("a memory size is not negative, got " + megabytes + "m");
        }
        return new MemorySize(megabytes, 'm');
    }

    /** {@code gigabytes} GiB. */
    public static MemorySize ofGigabytes(long gigabytes) {
        if (gigabytes < 0) {
            throw new IllegalArgumentException("a memory size is not negative, got " + gigabytes + "g");
        }
        return new MemorySize(gigabytes, 'g');
    }

    /**
     * Parses {@code size} for {@code setting} and checks that it is at least {@code min}; the
     * exception names the setting and what it accepts.
     */
    public static MemorySize parse(String setting, String size, MemorySize min) {
        MemorySize parsed;
        try {
            parsed = parse(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " must be a size in Spark's syntax such as '512m' or '2g' "
                    + "(a number with k, m, g or t), of at least " + min + "; got '" + size + "'");
        }
        return parsed.requireAtLeast(setting, min);
    }

    /** This size, or {@link IllegalArgumentException} naming {@code setting} when it is under {@code min}. */
    public MemorySize requireAtLeast(String setting, MemorySize min) {
        if (compareTo(min) < 0) {
            throw new IllegalArgumentException(setting + " must be at least " + min + "; got '" + this + "'");
        }
        return this;
    }

    /** In MiB, rounded down. */
    public long megabytes() {
        return switch (unit) {
            case 'k' -> value / 1024;
            case 'm' -> value;
            case 'g' -> value * 1024;
            default -> value * 1024 * 1024;
        };
    }

    private long kilobytes() {
        return switch (unit) {
            case 'k' -> value;
            case 'm' -> value * 1024;
            case 'g' -> value * 1024 * 1024;
            default -> value * 1024 * 1024 * 1024;
        };
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(kilobytes(), other.kilobytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemorySize other && kilobytes() == other.kilobytes();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(kilobytes());
    }

    /** Spark's and the JVM's syntax, as given: {@code 512m}, {@code 2g}. */
    @Override
    public String toString() {
        return value + String.valueOf(unit).toLowerCase(Locale.ROOT);
    }
}

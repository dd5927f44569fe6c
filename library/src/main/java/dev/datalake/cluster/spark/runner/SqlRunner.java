package dev.datalake.cluster.spark.runner;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Spark application behind {@code SparkCluster.sql(...)}. It runs inside the cluster with
 * spark-submit, so it touches Spark only by reflection: the library needs no Spark on its own
 * classpath. Statements arrive Base64-encoded, one per argument; the last statement's rows go
 * to stdout, every value cast to a string as Spark prints it.
 */
public final class SqlRunner {

    public static final String COLUMNS = "@@datalake-columns ";
    public static final String ROW = "@@datalake-row ";
    public static final String ERROR = "@@datalake-error ";
    public static final String NULL = "NULL";

    private SqlRunner() {}

    public static void main(String[] args) throws Exception {
        Object session = session();
        int exit = 0;
        try {
            Object last = null;
            for (String arg : args) {
                last = call(session, "sql", new Class<?>[] {String.class}, decode(arg));
            }
            if (last != null) {
                print(last);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause.getClass().getName() + ": " + cause.getMessage();
            System.out.println(ERROR + encode(message));
            cause.printStackTrace();
            exit = 1;
        } finally {
            System.out.flush();
            call(session, "stop", new Class<?>[0]);
        }
        System.exit(exit);
    }

    private static Object session() throws Exception {
        Object builder = Class.forName("org.apache.spark.sql.SparkSession").getMethod("builder").invoke(null);
        builder = call(builder, "appName", new Class<?>[] {String.class}, "datalake-sql");
        return call(builder, "getOrCreate", new Class<?>[0]);
    }

    private static void print(Object frame) throws Exception {
        String[] columns = (String[]) call(frame, "columns", new Class<?>[0]);
        String[] positional = new String[columns.length];
        String[] casts = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            positional[i] = "c" + i;
            casts[i] = "CAST(c" + i + " AS STRING) AS c" + i;
        }
        // positional names first: the result may repeat a column name (a join) or hold odd characters
        Object renamed = call(frame, "toDF", new Class<?>[] {String[].class}, (Object) positional);
        Object strings = call(renamed, "selectExpr", new Class<?>[] {String[].class}, (Object) casts);
        List<?> rows = (List<?>) call(strings, "collectAsList", new Class<?>[0]);
        System.out.println(COLUMNS + join(List.of(columns)));
        for (Object row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                Object value = call(row, "get", new Class<?>[] {int.class}, i);
                values.add(value == null ? null : value.toString());
            }
            System.out.println(ROW + join(values));
        }
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) throws Exception {
        Method method = target.getClass().getMethod(name, types);
        return method.invoke(target, args);
    }

    /** Each value Base64-encoded, joined by commas; null is a lone '~'. */
    private static String join(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (String value : values) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(value == null ? "~" : encode(value));
        }
        return line.toString();
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }
}

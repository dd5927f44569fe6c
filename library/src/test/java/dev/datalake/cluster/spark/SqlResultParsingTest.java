package dev.datalake.cluster.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.datalake.cluster.internal.ContainerExec;
import dev.datalake.cluster.spark.runner.SqlRunner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlResultParsingTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsColumnsRowsAndNullsFromTheRunnersOutput() {
        String stdout = "noise\n" + SqlRunner.COLUMNS + b64("name") + "," + b64("n") + "\n"
                + SqlRunner.ROW + b64("a, b") + "," + b64("1") + "\n"
                + SqlRunner.ROW + "~," + b64("") + "\n";
        SqlResult result = SparkCluster.parse(new ContainerExec.Result(0, stdout, stdout), "spark-submit");

        assertThat(result.columns()).containsExactly("name", "n");
        assertThat(result.rows()).containsExactly(List.of("a, b", "1"), List.of("NULL", ""));
    }

    @Test
    void typedValuesKeepSqlNullApartFromTheStringNull() {
        String stdout = SqlRunner.COLUMNS + b64("a") + "," + b64("b") + "\n"
                + SqlRunner.ROW + "~," + b64("NULL") + "\n";
        SqlResult result = SparkCluster.parse(new ContainerExec.Result(0, stdout, stdout), "spark-submit");

        assertThat(result.rows()).containsExactly(List.of("NULL", "NULL"));
        assertThat(result.values().get(0)).containsExactly(null, "NULL");
        assertThat(result.value(0, "a")).isNull();
        assertThat(result.value(0, "b")).isEqualTo("NULL");
        assertThat(result.isNull(0, 0)).isTrue();
        assertThat(result.isNull(0, 1)).isFalse();
        assertThatThrownBy(() -> result.value(0, "c")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[a, b]");
    }

    @Test
    void throwsSparksOwnMessage() {
        String stdout = SqlRunner.ERROR + b64("org.apache.spark.sql.AnalysisException: [PATH_NOT_FOUND] Path does not exist") + "\n";
        assertThatThrownBy(() -> SparkCluster.parse(new ContainerExec.Result(1, stdout, stdout + "log"), "spark-submit"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("PATH_NOT_FOUND");
    }

    @Test
    void aFailedSubmitWithoutAnErrorLineShowsTheLogTail() {
        assertThatThrownBy(() -> SparkCluster.parse(new ContainerExec.Result(101, "", "Exception in thread main"), "spark-submit"))
                .isInstanceOf(SparkSqlException.class)
                .hasMessageContaining("exited with code 101")
                .hasMessageContaining("Exception in thread main");
    }

    @Test
    void singleValueIsTheOnlyCell() {
        assertThat(new SqlResult(List.of("c"), List.of(List.of("500")), "").singleValue()).isEqualTo("500");
    }
}

package dev.datalake.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemorySizeTest {

    @Test
    void sizesFollowSparksSyntax() {
        assertThat(MemorySize.parse("2g").megabytes()).isEqualTo(2048);
        assertThat(MemorySize.parse("512m").megabytes()).isEqualTo(512);
        assertThat(MemorySize.parse("1G")).hasToString("1g").isEqualTo(MemorySize.parse("1024m"));
        assertThat(MemorySize.parse(" 1gb ")).hasToString("1g");
        assertThat(MemorySize.parse("2048k").megabytes()).isEqualTo(2);
        assertThat(MemorySize.ofGigabytes(1)).isGreaterThan(MemorySize.ofMegabytes(1023));
    }

    @Test
    void badSizesNameTheSettingAndWhatItAccepts() {
        MemorySize min = MemorySize.ofMegabytes(512);
        assertThatThrownBy(() -> MemorySize.parse("sparkWorkerMemory", "lots", min))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sparkWorkerMemory")
                .hasMessageContaining("'512m'");
        assertThatThrownBy(() -> MemorySize.parse("sparkWorkerMemory", "0m", min))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 512m");
        assertThatThrownBy(() -> MemorySize.parse("sparkWorkerMemory", null, min))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Spark's syntax");
        assertThatThrownBy(() -> MemorySize.parse("12")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemorySize.ofMegabytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

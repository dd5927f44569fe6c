package dev.datalake.cluster.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"raw", "lake", "my-bucket.2024", "a1b"})
    void acceptsValidNames(String name) {
        assertThat(BucketNames.require(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Raw", "under_score", "-start", "end-", "a..b", "192.168.1.1", " raw",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsInvalidNamesSayingWhatIsAllowed(String name) {
        assertThatThrownBy(() -> BucketNames.require(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 to 63 characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rejectsBlankNames(String name) {
        assertThatThrownBy(() -> BucketNames.require(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }
}

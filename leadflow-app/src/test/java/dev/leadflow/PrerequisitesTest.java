package dev.leadflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

@DisplayName("A missing prerequisite skips a test on a developer's machine and fails it under CI=true")
class PrerequisitesTest {

    @Test
    @DisplayName("CI=true or CI=1 is CI; unset, empty or false is not")
    void ci() {
        assertThat(Prerequisites.onCi("true")).isTrue();
        assertThat(Prerequisites.onCi("TRUE")).isTrue();
        assertThat(Prerequisites.onCi("1")).isTrue();
        assertThat(Prerequisites.onCi(null)).isFalse();
        assertThat(Prerequisites.onCi("")).isFalse();
        assertThat(Prerequisites.onCi("false")).isFalse();
    }

    @Test
    @DisplayName("present, nothing happens; missing, a failure under CI and an abort elsewhere, naming what is missing")
    void require() {
        Prerequisites.require(true, "a browser");
        Class<? extends Throwable> expected =
                Prerequisites.onCi(System.getenv("CI")) ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> Prerequisites.require(false, "a browser"))
                .isInstanceOf(expected)
                .hasMessageContaining("a browser");
    }
}

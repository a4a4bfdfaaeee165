package dev.leadflow.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadflow.app.port.Scope;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Key scopes")
class ScopeTest {

    @ParameterizedTest(name = "{0} may do {1}: {2}")
    @CsvSource({
        "write, write, true", "write, read, false", "write, act, false", "write, admin, false",
        "read, write, false", "read, read, true", "read, act, false", "read, admin, false",
        "act, write, false", "act, read, true", "act, act, true", "act, admin, false",
        "admin, write, true", "admin, read, true", "admin, act, true", "admin, admin, true"
    })
    @DisplayName("write keys only ingest; read reads; act reads and acts; admin does everything")
    void allows(String key, String needed, boolean allowed) {
        assertThat(Scope.parse(key).orElseThrow().allows(Scope.parse(needed).orElseThrow()))
                .isEqualTo(allowed);
    }
}

package dev.leadflow.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Password hashes")
class PasswordsTest {

    @Test
    @DisplayName("match their password only, differ for the same password (salted), and keep their iteration count")
    void hashes() {
        String a = Passwords.hash("s3cret-password".toCharArray(), 1000);
        String b = Passwords.hash("s3cret-password".toCharArray(), 1000);
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$");
        assertThat(Passwords.matches("s3cret-password".toCharArray(), a)).isTrue();
        assertThat(Passwords.matches("s3cret-password".toCharArray(), b)).isTrue();
        assertThat(Passwords.matches("s3cret-passwore".toCharArray(), a)).isFalse();
        assertThat(Passwords.matches(new char[0], a)).isFalse();
    }

    @Test
    @DisplayName("a malformed stored hash matches nothing, without failing")
    void malformed() {
        for (String stored : new String[] {
            "",
            "plain",
            "pbkdf2-sha256$x$AA$AA",
            "pbkdf2-sha256$0$AA$AA",
            "md5$1$AA$AA",
            "pbkdf2-sha256$1000$!!$AA",
            "pbkdf2-sha256$1000$AA"
        }) {
            assertThat(Passwords.matches("anything".toCharArray(), stored))
                    .as(stored)
                    .isFalse();
        }
    }
}

package dev.leadflow.adapter.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Device cookies: a browser that signed in as a user gets a cookie naming a random device id and a
 * MAC of that id and the user name under a key of this process. A login that presents a valid one
 * for the name it tries is counted by device instead of by address and checked on a lane of its
 * own ({@link PasswordChecks}), so that guesses from strangers, however many addresses they use,
 * neither lock the real user out nor take their turn. The cookie grants no access by itself. Like
 * sessions, device cookies are forgotten when the server restarts (a new key). Thread-safe.
 */
final class KnownDevices {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private final SecretKeySpec key;

    KnownDevices() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A new device cookie's value for {@code username}. */
    String issue(String username) {
        String device = Sessions.token().substring(0, 22); // 132 random bits
        return device + "." + mac(device, username);
    }

    /** The device id of {@code cookie} when it was issued here for {@code username}; empty for anything else. */
    Optional<String> device(@Nullable String cookie, String username) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0 || dot == cookie.length() - 1) {
            return Optional.empty();
        }
        String device = cookie.substring(0, dot);
        boolean valid = MessageDigest.isEqual(
                mac(device, username).getBytes(StandardCharsets.US_ASCII),
                cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(device) : Optional.empty();
    }

    private String mac(String device, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal(
                    (device + '\u0000' + username.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return ENCODE.encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

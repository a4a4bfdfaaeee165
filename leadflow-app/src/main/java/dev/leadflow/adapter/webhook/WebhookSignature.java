package dev.leadflow.adapter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Leadflow-Signature} header of a webhook delivery, as Stripe signs its webhooks:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed by the subscription's secret>}. A
 * receiver recomputes the HMAC over the raw body and rejects a stale {@code t} (replays).
 * Thread-safe.
 */
public final class WebhookSignature {

    public static final String HEADER = "Leadflow-Signature";

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String sign(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} signs {@code body} with {@code secret} at most {@code toleranceSeconds}
     * away from {@code nowUnixSeconds}. Several {@code v1} values (during a secret's rotation) pass
     * when one matches; anything malformed fails.
     */
    public static boolean verify(
            String secret, String header, byte[] body, long nowUnixSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        java.util.List<byte[]> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            try {
                if (key.equals("t")) {
                    t = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) { // NumberFormatException too
                return false;
            }
        }
        if (t == null || signatures.isEmpty() || Math.abs(nowUnixSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = hmac(secret, t, body);
        return signatures.stream().anyMatch(s -> MessageDigest.isEqual(s, expected));
    }

    private static byte[] hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256 and takes any key", e);
        }
    }
}

package dev.leadflow.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Timestamps: the hand-written reader and writer agree with java.time")
class TimestampsTest {

    private static final String ALPHABET = "0123456789-:T.Z+ tz";

    @Test
    @DisplayName(
            "100,000 random times, in every offset and precision, and mutations of them, read as ISO_OFFSET_DATE_TIME reads them")
    void parseAgrees() {
        SplittableRandom random = new SplittableRandom(42);
        int usual = 0;
        for (int i = 0; i < 100_000; i++) {
            String text = randomTime(random);
            if (random.nextInt(3) == 0) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                text = new String(chars);
            }
            usual += Timestamps.parseUsual(text) != null ? 1 : 0;
            assertSameAsJavaTime(text);
        }
        assertThat(usual).as("most took the hand-written path").isGreaterThan(50_000);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T10:00:00Z",
                "2024-02-29T10:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-01-05T24:00:00Z",
                "2026-01-05T10:60:00Z",
                "2026-01-05T10:00:60Z",
                "2026-13-05T10:00:00Z",
                "2026-00-05T10:00:00Z",
                "2026-01-05T10:00:00+18:00",
                "2026-01-05T10:00:00-18:01",
                "2026-01-05T10:00:00+19:00",
                "2026-01-05t10:00:00z",
                "2026-01-05T10:00Z",
                "2026-01-05T10:00:00.Z",
                "2026-01-05T10:00:00.1234567891Z",
                "2026-01-05T10:00:00.123456789Z",
                "2026-01-05T10:00:00",
                "2026-01-05T10:00:00+0200",
                "2026-01-05T10:00:00+02:00:30",
                "0000-01-01T00:00:00Z",
                "+12026-01-05T10:00:00Z",
                "2026-01-05T10:00:00-00:00",
                "２０２６-01-05T10:00:00Z",
                ""
            })
    @DisplayName("edge cases read as ISO_OFFSET_DATE_TIME reads them")
    void edges(String text) {
        assertSameAsJavaTime(text);
    }

    @Test
    @DisplayName(
            "writing agrees with the pattern uuuu-MM-dd'T'HH:mm:ss.SSS'Z' for random instants, years 0 to 9999 and beyond")
    void formatAgrees() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("+10999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000));
            assertThat(Timestamps.format(t)).isEqualTo(Timestamps.FORMAT.format(t));
        }
        assertThat(Timestamps.format(Instant.parse("2026-01-05T10:00:00Z"))).isEqualTo("2026-01-05T10:00:00.000Z");
    }

    private static void assertSameAsJavaTime(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(Timestamps.parse(text)).as(text).isEqualTo(expected);
    }

    private static String randomTime(SplittableRandom random) {
        Instant t =
                Instant.ofEpochSecond(random.nextLong(-2_500_000_000L, 9_000_000_000L), random.nextInt(1_000_000_000));
        int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(-18 * 60, 18 * 60 + 1);
        String time = t.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
        String fraction = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> String.format(".%03d", t.getNano() / 1_000_000);
            default -> "." + String.format("%09d", t.getNano()).substring(0, 1 + random.nextInt(9));
        };
        String offset = offsetMinutes == 0 && random.nextBoolean()
                ? "Z"
                : String.format(
                        "%s%02d:%02d",
                        offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
        return time + fraction + offset;
    }
}

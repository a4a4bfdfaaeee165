package dev.leadflow.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Date formats of a mapping")
class DateFormatTest {

    @ParameterizedTest(name = "{0} in {1}: {2} is {3}")
    @DisplayName("read dates at the start of the day and date-times without an offset in the mapping's time zone")
    @CsvSource(delimiter = '|', textBlock = """
            iso                 | UTC               | 2018-02-01                | 2018-02-01T00:00:00Z
            iso                 | America/Sao_Paulo | 2018-02-01                | 2018-02-01T02:00:00Z
            iso                 | America/Sao_Paulo | 2018-06-01                | 2018-06-01T03:00:00Z
            iso                 | Europe/Berlin     | 2018-02-01T10:00:00       | 2018-02-01T09:00:00Z
            iso                 | Europe/Berlin     | 2018-02-01T10:00:00Z      | 2018-02-01T10:00:00Z
            iso_date            | Europe/Berlin     | 2018-07-01                | 2018-06-30T22:00:00Z
            iso_date_time       | UTC               | 2018-02-01T10:00:00+02:00 | 2018-02-01T08:00:00Z
            iso_date_time       | UTC               | 2018-02-01T10:00:00.250   | 2018-02-01T10:00:00.250Z
            yyyy-MM-dd HH:mm:ss | America/Sao_Paulo | 2018-02-26 19:58:54       | 2018-02-26T22:58:54Z
            dd/MM/yyyy          | UTC               | 01/02/2018                | 2018-02-01T00:00:00Z
            M/d/uuuu h:mm a     | UTC               | 2/1/2018 3:05 PM          | 2018-02-01T15:05:00Z
            dd.MM.yyyy HH:mm    | Europe/Berlin     | 31.03.2019 02:30          | 2019-03-31T01:30:00Z
            dd.MM.yyyy HH:mm    | Europe/Berlin     | 27.10.2019 02:30          | 2019-10-27T00:30:00Z
            yyyy-MM-dd HH:mm XXX | UTC              | 2018-02-01 10:00 -03:00   | 2018-02-01T13:00:00Z
            """)
    void reads(String format, String zone, String text, String instant) {
        assertThat(DateFormat.of(format).orElseThrow().parse(text, ZoneId.of(zone)))
                .isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @DisplayName("refuse what is not a date in the format, strictly")
    @CsvSource(delimiter = '|', textBlock = """
            iso                 | 2018-02-30
            iso                 | 01/02/2018
            iso_date            | 2018-02-01T10:00:00
            iso_date_time       | 2018-02-01
            yyyy-MM-dd HH:mm:ss | 2018-02-26
            yyyy-MM-dd HH:mm:ss | 2018-02-26 24:00:00
            dd/MM/yyyy          | 31/04/2018
            dd/MM/yyyy          | 1/2/2018
            """)
    void refuses(String format, String text) {
        DateFormat f = DateFormat.of(format).orElseThrow();
        assertThatThrownBy(() -> f.parse(text, ZoneId.of("UTC"))).isInstanceOf(DateTimeException.class);
    }

    @Test
    @DisplayName("a pattern must be valid and name a year, a month and a day")
    void patterns() {
        assertThat(DateFormat.of("yyyy-MM-dd'T'HH:mm")).containsInstanceOf(DateFormat.Pattern.class);
        assertThat(DateFormat.of("iso_date")).containsInstanceOf(DateFormat.IsoDate.class);
        assertThat(DateFormat.of("iso-date"))
                .as("not a pattern: 'i' is no pattern letter")
                .isEmpty();
        assertThat(DateFormat.of("HH:mm")).as("no date").isEmpty();
        assertThat(DateFormat.of("yyyy-MM")).as("no day").isEmpty();
        assertThat(DateFormat.of("yyyy-MM-dd HH:mm:ss").orElseThrow().describe())
                .isEqualTo("pattern 'yyyy-MM-dd HH:mm:ss'");
    }
}

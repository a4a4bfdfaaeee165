package dev.leadflow.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The one CSV writer of every export")
class CsvTest {

    @Test
    @DisplayName("numbers are numbers, null and NaN are empty, text is quoted only when it must be")
    void cells() {
        String csv = new Csv()
                .row(List.of("a", "b c"), List.of("d"))
                .row(Arrays.asList(12, 0.25, null, Double.NaN, -3, "x,y", "say \"hi\"", "two\nlines", "plain text"))
                .toString();
        assertThat(csv).isEqualTo("a,b c,d\n12,0.25,,,-3,\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",plain text\n");
    }

    @Test
    @DisplayName("text a spreadsheet would run is prefixed with an apostrophe; a carriage return cannot split a row")
    void formulas() throws Exception {
        List<String> typed = List.of("=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a\rb", "a\r\nb", "ok=1", "-");
        String csv = new Csv().row(typed).toString();
        List<String[]> rows = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class)
                .<String[]>readValues(csv)
                .readAll();
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsExactly("'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\nx", "a\nb", "a\nb", "ok=1", "'-");
    }
}

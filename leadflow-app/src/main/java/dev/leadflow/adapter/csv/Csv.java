package dev.leadflow.adapter.csv;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A CSV document, built row by row: the one writer of every export (reports and lead lists), on
 * jackson-dataformat-csv (RFC 4180; a field is quoted only when it holds a comma, a quote or a line
 * break). A cell is a number, written as a number; text; or null, written empty. Text that a
 * spreadsheet would take for a formula (it starts with {@code = + - @}, a tab or a carriage
 * return) is prefixed with an apostrophe, so that opening an export never runs what a visitor
 * typed into a form or a campaign link. A carriage return inside text is written as a line feed:
 * the library's strict quoting quotes a field for a line feed but not for a lone carriage return.
 */
public final class Csv {

    public static final String TYPE = "text/csv; charset=utf-8";
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final List<Object[]> rows = new ArrayList<>();

    /** A row of cells (see the class comment), {@code first} then {@code rest}. */
    public Csv row(List<?> first, List<?> rest) {
        Object[] row = new Object[first.size() + rest.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = cell(i < first.size() ? first.get(i) : rest.get(i - first.size()));
        }
        rows.add(row);
        return this;
    }

    /** A row of cells. */
    public Csv row(List<?> cells) {
        return row(cells, List.of());
    }

    private static Object cell(Object value) {
        return switch (value) {
            case null -> "";
            case Double d when d.isNaN() -> "";
            case Number n -> n;
            default -> inert(value.toString()).replace("\r\n", "\n").replace('\r', '\n');
        };
    }

    /** {@code text}, prefixed with an apostrophe when a spreadsheet would read it as a formula. */
    public static String inert(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /** A rate rounded to 4 decimal places. */
    public static double round(double rate) {
        return Math.round(rate * 10_000) / 10_000.0;
    }

    /** A rate rounded to 4 decimal places, null when undefined (NaN). */
    public static @Nullable Double rate(double rate) {
        return Double.isNaN(rate) ? null : round(rate);
    }

    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (SequenceWriter writer = MAPPER.writer(CsvSchema.emptySchema()).writeValues(out)) {
            for (Object[] row : rows) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to memory", e); // a StringWriter does not fail
        }
        return out.toString();
    }
}

package dev.leadflow.http;

import java.util.List;

/** A CSV document (RFC 4180: fields quoted when they hold a comma, a quote or a line break), built row by row. */
final class Csv {

    static final String TYPE = "text/csv; charset=utf-8";

    private final StringBuilder text = new StringBuilder();

    /** A row: {@code first} fields (quoted as needed), then {@code rest}, already CSV. */
    Csv row(List<String> first, String rest) {
        for (String f : first) {
            text.append(field(f)).append(',');
        }
        text.append(rest).append('\n');
        return this;
    }

    /** A row of fields, each quoted as needed. */
    Csv row(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            text.append(i == 0 ? "" : ",").append(field(fields.get(i)));
        }
        text.append('\n');
        return this;
    }

    /** A field: quoted when it holds a comma, a quote or a line break; null is empty. */
    static String field(String s) {
        if (s == null) {
            return "";
        }
        return s.matches("(?s).*[,\"\n\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Rates rounded to 4 places, empty when undefined (NaN), comma-separated. */
    static String rates(double... rates) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rates.length; i++) {
            out.append(i == 0 ? "" : ",").append(Double.isNaN(rates[i]) ? "" : String.valueOf(round(rates[i])));
        }
        return out.toString();
    }

    /** A number, empty when null. */
    static String number(Double d) {
        return d == null ? "" : String.valueOf(d);
    }

    /** A rate rounded to 4 decimal places. */
    static double round(double rate) {
        return Math.round(rate * 10_000) / 10_000.0;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}

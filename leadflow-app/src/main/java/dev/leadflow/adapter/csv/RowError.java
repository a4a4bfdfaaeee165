package dev.leadflow.adapter.csv;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a row of a CSV file was not imported: its number as a spreadsheet shows it (the header is row
 * 1, the first data row 2; a quoted line break does not start a row), the column when one is to
 * blame, and the reason.
 */
public record RowError(long row, Optional<String> column, String reason) {

    public RowError {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }

    static RowError at(long row, String column, String reason) {
        return new RowError(row, Optional.of(column), reason);
    }

    /** {@code row 7, column 'won_date': …}, or {@code row 7: …} when no column is to blame. */
    @Override
    public String toString() {
        return "row " + row + column.map(c -> ", column '" + c + "'").orElse("") + ": " + reason;
    }
}

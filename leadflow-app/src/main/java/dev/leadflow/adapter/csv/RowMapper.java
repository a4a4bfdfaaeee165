package dev.leadflow.adapter.csv;

import dev.leadflow.adapter.csv.Mapping.CellTest;
import dev.leadflow.adapter.csv.Mapping.EventItem;
import dev.leadflow.adapter.csv.Mapping.OutcomeItem;
import dev.leadflow.adapter.csv.Mapping.Value;
import dev.leadflow.adapter.csv.Mapping.When;
import dev.leadflow.input.Fields;
import dev.leadflow.input.Identify;
import dev.leadflow.input.Input;
import dev.leadflow.input.LifecycleCommand;
import dev.leadflow.input.Track;
import dev.leadflow.lifecycle.Action;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns one row into records by a {@link Mapping}: the attributes' {@code identify} first, then
 * the events, then the outcomes' actions, each in mapping order, so that records at the same
 * instant are processed in that order. A row with any error gives no record: each error names its
 * column. Message ids are derived from the mapping's name, the item, the lead and everything the
 * record says, so that the same row always gives the same ids. Not thread-safe (one per file).
 */
final class RowMapper {

    /** The default actor of an action whose mapping names none, as in JSON-lines files. */
    static final String DEFAULT_ACTOR = "sales";

    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    /** A decimal number as spreadsheets write it: 1250, -3.5, .5, 1e6 (no hex, no thousands separators). */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** What a row gave. */
    sealed interface Mapped {
        /** The row's records (at least one). */
        record Records(List<Input> records) implements Mapped {}

        /** The row was left out by the mapping's {@code skip}. */
        record Skipped() implements Mapped {}

        /** Nothing to import: every item's date cell was empty or its condition false. */
        record Nothing() implements Mapped {}

        /** Not imported, for these reasons. */
        record Errors(List<RowError> errors) implements Mapped {}
    }

    private final Mapping mapping;
    private final Map<String, Integer> header;
    private final MessageDigest sha256;
    /** The row being mapped. */
    private String[] cells = new String[0];

    private long row;
    /** The row's errors, each once (items reading the same bad cell make the same error). */
    private final Set<RowError> errors = new LinkedHashSet<>();

    /** {@code header}: the index of each column the mapping reads. */
    RowMapper(Mapping mapping, Map<String, Integer> header) {
        this.mapping = mapping;
        this.header = Map.copyOf(header);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The records of data row number {@code rowNumber}, whose cells match the header one for one. */
    Mapped map(long rowNumber, String[] rowCells) {
        this.cells = rowCells;
        this.row = rowNumber;
        errors.clear();
        for (CellTest t : mapping.skip()) {
            if (holds(t)) {
                return new Mapped.Skipped();
            }
        }
        String leadId = cell(mapping.leadId());
        if (leadId.isEmpty()) {
            errors.add(RowError.at(row, mapping.leadId(), "empty: every row needs the lead's id"));
            return new Mapped.Errors(List.copyOf(errors));
        }
        List<Input> records = records(leadId);
        if (!errors.isEmpty()) {
            return new Mapped.Errors(List.copyOf(errors));
        }
        return records.isEmpty() ? new Mapped.Nothing() : new Mapped.Records(records);
    }

    /** The row's records in mapping order (errors, if any, recorded on the way). */
    private List<Input> records(String leadId) {
        List<Input> records = new ArrayList<>();
        mapping.attributes().filter(a -> applies(a.when())).ifPresent(a -> {
            Instant t = instant(a.when());
            Fields traits = fields(a.traits());
            if (t != null && traits != null) {
                records.add(new Identify(id("identify", leadId, t, traits.asMap()), t, leadId, null, traits));
            }
        });
        for (EventItem e : mapping.events()) {
            if (applies(e.when())) {
                Instant t = instant(e.when());
                Fields properties = fields(e.properties());
                if (t != null && properties != null) {
                    records.add(new Track(
                            id(e.name(), leadId, t, properties.asMap()), t, leadId, null, e.name(), properties));
                }
            }
        }
        for (OutcomeItem o : mapping.outcomes()) {
            if (applies(o.when())) {
                actions(o, leadId, instant(o.when()), records);
            }
        }
        return records;
    }

    /** The item's actions at {@code t} (none when null: its date was wrong), its values read either way. */
    private void actions(OutcomeItem o, String leadId, @Nullable Instant t, List<Input> records) {
        String actor = o.actor().map(this::text).orElse(null);
        Double amount =
                o.amount().map(v -> read(v) instanceof Double d ? d : null).orElse(null);
        String reason = o.reason().map(this::text).orElse(null);
        String note = o.note().map(this::text).orElse(null);
        if (t == null) {
            return; // the date was bad: its error is recorded
        }
        for (Action a : o.actions()) {
            Map<String, Object> says = new LinkedHashMap<>();
            says.put("actor", actor);
            says.put("amount", amount);
            says.put("reason", reason);
            says.put("note", note);
            records.add(new LifecycleCommand(
                    id(a.wireName(), leadId, t, says),
                    t,
                    leadId,
                    a,
                    reason,
                    note,
                    actor == null ? DEFAULT_ACTOR : actor,
                    amount));
        }
    }

    /**
     * Whether the item is on this row: its condition holds and its date cell is not empty (an empty
     * one is an error when the item requires a date).
     */
    private boolean applies(When when) {
        if (when.condition().isPresent() && !holds(when.condition().get())) {
            return false;
        }
        if (cell(when.date()).isEmpty()) {
            if (when.required()) {
                errors.add(RowError.at(row, when.date(), "empty, and the mapping requires a date here"));
            }
            return false;
        }
        return true;
    }

    /** The instant in the item's date cell; null after an error. */
    private @Nullable Instant instant(When when) {
        String text = cell(when.date());
        DateFormat format = java.util.Objects.requireNonNull(
                mapping.dateFormats().get(when.date()), "every date column of a valid mapping has a format");
        try {
            Instant t = format.parse(text, mapping.zone());
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                errors.add(RowError.at(row, when.date(), "'" + text + "' is out of range (years 1900 to 9999)"));
                return null;
            }
            return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            errors.add(RowError.at(
                    row, when.date(), "'" + text + "' is not a date in the mapping's format: " + format.describe()));
            return null;
        }
    }

    private boolean holds(CellTest t) {
        return t.values().contains(cell(t.column()));
    }

    private String cell(String column) {
        Integer index = java.util.Objects.requireNonNull(header.get(column), "the header has every column read");
        return cells[index].strip();
    }

    /** The fields with a value on this row (empty cells left out). */
    private @Nullable Fields fields(Map<String, Value> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((key, v) -> {
            Object value = read(v);
            if (value != null) {
                out.put(key, value);
            }
        });
        return Fields.of(out);
    }

    private @Nullable String text(Value v) {
        Object value = read(v);
        return value == null ? null : value.toString();
    }

    /** The value on this row, typed; null for an empty cell, or after an error. */
    private @Nullable Object read(Value v) {
        return switch (v) {
            case Value.Constant c -> c.value();
            case Value.Column c -> {
                String text = cell(c.column());
                yield text.isEmpty() ? null : typed(text, c);
            }
        };
    }

    private @Nullable Object typed(String text, Value.Column c) {
        switch (c.type()) {
            case STRING -> {
                return text;
            }
            case NUMBER -> {
                if (NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text))) {
                    return Double.parseDouble(text);
                }
                errors.add(RowError.at(row, c.column(), "'" + text + "' is not a number (e.g. 1250 or 1250.50)"));
                return null;
            }
            case BOOLEAN -> {
                return switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> true;
                    case "false", "no", "0" -> false;
                    default -> {
                        errors.add(RowError.at(
                                row,
                                c.column(),
                                "'" + text + "' is not true or false " + "(true/false, yes/no or 1/0, any case)"));
                        yield null;
                    }
                };
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * {@code csv:<mapping>:<item>:<hash>}: the hash (80 bits of SHA-256) covers the mapping's name,
     * the item, the lead, the instant and every field, so a changed value is a new record.
     */
    private String id(String item, String leadId, Instant t, Map<String, ?> fields) {
        StringBuilder b = new StringBuilder(mapping.name())
                .append('\u0000')
                .append(item)
                .append('\u0000')
                .append(leadId)
                .append('\u0000')
                .append(t.toEpochMilli());
        fields.forEach((k, v) -> b.append('\u0000').append(k).append('=').append(v));
        byte[] digest = sha256.digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return "csv:" + mapping.name() + ":" + item + ":" + HexFormat.of().formatHex(digest, 0, 10);
    }
}

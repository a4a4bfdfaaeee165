package dev.leadflow.adapter.csv;

import dev.leadflow.lifecycle.Action;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A CSV column mapping (docs/IMPORT.md), validated: which column holds the lead id, and what each
 * row becomes — an {@code identify} with the lead's attributes, dated {@code track} events, and
 * dated lifecycle actions. Read by {@link MappingParser}; immutable.
 *
 * @param name        the import's identity, part of every message id (re-importing under the same name stores nothing twice)
 * @param delimiter   the cell separator
 * @param leadId      the column of the lead's userId
 * @param zone        the time zone of dates and date-times without an offset
 * @param dateFormats the format of each date column the mapping names
 * @param skip        rows left out on purpose when any of these holds (counted, not errors)
 * @param columns     every column the mapping reads, each with the path of its first use (for errors)
 */
public record Mapping(
        String name,
        char delimiter,
        String leadId,
        ZoneId zone,
        Map<String, DateFormat> dateFormats,
        List<CellTest> skip,
        Optional<Attributes> attributes,
        List<EventItem> events,
        List<OutcomeItem> outcomes,
        Map<String, String> columns) {

    public Mapping {
        Objects.requireNonNull(name, "name");
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(zone, "zone");
        dateFormats = Map.copyOf(dateFormats);
        skip = List.copyOf(skip);
        Objects.requireNonNull(attributes, "attributes");
        events = List.copyOf(events);
        outcomes = List.copyOf(outcomes);
    }

    /** Where a value comes from: a cell of the row, or a constant. */
    public sealed interface Value {
        /** The cell of {@code column}, read as {@code type}; an empty cell is no value. */
        record Column(String column, Type type) implements Value {}

        /** The same value on every row: a {@link String}, {@link Double} or {@link Boolean}. */
        record Constant(Object value) implements Value {}
    }

    /** How a cell is read into a field value. */
    public enum Type {
        STRING,
        NUMBER,
        BOOLEAN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** True on a row whose {@code column} cell (trimmed) is one of {@code values}, compared exactly. */
    public record CellTest(String column, Set<String> values) {
        public CellTest {
            Objects.requireNonNull(column, "column");
            values = Set.copyOf(values);
        }
    }

    /**
     * A dated item of a row: its date column, whether an empty date cell is an error ({@code required})
     * or leaves the item out, and an optional condition on the row.
     */
    public record When(String date, boolean required, Optional<CellTest> condition) {
        public When {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** One {@code identify} per row, its traits (dotted keys) from the row. */
    public record Attributes(When when, Map<String, Value> traits) {
        public Attributes {
            Objects.requireNonNull(when, "when");
            traits = unmodifiable(traits);
        }
    }

    /** A {@code track} event named {@code name} (snake_case), its properties (dotted keys) from the row. */
    public record EventItem(String name, When when, Map<String, Value> properties) {
        public EventItem {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(when, "when");
            properties = unmodifiable(properties);
        }
    }

    /**
     * Lifecycle actions, in order, all at the same instant; {@code actor}, {@code amount},
     * {@code reason} and {@code note} are empty when not mapped.
     */
    public record OutcomeItem(
            List<Action> actions,
            When when,
            Optional<Value> actor,
            Optional<Value> amount,
            Optional<Value> reason,
            Optional<Value> note) {
        public OutcomeItem {
            actions = List.copyOf(actions);
            Objects.requireNonNull(when, "when");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(note, "note");
        }
    }

    /** Keeps the mapping's order of keys (records built from it are then the same on every run). */
    private static Map<String, Value> unmodifiable(Map<String, Value> values) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}

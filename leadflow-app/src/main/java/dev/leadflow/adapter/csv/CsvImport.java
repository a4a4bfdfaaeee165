package dev.leadflow.adapter.csv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.leadflow.input.Input;
import dev.leadflow.model.ConfigChecks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports one CSV file by a {@link Mapping}: reads its rows (RFC 4180: quoted cells may hold the
 * delimiter, quotes and line breaks), maps each to records and hands them to a {@link Sink} in
 * chunks. A bad row is reported ({@link RowError}) and left out; the good rows are imported. A
 * file whose header lacks a column the mapping reads is refused before anything is stored
 * ({@link FileError}). Not thread-safe.
 */
public final class CsvImport {

    private static final CsvMapper CSV = new CsvMapper();

    /** Where the records go: stores them and returns how many were new (the rest were duplicates). */
    @FunctionalInterface
    public interface Sink {
        int store(List<Input> records);
    }

    /** Told of each bad row, and of progress every {@code progressEvery} rows. */
    public interface Listener {
        void rowError(RowError error);

        void progress(Summary soFar);
    }

    /**
     * What an import did: data rows read (blank lines aside), of which skipped by the mapping, with
     * nothing to import (no date, no condition held) and with errors; records stored and duplicates.
     */
    public record Summary(long rows, long skipped, long nothing, long withErrors, long stored, long duplicates) {}

    /**
     * The file cannot be imported: unreadable, empty, or without a column the mapping reads (found
     * before anything is stored), or unreadable part way (the rows before it stored).
     */
    public static final class FileError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String[] problems;
        private final long stored;

        FileError(List<String> problems, long stored) {
            super(String.join("; ", problems), null, false, false);
            this.problems = problems.toArray(String[]::new);
            this.stored = stored;
        }

        /** Each problem, one per line. */
        public List<String> problems() {
            return List.of(problems);
        }

        /** How many records were stored before the import stopped. */
        public long stored() {
            return stored;
        }
    }

    private final Mapping mapping;
    private final int chunk;
    private final long progressEvery;

    /** Imports by {@code mapping}, handing records over {@code chunk} at a time, telling progress every so many rows. */
    public CsvImport(Mapping mapping, int chunk, long progressEvery) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        if (chunk < 1 || progressEvery < 1) {
            throw new IllegalArgumentException("chunk and progressEvery must be positive");
        }
        this.chunk = chunk;
        this.progressEvery = progressEvery;
    }

    /** Imports {@code file} (UTF-8; bytes that are not make their row an error). */
    public Summary run(Path file, Sink sink, Listener listener) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (Reader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            return run(in, sink, listener);
        } catch (IOException e) {
            throw new FileError(List.of("cannot read " + file + ": " + e.getMessage()), 0);
        }
    }

    /** Imports the CSV text of {@code in}. */
    public Summary run(Reader in, Sink sink, Listener listener) throws IOException {
        ObjectReader reader = CSV.readerForArrayOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvSchema.emptySchema().withColumnSeparator(mapping.delimiter()));
        try (MappingIterator<String[]> rows = reader.readValues(in)) {
            Header header = header(rows);
            return new Run(new RowMapper(mapping, header.used()), header.names(), sink, listener).all(rows);
        }
    }

    /** The file's column names, and the index of each column the mapping reads. */
    private record Header(List<String> names, Map<String, Integer> used) {}

    /** Row 1: the index of each column the mapping reads, or a file error naming every one missing. */
    private Header header(MappingIterator<String[]> rows) throws IOException {
        String[] cells;
        try {
            cells = rows.hasNextValue() ? rows.nextValue() : null;
        } catch (JsonProcessingException e) {
            throw new FileError(List.of("row 1 (the header) is not valid CSV: " + e.getOriginalMessage()), 0);
        }
        if (cells == null || cells.length == 0) {
            throw new FileError(List.of("the file is empty: row 1 must name the columns"), 0);
        }
        List<String> names = new ArrayList<>(cells.length);
        Map<String, Integer> all = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            String name = (i == 0 ? cells[0].replace("\uFEFF", "") : cells[i]).strip(); // a byte order mark is no name
            names.add(name);
            if (all.putIfAbsent(name, i) != null) {
                duplicates.add(name);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> used = new HashMap<>();
        mapping.columns().forEach((column, path) -> {
            if (!all.containsKey(column)) {
                problems.add("the header has no column '" + column + "'" + ConfigChecks.suggestion(column, all.keySet())
                        + ", which the mapping reads at " + path + "; columns: " + String.join(", ", names));
            } else if (duplicates.contains(column)) {
                problems.add("the header names column '" + column + "' twice, which the mapping reads at " + path);
            }
            used.put(column, all.get(column));
        });
        if (!problems.isEmpty()) {
            throw new FileError(problems, 0);
        }
        return new Header(names, used);
    }

    /** One pass over the data rows. */
    private final class Run {
        private final RowMapper mapper;
        private final List<String> columns;
        private final Sink sink;
        private final Listener listener;
        private final List<Input> pending = new ArrayList<>();
        private long row = 1;
        private long rows;
        private long skipped;
        private long nothing;
        private long withErrors;
        private long stored;
        private long duplicates;

        Run(RowMapper mapper, List<String> columns, Sink sink, Listener listener) {
            this.mapper = mapper;
            this.columns = columns;
            this.sink = sink;
            this.listener = listener;
        }

        Summary all(MappingIterator<String[]> it) {
            long lastErrorAt = -1;
            while (true) {
                String[] cells;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    cells = it.nextValue();
                } catch (JsonProcessingException e) {
                    long at = it.getParser().currentLocation().getCharOffset();
                    row++;
                    rows++;
                    error(new RowError(row, Optional.empty(), "not valid CSV: " + e.getOriginalMessage()));
                    if (at == lastErrorAt) {
                        break; // the parser cannot get past it
                    }
                    lastErrorAt = at;
                    continue;
                } catch (IOException e) {
                    flush(); // the rows read so far are good
                    throw new FileError(List.of("cannot read past row " + row + ": " + e.getMessage()), stored);
                }
                row++;
                one(cells);
            }
            flush();
            return summary();
        }

        private void one(String[] cells) {
            if (cells.length == 0 || (cells.length == 1 && cells[0].isBlank() && columns.size() > 1)) {
                return; // a blank line: a row of the spreadsheet, not of the data
            }
            rows++;
            Optional<RowError> shape = shape(cells);
            if (shape.isPresent()) {
                error(shape.get());
            } else {
                switch (mapper.map(row, cells)) {
                    case RowMapper.Mapped.Records r -> add(r.records());
                    case RowMapper.Mapped.Skipped s -> skipped++;
                    case RowMapper.Mapped.Nothing n -> nothing++;
                    case RowMapper.Mapped.Errors e -> {
                        withErrors++;
                        e.errors().forEach(listener::rowError);
                    }
                }
            }
            if (rows % progressEvery == 0) {
                flush(); // so that the progress counts what is stored, not what waits
                listener.progress(summary());
            }
        }

        /** A row with more or fewer cells than the header, or with bytes that are not UTF-8. */
        private Optional<RowError> shape(String[] cells) {
            if (cells.length != columns.size()) {
                return Optional.of(new RowError(
                        row,
                        Optional.empty(),
                        "has " + cells.length + " cells where the " + "header has " + columns.size()
                                + " (a cell holding the delimiter must be quoted)"));
            }
            for (int i = 0; i < cells.length; i++) {
                if (cells[i].indexOf('\uFFFD') >= 0) {
                    return Optional.of(RowError.at(row, columns.get(i), "not valid UTF-8 (save the file as UTF-8)"));
                }
            }
            return Optional.empty();
        }

        /** A row that is not imported for one reason. */
        private void error(RowError e) {
            withErrors++;
            listener.rowError(e);
        }

        private void add(List<Input> records) {
            pending.addAll(records);
            if (pending.size() >= chunk) {
                flush();
            }
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            int n = sink.store(List.copyOf(pending));
            stored += n;
            duplicates += pending.size() - n;
            pending.clear();
        }

        private Summary summary() {
            return new Summary(rows, skipped, nothing, withErrors, stored, duplicates);
        }
    }
}

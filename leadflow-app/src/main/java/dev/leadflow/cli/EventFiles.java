package dev.leadflow.cli;

import dev.leadflow.engine.Replay;
import dev.leadflow.input.InputCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads JSON-lines record files: valid records are kept, each bad line is reported with its number. */
final class EventFiles {

    private EventFiles() {
    }

    /** A bad line. */
    record BadLine(long line, String message) {
    }

    /** Reads every line of {@code file}; blank lines are skipped, bad lines go to {@code bad}. */
    static List<Replay.Numbered> read(Path file, Consumer<BadLine> bad) {
        InputCodec codec = new InputCodec();
        List<Replay.Numbered> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                switch (codec.parse(line)) {
                    case InputCodec.Parsed.Valid v -> records.add(new Replay.Numbered(lineNo, v.input()));
                    case InputCodec.Parsed.Invalid i -> bad.accept(new BadLine(lineNo, i.message()));
                }
            }
        } catch (IOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot read " + file + ": " + e);
        }
        return records;
    }
}

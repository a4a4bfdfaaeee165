package dev.leadflow.cli;

import dev.leadflow.engine.Replay;
import dev.leadflow.input.InputCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Reads JSON-lines record files: valid records are kept, each bad line is reported with its number. */
final class EventFiles {

    private EventFiles() {}

    /** A bad line. */
    record BadLine(long line, String message) {}

    /** Reads every line of {@code file}; blank lines are skipped, bad lines go to {@code bad}. */
    static List<Replay.Numbered> read(Path file, Consumer<BadLine> bad) {
        List<Replay.Numbered> records = new ArrayList<>();
        forEach(file, records::add, bad);
        return records;
    }

    /** Streams the records of {@code file} to {@code records}, in file order; bad lines go to {@code bad}. */
    static void forEach(Path file, Consumer<Replay.Numbered> records, Consumer<BadLine> bad) {
        InputCodec codec = new InputCodec();
        // a line that is not valid UTF-8 is reported like any bad line, not fatal for the file
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            long lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (line.indexOf('\uFFFD') >= 0) {
                    bad.accept(new BadLine(lineNo, "not valid UTF-8"));
                    continue;
                }
                switch (codec.parse(line)) {
                    case InputCodec.Parsed.Valid v -> records.accept(new Replay.Numbered(lineNo, v.input()));
                    case InputCodec.Parsed.Invalid i -> bad.accept(new BadLine(lineNo, i.message()));
                }
            }
        } catch (IOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot read " + file + ": " + e);
        }
    }
}

package dev.leadflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The UCI bank marketing data (bank-full.csv) as a Leadflow history, for the predictive figures of
 * docs/PREDICTIVE.md: each row a person whose profile is known (identify) when the bank calls
 * (a {@code contacted} event, which examples/bank/model.yaml makes an MQL at once), then sales
 * wins them the next day when they subscribed, or disqualifies them. The file has a day and month
 * but no year; its rows run in date order from May 2008, so the year turns when the month falls back.
 * {@code duration} (known only after the call) and the date itself are left out.
 *
 * <pre>java -cp … dev.leadflow.bench.BankMarketing bank-full.csv bank.jsonl</pre>
 */
public final class BankMarketing {

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final Set<String> LEFT_OUT = Set.of("duration", "day", "y");
    private static final Set<String> NUMBERS = Set.of("age", "balance", "campaign", "pdays", "previous");
    private static final ObjectMapper JSON = new ObjectMapper();

    private BankMarketing() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BankMarketing bank-full.csv out.jsonl");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        String[] header = cells(lines.getFirst());
        int year = 2008;
        int lastMonth = -1;
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
            for (int row = 1; row < lines.size(); row++) {
                if (lines.get(row).isBlank()) {
                    continue;
                }
                String[] c = cells(lines.get(row));
                int month = MONTHS.indexOf(value(header, c, "month"));
                if (month < lastMonth) {
                    year++;
                }
                lastMonth = month;
                LocalDate day = LocalDate.of(year, month + 1, Integer.parseInt(value(header, c, "day")));
                long at = day.atTime(9, 0).toInstant(ZoneOffset.UTC).toEpochMilli() + row * 1000L;
                String user = "bank-" + row;
                ObjectNode traits = JSON.createObjectNode();
                for (int i = 0; i < header.length; i++) {
                    if (!LEFT_OUT.contains(header[i])) {
                        if (NUMBERS.contains(header[i])) {
                            traits.put(header[i], Double.parseDouble(c[i]));
                        } else {
                            traits.put(header[i], c[i]);
                        }
                    }
                }
                write(out, record("identify", user, row, "p", at).set("traits", traits));
                ObjectNode call = record("track", user, row, "c", at).put("event", "contacted");
                call.putObject("context").putObject("campaign").put("medium", value(header, c, "contact"));
                write(out, call);
                long next = at + 86_400_000L;
                List<String> actions = value(header, c, "y").equals("yes")
                        ? List.of("accept", "qualify", "open_opportunity", "win")
                        : List.of("accept", "disqualify");
                for (int a = 0; a < actions.size(); a++) {
                    write(
                            out,
                            record("lifecycle", user, row, "a" + a, next + a * 1000L)
                                    .put("action", actions.get(a))
                                    .put("actor", "rep:bank"));
                }
                written++;
            }
        }
        System.err.printf(Locale.ROOT, "%,d people written to %s%n", written, args[1]);
    }

    private static ObjectNode record(String type, String user, int row, String part, long at) {
        return JSON.createObjectNode()
                .put("type", type)
                .put("messageId", "bank-" + row + "-" + part)
                .put("timestamp", java.time.Instant.ofEpochMilli(at).toString())
                .put("userId", user);
    }

    private static void write(BufferedWriter out, ObjectNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.newLine();
    }

    private static String value(String[] header, String[] cells, String column) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(column)) {
                return cells[i];
            }
        }
        throw new IllegalArgumentException("no column " + column);
    }

    private static String[] cells(String line) {
        String[] c = line.split(";", -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].strip().replace("\"", "");
        }
        return c;
    }
}

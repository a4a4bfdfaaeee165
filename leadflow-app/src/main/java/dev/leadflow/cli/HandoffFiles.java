package dev.leadflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadflow.handoff.HandoffConfig;
import dev.leadflow.handoff.HandoffParser;
import dev.leadflow.model.ConfigChecks;
import dev.leadflow.model.ModelError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/** Reading hand-off configurations for the command line: a file, the bundled example. */
final class HandoffFiles {

    private HandoffFiles() {}

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LeadflowCli.UserError(
                    LeadflowCli.EXIT_BAD_INPUT,
                    "cannot read the hand-off configuration " + file + ": " + e.getMessage());
        }
    }

    /** The configuration, or a user error listing every problem by path (printed to {@code err} when given). */
    static HandoffConfig parse(String yaml, String where, @Nullable PrintWriter err) {
        return switch (new HandoffParser().parse(yaml)) {
            case HandoffParser.Result.Valid v -> v.config();
            case HandoffParser.Result.Invalid invalid -> {
                if (err != null) {
                    for (ModelError e : invalid.errors()) {
                        err.println(where + ": " + e);
                    }
                    err.flush();
                }
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT,
                        where + " is invalid ("
                                + invalid.errors().size() + " errors"
                                + (err == null ? ": " + invalid.errors().getFirst() : "")
                                + ")");
            }
        };
    }

    /** The bundled examples/handoff.yaml without its webhooks (their URLs are placeholders), as JSON text. */
    static String bundledExampleWithoutWebhooks() {
        String text;
        try (var in = HandoffFiles.class.getResourceAsStream("/dev/leadflow/examples/handoff.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the example hand-off configuration is missing from the classpath");
            }
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled example hand-off configuration", e);
        }
        JsonNode root = java.util.Objects.requireNonNull(
                ConfigChecks.readYaml(text, new ArrayList<>()), "the bundled example is valid YAML");
        ((ObjectNode) root).remove("webhooks");
        return root.toString();
    }
}

package dev.leadflow.cli;

import dev.leadflow.model.Model;
import dev.leadflow.model.ModelError;
import dev.leadflow.model.ModelParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Loads a model file, reporting every error with the file name. */
final class ModelFiles {

    private ModelFiles() {}

    /** The documented example model, bundled in the engine jar. */
    static Model bundledExample() {
        return parse(bundledExampleText(), "examples/model.yaml", null);
    }

    /** The text of the bundled example model. */
    static String bundledExampleText() {
        try (var in = ModelFiles.class.getResourceAsStream("/dev/leadflow/examples/model.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the example model is missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled example model", e);
        }
    }

    /** The text of a model file, or a user error naming it. */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LeadflowCli.UserError(LeadflowCli.EXIT_BAD_INPUT, "cannot read model " + file + ": " + e);
        }
    }

    /** The model in {@code file}; on errors prints all of them to {@code err} and throws exit code 2. */
    static Model load(Path file, PrintWriter err) {
        return parse(read(file), file.toString(), err);
    }

    static Model parse(String text, String file, @Nullable PrintWriter err) {
        return switch (new ModelParser().parse(text)) {
            case ModelParser.Result.Valid v -> v.model();
            case ModelParser.Result.Invalid invalid -> {
                if (err != null) {
                    for (ModelError error : invalid.errors()) {
                        err.println(file + ": " + error);
                    }
                }
                throw new LeadflowCli.UserError(
                        LeadflowCli.EXIT_BAD_INPUT,
                        "model " + file + " is invalid (" + invalid.errors().size()
                                + (invalid.errors().size() == 1 ? " error)" : " errors)"));
            }
        };
    }
}

package dev.leadflow.cli;

import dev.leadflow.model.Model;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = "Check a model file; print every error by path (exit 2) or a one-line summary.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.yaml", description = "The model to check.")
    Path model;

    @Override
    public Integer call() {
        Model m = ModelFiles.load(model, spec.commandLine().getErr());
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: valid model %s (%d fit rules, %d engagement rules, %s)%n",
                        model,
                        m.id(),
                        m.fit().size(),
                        m.engagement().rules().size(),
                        m.lifecycle().mql().isPresent() ? "MQL criteria" : "fast lane only");
        return 0;
    }
}

package dev.leadflow.model;

/** One problem in a model: where ({@code engagement.rules[2].if.op}) and what, with the fix where known. */
public record ModelError(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}

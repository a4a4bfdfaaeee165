package dev.leadflow.input;

/**
 * A behavioural record that engagement rules can score: a {@link Track} or a {@link Page}.
 */
public sealed interface Event extends Input permits Track, Page {

    /** The normalised event name matched by rules' {@code on}: snake_case, {@code page} for page calls. */
    String name();

    /** Properties and context, flattened to dotted keys. */
    Fields properties();
}

package dev.leadflow.adapter.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's HTML, from Pebble templates under {@code dev/leadflow/adapter/web/templates}: every
 * value is HTML-escaped unless a template says otherwise, and a template naming a variable it was
 * not given fails (tests catch it) instead of printing nothing. Thread-safe.
 */
final class Views {

    private final PebbleEngine engine;

    Views() {
        ClasspathLoader loader = new ClasspathLoader(Views.class.getClassLoader());
        loader.setPrefix("dev/leadflow/adapter/web/templates");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .strictVariables(true)
                .autoEscaping(true)
                .defaultLocale(Locale.ENGLISH)
                .build();
    }

    /** {@code template} rendered with {@code context}. */
    String render(String template, Map<String, Object> context) {
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(template).evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

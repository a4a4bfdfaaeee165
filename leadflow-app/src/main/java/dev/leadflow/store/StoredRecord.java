package dev.leadflow.store;

import dev.leadflow.input.Input;

/** A record as stored: its arrival number ({@code seq}, unique, increasing) and the record. */
public record StoredRecord(long seq, Input input) {
}

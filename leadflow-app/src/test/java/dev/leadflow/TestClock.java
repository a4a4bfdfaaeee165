package dev.leadflow;

import java.time.Instant;
import java.time.InstantSource;

/** A clock a test moves; servers' timer and delivery threads read it too. */
public final class TestClock implements InstantSource {

    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void set(Instant t) {
        now = t;
    }
}

package dev.leadflow;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a browser, the shared datasets). Missing on a developer's
 * machine, the test is skipped with the reason; with {@code CI=true} it fails instead, so that a
 * CI run cannot be green without the tests that need them (CONTRIBUTING.md).
 */
public final class Prerequisites {

    private Prerequisites() {}

    /** Skips the test, or fails it under {@code CI=true}, unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (onCi(System.getenv("CI"))) {
            Assertions.fail("CI=true and a prerequisite is missing: " + what);
        }
        Assumptions.abort(what);
    }

    static boolean onCi(String ci) {
        return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
    }
}

package dev.leadflow.input;

/** Event-name normalisation: every track event name is matched in snake_case. */
public final class EventNames {

    private EventNames() {}

    /**
     * "Demo Requested", "demoRequested", "demo-requested" and "DEMO_REQUESTED" all become
     * {@code demo_requested}: words split at spaces, punctuation and lower-to-upper case changes,
     * lower-cased and joined by one underscore.
     */
    public static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        boolean pendingSeparator = false;
        char previous = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                boolean camelBoundary =
                        Character.isUpperCase(c) && (Character.isLowerCase(previous) || Character.isDigit(previous));
                if ((pendingSeparator || camelBoundary) && !out.isEmpty()) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
                pendingSeparator = false;
            } else {
                pendingSeparator = true;
            }
            previous = c;
        }
        return out.toString();
    }

    /** True when {@code name} is already in the normalised form. */
    public static boolean isSnakeCase(String name) {
        return !name.isEmpty() && name.equals(snakeCase(name));
    }
}

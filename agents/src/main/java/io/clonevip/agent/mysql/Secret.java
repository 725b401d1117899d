package io.clonevip.agent.mysql;

/**
 * A password. Its text is reachable only through {@link #reveal()} (for the JDBC properties);
 * {@code toString} never shows it, and {@link #scrub(String)} removes it from foreign text
 * (driver messages) before that text is logged.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret("");
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The password itself: only for handing to the database driver. */
    public String reveal() {
        return value;
    }

    /** Replaces every occurrence of this secret in {@code text} by {@code ***}. */
    public String scrub(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, "***");
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "<none>" : "<redacted>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return 0; // not worth leaking anything through
    }
}

package io.clonevip.agent.mysql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Pacemaker writes them: a whole number with an optional unit {@code ms}, {@code s},
 * {@code m}/{@code min} or {@code h} (no unit = seconds), or decimal seconds such as {@code 0.5s}.
 */
public final class DurationParameter {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,3}))?\\s*(ms|s|sec|m|min|h)?");

    private DurationParameter() {
    }

    /** Parses {@code value} of parameter {@code name}; bounds are inclusive. */
    public static Duration parse(String name, String value, Duration min, Duration max) throws MonitorConfigException {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new MonitorConfigException(name, "'" + value + "' is no duration (use e.g. 500ms, 2s, 1m)");
        }
        String unit = m.group(3) == null ? "s" : m.group(3);
        long whole = Long.parseLong(m.group(1));
        String frac = m.group(2);
        if (frac != null && !(unit.equals("s") || unit.equals("sec"))) {
            throw new MonitorConfigException(name, "'" + value + "': fractions only with seconds");
        }
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(whole);
            case "m", "min" -> Duration.ofMinutes(whole);
            case "h" -> Duration.ofHours(whole);
            default -> Duration.ofSeconds(whole).plusMillis(frac == null ? 0 : Long.parseLong((frac + "00").substring(0, 3)));
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new MonitorConfigException(name, "'" + value + "' is out of range [" + show(min) + ", " + show(max) + "]");
        }
        return d;
    }

    /** Short form for messages and for the status file: {@code 500ms}, {@code 2s}. */
    public static String show(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}

package io.clonevip.ocf;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of a {@link ParameterType#TIME} parameter as Pacemaker writes durations: a whole
 * number with an optional unit {@code ms}, {@code s}/{@code sec}, {@code m}/{@code min} or
 * {@code h} (no unit = seconds), or decimal seconds such as {@code 0.5s}.
 */
public final class TimeValue {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,3}))?\\s*(ms|s|sec|m|min|h)?");

    private TimeValue() {
    }

    /** The duration {@code text} names; empty when it is no duration of this form. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String unit = m.group(3) == null ? "s" : m.group(3);
        long whole = Long.parseLong(m.group(1));
        String frac = m.group(2);
        if (frac != null && !(unit.equals("s") || unit.equals("sec"))) {
            return Optional.empty(); // fractions only with seconds
        }
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(whole);
            case "m", "min" -> Duration.ofMinutes(whole);
            case "h" -> Duration.ofHours(whole);
            default -> Duration.ofSeconds(whole).plusMillis(frac == null ? 0 : Long.parseLong((frac + "00").substring(0, 3)));
        });
    }

    /** Short form for messages and files: {@code 500ms}, {@code 2s}. */
    public static String show(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}

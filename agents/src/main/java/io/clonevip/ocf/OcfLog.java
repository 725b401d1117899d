package io.clonevip.ocf;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Compact agent log on stderr (Pacemaker's executor copies an agent's stderr into its log),
 * one line per message in ocf_log's shape: {@code Agent(instance)[pid]: LEVEL: message}.
 * Values of secret parameters (four characters or longer) are replaced by {@code ***} in
 * every line, exit reasons included: a last line of defence, not a licence to format secrets.
 */
public final class OcfLog {
    static final int MIN_MASKED_LENGTH = 4;

    private final PrintStream err;
    private final String tag;
    private final boolean debug;
    private final List<String> secrets;

    public OcfLog(PrintStream err, String agent, String instance, boolean debug, Set<String> secrets) {
        this.err = Objects.requireNonNull(err, "err");
        this.tag = agent + "(" + instance + ")[" + ProcessHandle.current().pid() + "]: ";
        this.debug = debug;
        this.secrets = secrets.stream().filter(s -> s.length() >= MIN_MASKED_LENGTH)
                .sorted((a, b) -> b.length() - a.length()).toList();
    }

    public void debug(String message) {
        if (debug) {
            line("DEBUG", message);
        }
    }

    public void info(String message) {
        line("INFO", message);
    }

    public void warn(String message) {
        line("WARNING", message);
    }

    public void error(String message) {
        line("ERROR", message);
    }

    public boolean debugEnabled() {
        return debug;
    }

    /** The text with every secret value replaced by {@code ***}. */
    public String mask(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "***");
        }
        return out;
    }

    private void line(String level, String message) {
        err.println(tag + level + ": " + mask(OcfMain.oneLine(message)));
    }
}

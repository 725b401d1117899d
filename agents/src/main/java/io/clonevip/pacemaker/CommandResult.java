package io.clonevip.pacemaker;

/**
 * What a finished command left behind: its exit code and its decoded output.
 *
 * @param exitCode the process exit code
 * @param stdout   standard output, UTF-8
 * @param stderr   standard error, UTF-8
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    /** True when the command exited with 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr (or of stdout when stderr is empty), for messages. */
    public String firstErrorLine() {
        for (String text : new String[] {stderr, stdout}) {
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return "";
    }
}

package io.clonevip.migrate;

/**
 * An input file of a migration (an iptables-save output, a copy of a /proc/net/ipt_CLUSTERIP file)
 * is malformed or inconsistent. Carries the file and the 1-based line it refers to (0 when the
 * problem is the file as a whole, e.g. it ends too early).
 */
public final class MigrationInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    public MigrationInputException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** The file, as the user named it. */
    public String file() { return file; }

    /** 1-based line number, or 0 for the file as a whole. */
    public int line() { return line; }

    /** The reason without the file and line prefix. */
    public String reason() { return reason; }
}

package io.clonevip.migrate;

/** Where a fact came from: a file as the user named it and a 1-based line (0 = whole file). */
public record SourceLine(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }

    /** An error about this place. */
    MigrationInputException error(String reason) {
        return new MigrationInputException(file, line, reason);
    }
}

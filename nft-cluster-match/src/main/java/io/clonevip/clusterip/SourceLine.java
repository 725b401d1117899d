package io.clonevip.clusterip;

/** Where a fact came from: a file as the user named it and a 1-based line (0 = whole file). */
public record SourceLine(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }

    /** An error about this place ({@link ClusterIpException.Reason#BAD_INPUT}). */
    public ClusterIpException error(String reason) {
        return new ClusterIpException(this, reason);
    }

    /** A decimal (or 0x-hex) number within [min, max] read at this place; {@code what} names it in errors. */
    public long number(String what, String v, long min, long max) throws ClusterIpException {
        long n;
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                if (v.length() == 2 || v.length() > 10) throw new NumberFormatException();
                n = Long.parseLong(v.substring(2), 16);
            } else {
                if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new NumberFormatException();
                }
                n = Long.parseLong(v);
            }
        } catch (NumberFormatException e) {
            throw error("malformed number '" + v + "' for " + what);
        }
        if (n < min || n > max) throw error(what + " " + v + " is outside " + min + ".." + max);
        return n;
    }
}

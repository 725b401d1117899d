package io.clonevip.cluster;

/**
 * A cluster IP parameter has a bad value. The message names the parameter, the bad value and
 * what would be valid, e.g. {@code invalid buckets '0': expected an integer 1..4096}; it is
 * meant for users as is (an agent maps it to OCF_ERR_CONFIGURED). None of these parameters is
 * a secret, so quoting the value is safe.
 */
public final class ClusterSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Longest bad value quoted in a message; longer ones are cut. */
    private static final int MAX_QUOTED = 64;

    private final String parameter;

    /**
     * @param parameter the parameter's name, e.g. {@code buckets}
     * @param value     the bad value as given (null is shown as {@code null})
     * @param expected  what would be valid, e.g. {@code an integer 1..4096}
     */
    public ClusterSpecException(String parameter, Object value, String expected) {
        super("invalid " + parameter + " " + quote(value) + ": expected " + expected);
        this.parameter = parameter;
    }

    /** The name of the parameter that was rejected. */
    public String parameter() {
        return parameter;
    }

    private static String quote(Object value) {
        if (value == null) {
            return "(none)";
        }
        String text = value.toString();
        if (text.length() > MAX_QUOTED) {
            text = text.substring(0, MAX_QUOTED) + "...";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                out.append(String.format("\\x%02x", (int) ch)); // keep control characters visible
            } else {
                out.append(ch);
            }
        }
        return out.append('\'').toString();
    }
}

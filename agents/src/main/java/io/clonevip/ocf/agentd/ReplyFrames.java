package io.clonevip.ocf.agentd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The daemon's answer on a client's reply pipe, one line per frame, read by the entry script
 * with {@code read -r} only:
 * <ul>
 *   <li>{@code r<reason>}: refused (nothing ran); the client runs the action itself;</li>
 *   <li>{@code a}: accepted, the action runs now; no fallback from here on;</li>
 *   <li>{@code o<text>} / {@code e<text>}: a line of the action's stdout / stderr;
 *       {@code O} / {@code E}: its last line when it had no newline;</li>
 *   <li>{@code x<code>}: the exit status, last.</li>
 * </ul>
 * NUL bytes cannot pass (the shell drops them); agents print text.
 */
final class ReplyFrames {
    private ReplyFrames() {
    }

    static byte[] refused(String reason) {
        return ("r" + reason.replaceAll("[\\r\\n\\x00]+", " ") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] accepted() {
        return "a\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** The captured output of an action and its exit status. */
    static byte[] result(byte[] stdout, byte[] stderr, int rc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stdout.length + stderr.length + 64);
        lines(out, stdout, 'o');
        lines(out, stderr, 'e');
        out.writeBytes(("x" + rc + "\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void lines(ByteArrayOutputStream out, byte[] text, char tag) {
        int start = 0;
        while (start < text.length) {
            int nl = start;
            while (nl < text.length && text[nl] != '\n') {
                nl++;
            }
            boolean complete = nl < text.length;
            out.write(complete ? tag : Character.toUpperCase(tag));
            for (int i = start; i < nl; i++) {
                if (text[i] != 0) {
                    out.write(text[i]);
                }
            }
            out.write('\n');
            start = nl + 1;
        }
    }
}

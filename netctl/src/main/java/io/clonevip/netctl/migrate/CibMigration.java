package io.clonevip.netctl.migrate;

import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code netctl migrate --cib}: rewrite, diff, validate with crm_verify, then write. The result is
 * written to a temporary file next to the output, checked, and moved into place only when it is
 * valid; on any error nothing is left behind.
 */
public final class CibMigration {
    private static final Pattern SECRET_NVPAIR = Pattern.compile("<nvpair\\b[^>]*\\bname=\"[^\"]*(passw|secret)[^\"]*\"[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE = Pattern.compile("\\bvalue=\"[^\"]*\"");

    private CibMigration() {}

    /**
     * What happened.
     *
     * @param rewrite the rewrite
     * @param diff    the unified diff (secret values masked), "" when nothing changed
     * @param output  where the result was written, or null when nothing was to be migrated
     * @param verdict crm_verify's verdict on the result, or null when nothing was written
     */
    public record Result(CibRewrite rewrite, String diff, Path output, CrmVerify.Verdict verdict) {}

    /** Rewrites {@code input} to {@code output}; crm_verify may take {@code verifyTimeout} per run. */
    public static Result run(Path input, Path output, Duration verifyTimeout) {
        String xml = InputFiles.read(input);
        CibRewrite rw = CibRewriter.rewrite(input.toString(), xml);
        if (rw.changes().isEmpty()) return new Result(rw, "", null, null);
        String diff = maskSecrets(LineDiff.unified(input.toString(), output.toString(), rw.original(), rw.rewritten()));
        Path dir = output.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + output.getFileName() + ".", ".tmp");
            Files.writeString(tmp, rw.rewritten(), StandardCharsets.UTF_8);
            CrmVerify.Verdict verdict = CrmVerify.check(tmp, verifyTimeout);
            if (verdict.ran() && !verdict.valid()) {
                CrmVerify.Verdict before = CrmVerify.check(input, verifyTimeout);
                if (!before.valid()) {
                    throw new NetctlException(ExitCodes.BAD_INPUT_FILE, input + ": the input CIB itself does not pass"
                            + " crm_verify -x (exit " + before.exitCode() + "): " + before.output() + "; nothing written");
                }
                throw new NetctlException(ExitCodes.FAILURE, "the rewritten CIB does not pass crm_verify -x although"
                        + " the input does (a netctl bug, please report): " + verdict.output() + "; nothing written");
            }
            move(tmp, output);
            tmp = null;
            return new Result(rw, diff, output, verdict);
        } catch (IOException e) {
            throw new NetctlException(ExitCodes.FAILURE, output + ": cannot write: " + e.getMessage() + "; nothing written");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the file is a hidden temporary next to the output
                }
            }
        }
    }

    private static void move(Path tmp, Path output) throws IOException {
        try {
            Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Replaces the value of nvpairs named like a password or secret with ***. */
    static String maskSecrets(String text) {
        Matcher m = SECRET_NVPAIR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(VALUE.matcher(m.group()).replaceAll("value=\"***\"")));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

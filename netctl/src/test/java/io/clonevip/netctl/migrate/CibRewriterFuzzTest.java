package io.clonevip.netctl.migrate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * {@code netctl migrate --cib}'s reader on CIB text Jazzer mutates: {@link CibRewriter#rewrite}
 * (the DOM, the start-tag scanner, the agent and parameter rewrite) and the diff of its result.
 * Only a {@link NetctlException} with {@link ExitCodes#BAD_INPUT_FILE} may come out (a bad input
 * file, nothing written). Input bytes are decoded as UTF-8 as {@link InputFiles#read} does.
 *
 * <p>Seeds under {@code CibRewriterFuzzTestInputs}: the CIB fixtures of netctl and agents;
 * how to fuzz longer: docs/developer/fuzzing.md.
 */
class CibRewriterFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void rewriteOnlyThrowsBadInputFile(byte[] input) {
        String xml;
        try {
            xml = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException notText) {
            return; // InputFiles refuses it before the rewriter
        }
        try {
            CibRewrite rw = CibRewriter.rewrite("fuzz.xml", xml);
            String.valueOf(rw);
            CibMigration.maskSecrets(LineDiff.unified("fuzz.xml", "out.xml", rw.original(), rw.rewritten()));
        } catch (NetctlException e) {
            if (e.exitCode() != ExitCodes.BAD_INPUT_FILE) throw e;
        }
    }
}

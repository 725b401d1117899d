package io.clonevip.migrate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The migration's input readers on text Jazzer mutates: an {@code iptables-save} output through
 * {@link IptablesSaveParser} and {@link MigrationPlan#of} (with the /proc copies of the blog's
 * node 2), and a copy of a {@code /proc/net/ipt_CLUSTERIP} file through {@link ProcClusterip#parse}.
 * Only {@link MigrationInputException} may come out. Inputs are bytes decoded as UTF-8 the way
 * netctl's InputFiles reads the files (not UTF-8: refused before any parser runs).
 *
 * <p>Seeds: the fixtures of src/test/resources/migrate, copied under
 * {@code MigrationInputFuzzTestInputs}; how to fuzz longer: docs/developer/fuzzing.md.
 */
class MigrationInputFuzzTest {

    static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @FuzzTest(maxDuration = "2m")
    void iptablesSaveOnlyThrowsMigrationInputException(byte[] input) {
        String text = utf8(input);
        if (text == null) return;
        try {
            IptablesSave save = IptablesSaveParser.parse("fuzz.iptables-save", text);
            String.valueOf(MigrationPlan.of(save, List.of()));
            String.valueOf(MigrationPlan.of(save, Fixtures.proc("proc-node2", "198.51.100.100", "198.51.100.200")));
        } catch (MigrationInputException expected) {
            // malformed or inconsistent
        }
    }

    /** The input is the file's name (the VIP), a newline, then its content. */
    @FuzzTest(maxDuration = "2m")
    void procCopyOnlyThrowsMigrationInputException(byte[] input) {
        String text = utf8(input);
        if (text == null) return;
        int nl = text.indexOf('\n');
        String name = nl < 0 ? text : text.substring(0, nl);
        String content = nl < 0 ? "" : text.substring(nl + 1);
        try {
            ProcClusterip p = ProcClusterip.parse("fuzz/" + name, name, content);
            String.valueOf(MigrationPlan.of(Fixtures.save("blog-node1.iptables-save"), List.of(p)));
        } catch (MigrationInputException expected) {
            // malformed, or not consistent with the rules
        }
    }
}

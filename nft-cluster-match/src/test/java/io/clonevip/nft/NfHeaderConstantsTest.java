package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.nativ.bind.netfilter_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.testkit.Cmd;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every macro of the hand-written nf_tables bindings equals the installed UAPI header's value:
 * gcc compiles a probe printing each one. (Also done for all bind classes by the layout test of
 * native-bindings; this keeps nft-cluster-match's own constants checked where they are used.)
 */
class NfHeaderConstantsTest {

    @Test
    void bindingsMatchTheSystemHeaders() throws Exception {
        List<String> names = new ArrayList<>();
        List<Integer> ours = new ArrayList<>();
        for (Class<?> c : List.of(nf_tables_h.class, nfnetlink_h.class, netfilter_h.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == int.class) {
                    names.add(m.getName());
                    ours.add((Integer) m.invoke(null));
                }
            }
        }
        Path dir = Files.createTempDirectory("cvt-nfh-");
        try {
            StringBuilder src = new StringBuilder("#include <stdio.h>\n#include <linux/netlink.h>\n#include <linux/netfilter.h>\n"
                    + "#include <linux/netfilter_arp.h>\n#include <linux/netfilter/nfnetlink.h>\n#include <linux/netfilter/nf_tables.h>\n"
                    + "int main(void) {\n");
            for (String n : names) src.append("  printf(\"%d\\n\", (int) (").append(n).append("));\n");
            src.append("  return 0;\n}\n");
            Files.writeString(dir.resolve("probe.c"), src);
            Cmd.ok("gcc", "-o", dir.resolve("probe").toString(), dir.resolve("probe.c").toString());
            String[] values = Cmd.ok(dir.resolve("probe").toString()).trim().split("\n");
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                expected.add(names.get(i) + "=" + values[i]);
                actual.add(names.get(i) + "=" + ours.get(i));
            }
            assertEquals(expected, actual);
            assertEquals(MsgType.DELSETELEM, nf_tables_h.NFT_MSG_DELSETELEM());
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
    }
}

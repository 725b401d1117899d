package io.clonevip.nativ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.clonevip.testkit.Cmd;
import java.lang.foreign.GroupLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every struct layout and every constant of {@code io.clonevip.nativ.bind} against the real
 * system headers: the test generates a C probe from what the Java classes declare (found
 * reflectively), compiles it with gcc against {@code native-bindings/jextract/clonevip.h}, runs
 * it and compares sizeof/offsetof/values. A Java constant or field the headers lack is a compile
 * error, reported by name. Binding a new header takes one {@code #include} line in clonevip.h.
 */
class NativeLayoutTest {
    private static final Path HEADER_DIR = Path.of("jextract").toAbsolutePath();
    private static BindPackage bind;
    private static Map<String, String> probe;

    /**
     * Structs bound as one view of a C union: their Java fields are the members of that view,
     * named in C through the union ({@code struct xt_entry_match}'s {@code match_size} is
     * {@code u.user.match_size}). Every other field must have its Java name in C.
     */
    private static final Map<String, String> UNION_VIEWS = Map.of(
            "xt_entry_match", "u.user.",
            "xt_entry_target", "u.user.");

    private static String cMember(String struct, String field) {
        return UNION_VIEWS.getOrDefault(struct, "") + field;
    }

    @BeforeAll
    static void runProbe() throws Exception {
        bind = BindPackage.load();
        StringBuilder c = new StringBuilder();
        c.append("#include \"clonevip.h\"\n#include <stddef.h>\n#include <stdio.h>\n")
         .append("#define K(name) printf(\"const %s %lld\\n\", #name, (long long)(name));\n")
         .append("#define S(type) printf(\"size %s %zu\\n\", #type, sizeof(struct type));\n")
         .append("#define F(type, field) printf(\"field %s.%s %zu %zu\\n\", #type, #field, ")
         .append("offsetof(struct type, field), sizeof(((struct type *)0)->field));\n")
         .append("int main(void) {\n");
        for (String k : bind.constants.keySet()) c.append("K(").append(k).append(")\n");
        for (Map.Entry<String, GroupLayout> s : bind.structs.entrySet()) {
            c.append("S(").append(s.getKey()).append(")\n");
            for (BindPackage.Field f : BindPackage.fields(s.getKey(), s.getValue())) {
                c.append("F(").append(s.getKey()).append(", ").append(cMember(s.getKey(), f.name())).append(")\n");
            }
        }
        c.append("return 0;\n}\n");
        Path dir = Files.createTempDirectory("cvt-layout-" + ProcessHandle.current().pid() + "-");
        try {
            Path src = dir.resolve("probe.c");
            Files.writeString(src, c);
            Cmd cc = Cmd.run(60, "gcc", "-std=gnu11", "-fmax-errors=0", "-I", HEADER_DIR.toString(), "-o", dir.resolve("probe").toString(), src.toString());
            if (cc.exit() != 0) {
                Set<String> missing = new TreeSet<>();
                Matcher m = Pattern.compile("[\u2018']([A-Za-z_0-9]+)[\u2019'] undeclared|no member named [\u2018']([A-Za-z_0-9]+)[\u2019']|storage size of [\u2018']([A-Za-z_0-9]+)").matcher(cc.err());
                while (m.find()) missing.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
                fail("Java declarations without a C counterpart in clonevip.h's headers: " + missing + "\n" + cc.err());
            }
            probe = new TreeMap<>();
            for (String line : Cmd.ok(dir.resolve("probe").toString()).split("\n")) {
                String[] f = line.split(" ", 3);
                probe.put(f[0] + " " + f[1], f[2]);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void packageIsFound() {
        assertTrue(bind.constants.size() > 100, "constants found: " + bind.constants.size());
        assertTrue(bind.structs.keySet().containsAll(List.of("nlmsghdr", "ifaddrmsg", "ifreq", "sockaddr_ll", "rtmsg")), bind.structs.keySet().toString());
        assertTrue(bind.functions.contains("socket") && bind.functions.contains("mnl_nlmsg_fprintf"), bind.functions.toString());
    }

    @Test
    void everyConstantHasTheHeadersValue() {
        List<String> wrong = new ArrayList<>();
        for (BindPackage.Constant k : bind.constants.values()) {
            String c = probe.get("const " + k.name());
            if (c == null || !sameValue(Long.parseLong(c), k)) wrong.add(k.cls() + "." + k.name() + " = " + k.value() + ", C says " + c);
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * Equal values; a constant bound as a Java {@code int} is a 32-bit pattern, so an unsigned C
     * value such as {@code 0xffffff00U} and Java's {@code -256} are the same value, while any
     * difference in the 32 bits, or a C value that does not fit 32 bits, still fails.
     */
    private static boolean sameValue(long c, BindPackage.Constant k) {
        if (c == k.value()) return true;
        return k.isInt() && c >= Integer.MIN_VALUE && c <= 0xffffffffL && (int) c == (int) k.value();
    }

    @Test
    void everyStructHasTheHeadersSizeAndOffsets() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, GroupLayout> s : bind.structs.entrySet()) {
            String size = probe.get("size " + s.getKey());
            if (size == null || Long.parseLong(size) != s.getValue().byteSize()) {
                wrong.add("sizeof(struct " + s.getKey() + ") Java " + s.getValue().byteSize() + ", C " + size);
            }
            for (BindPackage.Field f : BindPackage.fields(s.getKey(), s.getValue())) {
                String c = probe.get("field " + s.getKey() + "." + cMember(s.getKey(), f.name()));
                String java = f.offset() + " " + f.size();
                if (!java.equals(c)) wrong.add(s.getKey() + "." + f.name() + " offset/size Java " + java + ", C " + c);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** jextract's allowlist names exactly the bind package's functions, structs and constants. */
    @Test
    void includesTxtMatchesTheBindPackage() throws Exception {
        Map<String, Set<String>> listed = new TreeMap<>();
        for (String line : Files.readAllLines(HEADER_DIR.resolve("includes.txt"))) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] f = t.split("\\s+");
            listed.computeIfAbsent(f[0], x -> new TreeSet<>()).add(f[1]);
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("--include-constant", new TreeSet<>(bind.constants.keySet()));
        expected.put("--include-function", new TreeSet<>(bind.functions));
        expected.put("--include-struct", new TreeSet<>(bind.structs.keySet()));
        if (!expected.equals(listed)) {
            // write what the file should say, so that fixing it is one copy
            StringBuilder want = new StringBuilder();
            for (String line : Files.readAllLines(HEADER_DIR.resolve("includes.txt"))) {
                if (line.startsWith("#") && !line.startsWith("# functions")) want.append(line).append('\n'); else break;
            }
            for (String[] kind : new String[][] {{"--include-function", "# functions (libc, libmnl)"}, {"--include-struct", "# structs"},
                    {"--include-constant", "# constants (macros and enum constants)"}}) {
                want.append('\n').append(kind[1]).append('\n');
                for (String n : expected.get(kind[0])) want.append(kind[0]).append(' ').append(n).append('\n');
            }
            Path out = Path.of("target", "includes.txt.expected").toAbsolutePath();
            Files.createDirectories(out.getParent());
            Files.writeString(out, want.toString().replaceFirst("^\n", ""));
            assertEquals(expected, listed, "jextract/includes.txt differs from the bind package; the expected file is " + out
                    + " (cp it to native-bindings/jextract/includes.txt)");
        }
    }
}

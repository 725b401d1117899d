package io.clonevip.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the migration fixtures under src/test/resources/migrate/. */
final class Fixtures {
    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/migrate/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static IptablesSave save(String name) throws MigrationInputException {
        return IptablesSaveParser.parse(name, text(name));
    }

    static List<ProcClusterip> proc(String dir, String... vips) throws MigrationInputException {
        List<ProcClusterip> out = new ArrayList<>();
        for (String vip : vips) out.add(ProcClusterip.parse(dir + "/" + vip, vip, text(dir + "/" + vip)));
        return out;
    }
}

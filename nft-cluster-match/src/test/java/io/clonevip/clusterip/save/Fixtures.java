package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpProc;
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

    static IptablesSave save(String name) throws ClusterIpException {
        return IptablesSaveParser.parse(name, text(name));
    }

    static List<ClusterIpProc> proc(String dir, String... vips) throws ClusterIpException {
        List<ClusterIpProc> out = new ArrayList<>();
        for (String vip : vips) out.add(ClusterIpProc.copy(dir + "/" + vip, vip, text(dir + "/" + vip)));
        return out;
    }
}

package io.clonevip.ocf;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The agents on the class path: every class named in a
 * {@code META-INF/services/io.clonevip.ocf.OcfAgent} file. {@code main} prints one
 * {@code <agent name> <class>} line per agent; scripts/install.sh installs an entry script
 * for each line.
 */
public final class AgentCatalog {

    private AgentCatalog() {
    }

    public static void main(String[] args) {
        for (OcfAgent a : registered()) {
            System.out.println(a.metaData().name() + " " + a.getClass().getName());
        }
    }

    /** The registered agents, in class-path order. */
    public static List<OcfAgent> registered() {
        List<OcfAgent> agents = new ArrayList<>();
        ServiceLoader.load(OcfAgent.class).forEach(agents::add);
        return agents;
    }
}

package io.clonevip.pacemaker;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment an agent gives a Pacemaker command-line tool it starts (attrd_updater,
 * crm_attribute): only what such a tool reads — {@code PATH}, the locale ({@code LANG},
 * {@code LC_*}), {@code TZ}, and Pacemaker's own {@code PCMK_*} and {@code HA_*} settings
 * (IPC, logging, debug). Everything else stays behind, above all the resource's parameters
 * ({@code OCF_RESKEY_*}, among them a password) that the agent's own environment carries.
 */
public final class ChildEnvironment {
    private ChildEnvironment() {
    }

    /** The variables of {@code parent} a tool gets. */
    public static Map<String, String> of(Map<String, String> parent) {
        Map<String, String> child = new HashMap<>();
        parent.forEach((name, value) -> {
            if (passes(name)) {
                child.put(name, value);
            }
        });
        return child;
    }

    /** Replaces {@code pb}'s environment (a copy of this process's) by {@link #of} it. */
    public static ProcessBuilder apply(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        Map<String, String> keep = of(env);
        env.clear();
        env.putAll(keep);
        return pb;
    }

    static boolean passes(String name) {
        return name.equals("PATH") || name.equals("LANG") || name.equals("TZ") || name.startsWith("LC_")
                || name.startsWith("PCMK_") || name.startsWith("HA_");
    }
}

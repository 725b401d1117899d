package io.clonevip.netctl.cmd;

import io.clonevip.netctl.Json;
import io.clonevip.netctl.JsonOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netctl version}: the version of clonevip and of the runtime. */
@Command(name = "version", description = "Print netctl's version, the Java runtime and the kernel release.")
public final class VersionCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    /** The version of the jar (from its manifest), or "dev" in a build tree. */
    public static String version() {
        String v = VersionCmd.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String kernel() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json.json()) {
            out.println(Json.write(Json.obj("netctl", version(), "java", Runtime.version().toString(), "kernel", kernel())));
        } else {
            out.println("netctl " + version());
            out.println("java " + Runtime.version());
            out.println("kernel " + kernel());
        }
        return 0;
    }

    /** Supplies {@code --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"netctl " + version()};
        }
    }
}

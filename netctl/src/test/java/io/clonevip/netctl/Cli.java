package io.clonevip.netctl;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs netctl in-process through picocli's execute (or in a child JVM) with captured output. */
public record Cli(int exit, String out, String err) {

    public static Cli run(String... args) {
        CommandLine cl = Netctl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** netctl in a child JVM (same class path), argv prefixed by {@code wrapper} (e.g. setpriv ...). */
    public static Cli child(List<String> wrapper, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(wrapper);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        argv.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", cp, Netctl.class.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("netctl child did not end: " + argv);
        }
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err; }
}

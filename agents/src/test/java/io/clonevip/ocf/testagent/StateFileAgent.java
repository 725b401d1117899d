package io.clonevip.ocf.testagent;

import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.Parameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test-only agent in the manner of Pacemaker's Dummy: "running" means a state file exists.
 * It can be told to fail a given action with a given exit code, or with an unexpected
 * exception, to exercise the dispatcher end to end.
 */
public final class StateFileAgent implements OcfAgent {
    static final AgentMetaData META = AgentMetaData.builder("StateFile")
            .version("0.1")
            .shortdesc("Test agent: running means a state file exists")
            .longdesc("Proves clonevip’s OCF framework – non-ASCII on purpose. Start creates the state file, stop removes it, "
                    + "monitor reports whether it exists. Failures can be injected per action.")
            .parameter(Parameter.string("state").unique().aliases("statefile")
                    .defaultValue("${HA_RSCTMP}/StateFile-${OCF_RESOURCE_INSTANCE}.state")
                    .shortdesc("State file")
                    .longdesc("Location of the file whose existence means the resource is running. "
                            + "Its directory must exist & be writable."))
            .parameter(Parameter.string("fake").defaultValue("dummy")
                    .shortdesc("Value written into the state file")
                    .longdesc("Written at start and by reload, to show a parameter changed without a restart."))
            .parameter(Parameter.string("password").secret()
                    .shortdesc("A secret that must never be printed")
                    .longdesc("Only used to prove that secret values are masked."))
            .parameter(Parameter.select("fail_on", "none", "start", "stop", "monitor", "validate-all")
                    .defaultValue("none")
                    .shortdesc("Action that fails on purpose")
                    .longdesc("The action that fails with fail_code."))
            .parameter(Parameter.integer("fail_code").defaultValue("1")
                    .shortdesc("Exit code of the injected failure")
                    .longdesc("An OCF exit code between 1 and 9."))
            .parameter(Parameter.bool("fail_unexpected").defaultValue("false")
                    .shortdesc("Fail with an unexpected exception")
                    .longdesc("Instead of an OCF failure, throw an exception the agent did not expect."))
            .standardActions("20s", "10s", "20s")
            .action(OcfAction.RELOAD, "20s")
            .build();

    @Override
    public AgentMetaData metaData() {
        return META;
    }

    @Override
    public void validateAll(OcfEnv env) {
        Path state = Path.of(env.string("state"));
        Path dir = state.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw OcfException.installed("state directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw OcfException.perm("state directory " + dir + " is not writable");
        }
        env.integer("fail_code", 1, 9);
        injected(env, OcfAction.VALIDATE_ALL);
    }

    @Override
    public void start(OcfEnv env) {
        injected(env, OcfAction.START);
        write(env);
        env.log().info("started");
    }

    @Override
    public void stop(OcfEnv env) {
        injected(env, OcfAction.STOP);
        try {
            Files.deleteIfExists(state(env));
        } catch (IOException e) {
            throw OcfException.generic("cannot remove " + state(env) + ": " + e.getMessage());
        }
    }

    @Override
    public OcfExitCode monitor(OcfEnv env) {
        injected(env, OcfAction.MONITOR);
        env.log().debug("check level " + env.checkLevel());
        return Files.exists(state(env)) ? OcfExitCode.SUCCESS : OcfExitCode.NOT_RUNNING;
    }

    @Override
    public void reload(OcfEnv env) {
        if (Files.exists(state(env))) {
            write(env);
        }
    }

    private static Path state(OcfEnv env) {
        return Path.of(env.string("state"));
    }

    private static void write(OcfEnv env) {
        try {
            Files.writeString(state(env), env.string("fake") + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw OcfException.generic("cannot write " + state(env) + ": " + e.getMessage());
        }
    }

    private static void injected(OcfEnv env, OcfAction action) {
        if (!env.choice("fail_on").equals(action.ocfName())) {
            return;
        }
        if (env.bool("fail_unexpected")) {
            throw new IllegalStateException("injected surprise\nwith password " + env.optional("password").orElse(""));
        }
        throw new OcfException(OcfExitCode.valueOf(env.integer("fail_code")),
                "injected failure of " + action.ocfName() + " (password " + env.optional("password").orElse("") + ")");
    }
}

package io.clonevip.agent.mysql;

import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.Parameter;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The OCF side of mysql_monitor that the framework serves: the declarative parameter model
 * ({@code meta-data}, {@code docs/reference/agents/mysql_monitor.md}) and {@code validate-all}, which runs
 * the daemon's own checks ({@link MysqlMonitorConfig#parse}, i.e. what {@code MonitorDaemon
 * --validate} runs, credentials-file permissions included). start, stop and monitor are done by
 * the installed shell agent ({@code agents/src/main/sh/mysql_monitor.sh}): it starts the resident
 * {@link MonitorDaemon} and its monitor reads the heartbeat without a JVM.
 */
public final class MysqlMonitorAgent implements OcfAgent {
    static final String NAME = "mysql_monitor";

    @Override
    public AgentMetaData metaData() {
        return MysqlMonitorMetaData.META;
    }

    @Override
    public void validateAll(OcfEnv env) {
        Map<String, String> parameters = new HashMap<>();
        for (Parameter p : env.metaData().parameters()) {
            env.explicit(p.name()).ifPresent(v -> parameters.put(p.name(), v));
        }
        String instance = env.variable("OCF_RESOURCE_INSTANCE").orElse(NAME);
        Path defaultState = env.rscTmp().resolve("mysql-monitor-" + instance.replace(':', '_') + ".state");
        try {
            MysqlMonitorConfig.parse(parameters, defaultState);
        } catch (MonitorConfigException e) {
            throw new OcfException(OcfExitCode.valueOf(e.exitCode()), e.getMessage());
        }
    }

    @Override
    public void start(OcfEnv env) {
        throw shellOnly("start");
    }

    @Override
    public void stop(OcfEnv env) {
        throw shellOnly("stop");
    }

    @Override
    public OcfExitCode monitor(OcfEnv env) {
        throw shellOnly("monitor");
    }

    private static OcfException shellOnly(String action) {
        return OcfException.unimplemented(action + " is done by the installed shell agent ocf:clonevip:" + NAME);
    }
}

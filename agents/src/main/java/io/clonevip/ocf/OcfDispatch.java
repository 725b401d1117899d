package io.clonevip.ocf;

/** Maps one action to the agent's methods, with the validation and probe rules of the OCF API. */
final class OcfDispatch {
    private final OcfAgent agent;
    private final OcfEnv env;

    OcfDispatch(OcfAgent agent, OcfEnv env) {
        this.agent = agent;
        this.env = env;
    }

    OcfExitCode run() {
        String name = agent.metaData().name();
        return switch (env.action()) {
            case VALIDATE_ALL -> {
                validate();
                yield OcfExitCode.SUCCESS;
            }
            case START -> {
                validate();
                agent.start(env);
                yield OcfExitCode.SUCCESS;
            }
            case STOP -> stop();
            case MONITOR, STATUS -> monitor();
            case RELOAD -> {
                validate();
                agent.reload(env);
                yield OcfExitCode.SUCCESS;
            }
            case NOTIFY -> run(() -> agent.notify(env));
            case PROMOTE -> run(() -> agent.promote(env));
            case DEMOTE -> run(() -> agent.demote(env));
            default -> throw OcfException.unimplemented(env.action().ocfName() + " is not supported by " + name);
        };
    }

    private OcfExitCode run(Runnable action) {
        action.run();
        return OcfExitCode.SUCCESS;
    }

    private void validate() {
        env.checkParameters();
        agent.validateAll(env);
    }

    private OcfExitCode stop() {
        try {
            validate();
        } catch (OcfException e) {
            if (e.code() == OcfExitCode.ERR_CONFIGURED) {
                env.log().warn("stop: the parameters do not validate (" + e.reason() + "); start refuses them, "
                        + "so they started nothing");
                agent.stopUnconfigured(env, e);
                return OcfExitCode.SUCCESS;
            }
            if (e.code() != OcfExitCode.ERR_INSTALLED) {
                throw e;
            }
            env.log().info("stop: not installed here, so not running (" + e.reason() + ")");
            return OcfExitCode.SUCCESS;
        }
        agent.stop(env);
        return OcfExitCode.SUCCESS;
    }

    private OcfExitCode monitor() {
        try {
            validate();
        } catch (OcfException e) {
            boolean notHere = e.code() == OcfExitCode.ERR_INSTALLED || e.code() == OcfExitCode.ERR_CONFIGURED;
            if (!env.isProbe() || !notHere) {
                throw e;
            }
            env.log().info("probe: cannot run here, so not running (" + e.reason() + ")");
            return OcfExitCode.NOT_RUNNING;
        }
        OcfExitCode rc = agent.monitor(env);
        if (rc == null) {
            throw new IllegalStateException("monitor returned no status");
        }
        return switch (rc) {
            case SUCCESS, NOT_RUNNING, RUNNING_MASTER, DEGRADED, DEGRADED_MASTER -> rc;
            default -> throw new OcfException(rc, "monitor reported " + rc.shellName() + " without a reason");
        };
    }
}

package io.clonevip.ocf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The declarative description of an agent: what {@code meta-data} prints (through
 * {@link MetaDataXml}), what the parameter reference says (through {@link MetaDataMarkdown})
 * and what {@link OcfEnv} uses for defaults, types and secrets.
 */
public record AgentMetaData(String name, String version, String shortdesc, String longdesc,
                            List<Parameter> parameters, List<ActionSpec> actions) {

    public AgentMetaData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(shortdesc, "shortdesc");
        Objects.requireNonNull(longdesc, "longdesc");
        parameters = List.copyOf(parameters);
        actions = List.copyOf(actions);
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            for (String n : names(p)) {
                if (!seen.add(n)) {
                    throw new IllegalArgumentException(name + ": parameter name declared twice: " + n);
                }
            }
        }
        for (OcfAction required : List.of(OcfAction.START, OcfAction.STOP, OcfAction.MONITOR, OcfAction.META_DATA)) {
            if (actions.stream().noneMatch(a -> a.action() == required)) {
                throw new IllegalArgumentException(name + ": meta-data must list action " + required.ocfName());
            }
        }
    }

    private static List<String> names(Parameter p) {
        List<String> all = new ArrayList<>(p.aliases());
        all.add(p.name());
        return all;
    }

    /** The parameter with this name (not an alias). */
    public Optional<Parameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction of {@link AgentMetaData}. */
    public static final class Builder {
        private final String name;
        private String version = "1.0";
        private String shortdesc;
        private String longdesc;
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<ActionSpec> actions = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder version(String v) {
            this.version = v;
            return this;
        }

        public Builder shortdesc(String text) {
            this.shortdesc = text;
            return this;
        }

        public Builder longdesc(String text) {
            this.longdesc = text;
            return this;
        }

        public Builder parameter(Parameter p) {
            parameters.add(p);
            return this;
        }

        public Builder parameter(Parameter.Builder p) {
            return parameter(p.build());
        }

        public Builder action(ActionSpec a) {
            actions.add(a);
            return this;
        }

        public Builder action(OcfAction a, String timeout) {
            return action(ActionSpec.of(a, timeout));
        }

        /** Adds start, stop, monitor (at {@code monitorInterval}), validate-all and meta-data. */
        public Builder standardActions(String startStopTimeout, String monitorInterval, String monitorTimeout) {
            action(OcfAction.START, startStopTimeout);
            action(OcfAction.STOP, startStopTimeout);
            action(ActionSpec.monitor(monitorTimeout, monitorInterval, 0));
            action(OcfAction.VALIDATE_ALL, "20s");
            return action(OcfAction.META_DATA, "5s");
        }

        public AgentMetaData build() {
            return new AgentMetaData(name, version, shortdesc, longdesc, parameters, actions);
        }
    }
}

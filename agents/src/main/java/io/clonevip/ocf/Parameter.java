package io.clonevip.ocf;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One agent parameter as declared in the meta-data ({@code OCF_RESKEY_<name>} at run time).
 *
 * @param name         the parameter name ({@code [A-Za-z0-9_]+})
 * @param type         its type
 * @param defaultValue the default shown in meta-data and applied by {@link OcfEnv}, or null
 * @param required     Pacemaker must pass it
 * @param unique       no two resources of this agent may share the value
 * @param secret       never printed: not in logs, exit reasons or docs' examples
 * @param choices      the allowed values of a {@link ParameterType#SELECT}, else empty
 * @param aliases      deprecated names still read when {@code name} is not set (oldest last)
 * @param shortdesc    one line
 * @param longdesc     a paragraph
 */
public record Parameter(String name, ParameterType type, String defaultValue, boolean required,
                        boolean unique, boolean secret, List<String> choices, List<String> aliases,
                        String shortdesc, String longdesc) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    public Parameter {
        requireName(name);
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        aliases = List.copyOf(aliases);
        aliases.forEach(Parameter::requireName);
        Objects.requireNonNull(shortdesc, "shortdesc of " + name);
        Objects.requireNonNull(longdesc, "longdesc of " + name);
        if ((type == ParameterType.SELECT) == choices.isEmpty()) {
            throw new IllegalArgumentException("parameter " + name + ": choices are for SELECT only, and SELECT needs them");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("parameter " + name + ": a required parameter has no default");
        }
        if (defaultValue != null && type == ParameterType.SELECT && !choices.contains(defaultValue)) {
            throw new IllegalArgumentException("parameter " + name + ": default " + defaultValue + " is not a choice");
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad parameter name: " + name);
        }
    }

    /** Starts a parameter of this name and type; shortdesc and longdesc must be set. */
    public static Builder builder(String name, ParameterType type) {
        return new Builder(name, type);
    }

    public static Builder string(String name) {
        return builder(name, ParameterType.STRING);
    }

    public static Builder integer(String name) {
        return builder(name, ParameterType.INTEGER);
    }

    public static Builder bool(String name) {
        return builder(name, ParameterType.BOOLEAN);
    }

    public static Builder select(String name, String... choices) {
        return builder(name, ParameterType.SELECT).choices(choices);
    }

    /** Fluent construction of a {@link Parameter}. */
    public static final class Builder {
        private final String name;
        private final ParameterType type;
        private String defaultValue;
        private boolean required;
        private boolean unique;
        private boolean secret;
        private List<String> choices = List.of();
        private List<String> aliases = List.of();
        private String shortdesc;
        private String longdesc;

        private Builder(String name, ParameterType type) {
            this.name = name;
            this.type = type;
        }

        public Builder defaultValue(String value) {
            this.defaultValue = value;
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder unique() {
            this.unique = true;
            return this;
        }

        /** The value is a secret (password, key): it is never printed. */
        public Builder secret() {
            this.secret = true;
            return this;
        }

        public Builder choices(String... values) {
            this.choices = List.of(values);
            return this;
        }

        /** Deprecated names of this parameter, read when the parameter itself is not set. */
        public Builder aliases(String... names) {
            this.aliases = List.of(names);
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

        public Parameter build() {
            return new Parameter(name, type, defaultValue, required, unique, secret, choices, aliases,
                    shortdesc, longdesc);
        }
    }
}

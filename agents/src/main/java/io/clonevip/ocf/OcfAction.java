package io.clonevip.ocf;

import java.util.Optional;

/** The actions the OCF API names (the {@code action} values of ra-api-1.dtd). */
public enum OcfAction {
    START("start"),
    STOP("stop"),
    MONITOR("monitor"),
    STATUS("status"),
    VALIDATE_ALL("validate-all"),
    META_DATA("meta-data"),
    USAGE("usage"),
    RELOAD("reload"),
    NOTIFY("notify"),
    PROMOTE("promote"),
    DEMOTE("demote"),
    MIGRATE_TO("migrate_to"),
    MIGRATE_FROM("migrate_from"),
    RECOVER("recover"),
    RESTART("restart"),
    METHODS("methods");

    private final String ocfName;

    OcfAction(String ocfName) {
        this.ocfName = ocfName;
    }

    /** The name on the command line and in meta-data, e.g. {@code validate-all}. */
    public String ocfName() {
        return ocfName;
    }

    /** The action with this command-line name; {@code help} is accepted for usage. */
    public static Optional<OcfAction> fromName(String name) {
        if ("help".equals(name)) {
            return Optional.of(USAGE);
        }
        for (OcfAction a : values()) {
            if (a.ocfName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

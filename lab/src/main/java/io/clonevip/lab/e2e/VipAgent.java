package io.clonevip.lab.e2e;

/**
 * Which resource agent runs the VIP clone in the scenario: clonevip's {@code IPaddr3}, or
 * upstream ClusterLabs {@code IPaddr2} with its nft cluster backend for the comparison
 * (docs/measurements/e2e.md; its code is never part of this project: {@code lab/e2e/compare-ipaddr2.sh}
 * extracts it at run time from a resource-agents checkout the user names, and the lab installs
 * it for the run only, as provider {@code upstream}).
 */
public enum VipAgent {
    IPADDR3("ocf:clonevip:IPaddr3", "IPaddr3"),
    UPSTREAM_IPADDR2("ocf:upstream:IPaddr2", "upstream IPaddr2 (nft)");

    private final String type;
    private final String label;

    VipAgent(String type, String label) {
        this.type = type;
        this.label = label;
    }

    /** The crm resource type, e.g. {@code ocf:clonevip:IPaddr3}. */
    public String type() {
        return type;
    }

    public String label() {
        return label;
    }

    /** The agent's file name under its provider directory. */
    public String file() {
        return type.substring(type.lastIndexOf(':') + 1);
    }
}

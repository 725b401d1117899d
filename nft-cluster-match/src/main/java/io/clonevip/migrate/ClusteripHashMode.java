package io.clonevip.migrate;

/**
 * The {@code --hashmode} of an iptables CLUSTERIP rule and the clonevip hash key that hashes the
 * same fields. The bucket a given client lands in differs (CLUSTERIP uses jhash over host-order
 * words, clonevip the nf_tables jhash over the packet bytes), only the fields are the same.
 */
public enum ClusteripHashMode {
    SOURCEIP("sourceip", "sourceip"),
    SOURCEIP_SOURCEPORT("sourceip-sourceport", "sourceip-sourceport"),
    SOURCEIP_SOURCEPORT_DESTPORT("sourceip-sourceport-destport", "sourceip-sourceport-destport");

    private final String iptablesName;
    private final String clonevipName;

    ClusteripHashMode(String iptablesName, String clonevipName) {
        this.iptablesName = iptablesName;
        this.clonevipName = clonevipName;
    }

    /** As iptables spells it after {@code --hashmode} (and IPaddr2/IPaddr3's clusterip_hash). */
    public String iptablesName() { return iptablesName; }

    /** clonevip's hash mode with the same key fields (value of IPaddr3's clusterip_hash). */
    public String clonevipName() { return clonevipName; }

    /** The mode iptables names so, or null. */
    public static ClusteripHashMode ofIptablesName(String name) {
        for (ClusteripHashMode m : values()) {
            if (m.iptablesName.equals(name)) return m;
        }
        return null;
    }
}

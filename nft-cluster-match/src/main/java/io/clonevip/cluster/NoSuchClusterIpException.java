package io.clonevip.cluster;

/** The VIP named has no cluster IP configuration on this node. */
public final class NoSuchClusterIpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String vip;

    public NoSuchClusterIpException(String vip) {
        super("no cluster IP configured for " + vip + " on this node");
        this.vip = vip;
    }

    public String vip() { return vip; }
}

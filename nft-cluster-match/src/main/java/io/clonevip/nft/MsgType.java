package io.clonevip.nft;

import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.nfnetlink_h;

/**
 * nf_tables message types (enum nf_tables_msg_types) and their netlink type
 * ({@code NFNL_SUBSYS_NFTABLES << 8 | msg}). The DESTROY types arrived in kernel 6.3 and are
 * missing from the installed 6.1 UAPI header, so their numbers are written here from the
 * kernel's {@code include/uapi/linux/netfilter/nf_tables.h} (after NFT_MSG_GETRULE_RESET = 25).
 */
public final class MsgType {
    private MsgType() {}

    public static final int NEWTABLE = nf_tables_h.NFT_MSG_NEWTABLE();
    public static final int GETTABLE = nf_tables_h.NFT_MSG_GETTABLE();
    public static final int DELTABLE = nf_tables_h.NFT_MSG_DELTABLE();
    public static final int NEWCHAIN = nf_tables_h.NFT_MSG_NEWCHAIN();
    public static final int GETCHAIN = nf_tables_h.NFT_MSG_GETCHAIN();
    public static final int DELCHAIN = nf_tables_h.NFT_MSG_DELCHAIN();
    public static final int NEWRULE = nf_tables_h.NFT_MSG_NEWRULE();
    public static final int GETRULE = nf_tables_h.NFT_MSG_GETRULE();
    public static final int DELRULE = nf_tables_h.NFT_MSG_DELRULE();
    public static final int NEWSET = nf_tables_h.NFT_MSG_NEWSET();
    public static final int GETSET = nf_tables_h.NFT_MSG_GETSET();
    public static final int DELSET = nf_tables_h.NFT_MSG_DELSET();
    public static final int NEWSETELEM = nf_tables_h.NFT_MSG_NEWSETELEM();
    public static final int GETSETELEM = nf_tables_h.NFT_MSG_GETSETELEM();
    public static final int DELSETELEM = nf_tables_h.NFT_MSG_DELSETELEM();
    public static final int NEWGEN = nf_tables_h.NFT_MSG_NEWGEN();
    public static final int GETGEN = nf_tables_h.NFT_MSG_GETGEN();
    /** NFT_MSG_GETRULE_RESET (kernel 6.2). */
    public static final int GETRULE_RESET = 25;
    /** NFT_MSG_DESTROYTABLE (kernel 6.3): delete if present, no ENOENT. */
    public static final int DESTROYTABLE = 26;
    public static final int DESTROYCHAIN = 27;
    public static final int DESTROYRULE = 28;
    public static final int DESTROYSET = 29;
    public static final int DESTROYSETELEM = 30;

    /** The netlink message type of nf_tables message {@code msg}. */
    public static int wire(int msg) { return nfnetlink_h.NFNL_SUBSYS_NFTABLES() << 8 | msg; }
}

package io.clonevip.nft;

import io.clonevip.netlink.NlMsg;

/**
 * One nf_tables notification as the kernel multicasts it to {@code NFNLGRP_NFTABLES} after a
 * transaction: which message ({@link MsgType}), which table it concerns (attribute 1 of every
 * object message: NFTA_TABLE_NAME, NFTA_CHAIN_TABLE, NFTA_SET_TABLE, NFTA_SET_ELEM_LIST_TABLE,
 * NFTA_RULE_TABLE; null for NFT_MSG_NEWGEN or when it does not read) and the netlink port id
 * of the socket whose transaction caused it (nlmsg_pid), so a listener can skip its own.
 *
 * @param msg    the nf_tables message type (NFT_MSG_NEWTABLE, NFT_MSG_DELSETELEM, ...)
 * @param table  the table's name, or null
 * @param portId the sender's netlink port id (0: the kernel itself, e.g. a table's owner exited)
 */
public record NftEvent(int msg, String table, int portId) {
    /** NFTA_TABLE_NAME, NFTA_CHAIN_TABLE, NFTA_RULE_TABLE, NFTA_SET_TABLE, NFTA_SET_ELEM_LIST_TABLE: all attribute 1. */
    private static final int TABLE_ATTR = 1;

    /** The event a notification message carries; null when it is not an nf_tables message. */
    static NftEvent decode(NlMsg m) {
        int subsys = (m.type() >> 8) & 0xff;
        if (MsgType.wire(0) >> 8 != subsys) return null;
        int msg = m.type() & 0xff;
        String table = msg == MsgType.NEWGEN ? null : NfGen.name(m, TABLE_ATTR);
        return new NftEvent(msg, table, m.pid());
    }

    /** Whether the event concerns a table whose name starts with {@code prefix}. */
    public boolean concernsTable(String prefix) {
        return table != null && table.startsWith(prefix);
    }

    /** The generation message that ends each transaction's notifications. */
    public boolean endOfTransaction() {
        return msg == MsgType.NEWGEN;
    }
}

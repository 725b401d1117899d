package io.clonevip.nativ.bind;

/**
 * Macros and enum constants of {@code linux/netfilter/nf_tables.h} used by clonevip (hand-written in
 * jextract's shape: see package doc). Values as in the installed UAPI header (linux-libc-dev 6.1);
 * message types added later (NFT_MSG_DESTROY*, kernel 6.3) are not in that header and live in
 * {@code io.clonevip.nft.MsgType}.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class nf_tables_h {
    private nf_tables_h() {}

    // ---- registers ----
    public static int NFT_REG_VERDICT() { return 0; }
    public static int NFT_REG_1() { return 1; }
    public static int NFT_REG_2() { return 2; }
    public static int NFT_REG_3() { return 3; }
    public static int NFT_REG_4() { return 4; }
    public static int NFT_REG32_00() { return 8; }
    public static int NFT_REG32_01() { return 9; }
    public static int NFT_REG32_02() { return 10; }
    public static int NFT_REG32_03() { return 11; }
    public static int NFT_REG32_04() { return 12; }
    public static int NFT_REG32_05() { return 13; }
    public static int NFT_REG32_06() { return 14; }
    public static int NFT_REG32_07() { return 15; }
    public static int NFT_REG32_08() { return 16; }
    public static int NFT_REG32_09() { return 17; }
    public static int NFT_REG32_10() { return 18; }
    public static int NFT_REG32_11() { return 19; }
    public static int NFT_REG32_12() { return 20; }
    public static int NFT_REG32_13() { return 21; }
    public static int NFT_REG32_14() { return 22; }
    public static int NFT_REG32_15() { return 23; }
    public static int NFT_REG_SIZE() { return 16; }
    public static int NFT_REG32_SIZE() { return 4; }

    // ---- verdicts ----
    public static int NFT_CONTINUE() { return -1; }
    public static int NFT_BREAK() { return -2; }
    public static int NFT_JUMP() { return -3; }
    public static int NFT_GOTO() { return -4; }
    public static int NFT_RETURN() { return -5; }

    // ---- message types ----
    public static int NFT_MSG_NEWTABLE() { return 0; }
    public static int NFT_MSG_GETTABLE() { return 1; }
    public static int NFT_MSG_DELTABLE() { return 2; }
    public static int NFT_MSG_NEWCHAIN() { return 3; }
    public static int NFT_MSG_GETCHAIN() { return 4; }
    public static int NFT_MSG_DELCHAIN() { return 5; }
    public static int NFT_MSG_NEWRULE() { return 6; }
    public static int NFT_MSG_GETRULE() { return 7; }
    public static int NFT_MSG_DELRULE() { return 8; }
    public static int NFT_MSG_NEWSET() { return 9; }
    public static int NFT_MSG_GETSET() { return 10; }
    public static int NFT_MSG_DELSET() { return 11; }
    public static int NFT_MSG_NEWSETELEM() { return 12; }
    public static int NFT_MSG_GETSETELEM() { return 13; }
    public static int NFT_MSG_DELSETELEM() { return 14; }
    public static int NFT_MSG_NEWGEN() { return 15; }
    public static int NFT_MSG_GETGEN() { return 16; }
    public static int NFT_MSG_TRACE() { return 17; }
    public static int NFT_MSG_NEWOBJ() { return 18; }
    public static int NFT_MSG_GETOBJ() { return 19; }
    public static int NFT_MSG_DELOBJ() { return 20; }
    public static int NFT_MSG_GETOBJ_RESET() { return 21; }
    public static int NFT_MSG_NEWFLOWTABLE() { return 22; }
    public static int NFT_MSG_GETFLOWTABLE() { return 23; }
    public static int NFT_MSG_DELFLOWTABLE() { return 24; }

    // ---- lists and hooks ----
    public static int NFTA_LIST_ELEM() { return 1; }
    public static int NFTA_HOOK_HOOKNUM() { return 1; }
    public static int NFTA_HOOK_PRIORITY() { return 2; }
    public static int NFTA_HOOK_DEV() { return 3; }
    public static int NFTA_HOOK_DEVS() { return 4; }

    // ---- tables ----
    public static int NFT_TABLE_F_DORMANT() { return 1; }
    public static int NFT_TABLE_F_OWNER() { return 2; }
    public static int NFTA_TABLE_NAME() { return 1; }
    public static int NFTA_TABLE_FLAGS() { return 2; }
    public static int NFTA_TABLE_USE() { return 3; }
    public static int NFTA_TABLE_HANDLE() { return 4; }
    public static int NFTA_TABLE_PAD() { return 5; }
    public static int NFTA_TABLE_USERDATA() { return 6; }
    public static int NFTA_TABLE_OWNER() { return 7; }
    public static int NFT_NAME_MAXLEN() { return 0x100; }
    public static int NFT_USERDATA_MAXLEN() { return 0x100; }

    // ---- chains ----
    public static int NFT_CHAIN_BASE() { return 1; }
    public static int NFT_CHAIN_HW_OFFLOAD() { return 2; }
    public static int NFT_CHAIN_BINDING() { return 4; }
    public static int NFTA_CHAIN_TABLE() { return 1; }
    public static int NFTA_CHAIN_HANDLE() { return 2; }
    public static int NFTA_CHAIN_NAME() { return 3; }
    public static int NFTA_CHAIN_HOOK() { return 4; }
    public static int NFTA_CHAIN_POLICY() { return 5; }
    public static int NFTA_CHAIN_USE() { return 6; }
    public static int NFTA_CHAIN_TYPE() { return 7; }
    public static int NFTA_CHAIN_COUNTERS() { return 8; }
    public static int NFTA_CHAIN_PAD() { return 9; }
    public static int NFTA_CHAIN_FLAGS() { return 10; }
    public static int NFTA_CHAIN_ID() { return 11; }
    public static int NFTA_CHAIN_USERDATA() { return 12; }

    // ---- rules ----
    public static int NFTA_RULE_TABLE() { return 1; }
    public static int NFTA_RULE_CHAIN() { return 2; }
    public static int NFTA_RULE_HANDLE() { return 3; }
    public static int NFTA_RULE_EXPRESSIONS() { return 4; }
    public static int NFTA_RULE_COMPAT() { return 5; }
    public static int NFTA_RULE_POSITION() { return 6; }
    public static int NFTA_RULE_USERDATA() { return 7; }
    public static int NFTA_RULE_PAD() { return 8; }
    public static int NFTA_RULE_ID() { return 9; }
    public static int NFTA_RULE_POSITION_ID() { return 10; }
    public static int NFTA_RULE_CHAIN_ID() { return 11; }

    // ---- sets ----
    public static int NFT_SET_ANONYMOUS() { return 1; }
    public static int NFT_SET_CONSTANT() { return 2; }
    public static int NFT_SET_INTERVAL() { return 4; }
    public static int NFT_SET_MAP() { return 8; }
    public static int NFT_SET_TIMEOUT() { return 16; }
    public static int NFT_SET_EVAL() { return 32; }
    public static int NFT_SET_OBJECT() { return 64; }
    public static int NFT_SET_CONCAT() { return 128; }
    public static int NFT_SET_EXPR() { return 0x100; }
    public static int NFT_SET_POL_PERFORMANCE() { return 0; }
    public static int NFT_SET_POL_MEMORY() { return 1; }
    public static int NFTA_SET_DESC_SIZE() { return 1; }
    public static int NFTA_SET_DESC_CONCAT() { return 2; }
    public static int NFTA_SET_FIELD_LEN() { return 1; }
    public static int NFTA_SET_TABLE() { return 1; }
    public static int NFTA_SET_NAME() { return 2; }
    public static int NFTA_SET_FLAGS() { return 3; }
    public static int NFTA_SET_KEY_TYPE() { return 4; }
    public static int NFTA_SET_KEY_LEN() { return 5; }
    public static int NFTA_SET_DATA_TYPE() { return 6; }
    public static int NFTA_SET_DATA_LEN() { return 7; }
    public static int NFTA_SET_POLICY() { return 8; }
    public static int NFTA_SET_DESC() { return 9; }
    public static int NFTA_SET_ID() { return 10; }
    public static int NFTA_SET_TIMEOUT() { return 11; }
    public static int NFTA_SET_GC_INTERVAL() { return 12; }
    public static int NFTA_SET_USERDATA() { return 13; }
    public static int NFTA_SET_PAD() { return 14; }
    public static int NFTA_SET_OBJ_TYPE() { return 15; }
    public static int NFTA_SET_HANDLE() { return 16; }
    public static int NFTA_SET_EXPR() { return 17; }
    public static int NFTA_SET_EXPRESSIONS() { return 18; }

    // ---- set elements ----
    public static int NFT_SET_ELEM_INTERVAL_END() { return 1; }
    public static int NFT_SET_ELEM_CATCHALL() { return 2; }
    public static int NFTA_SET_ELEM_KEY() { return 1; }
    public static int NFTA_SET_ELEM_DATA() { return 2; }
    public static int NFTA_SET_ELEM_FLAGS() { return 3; }
    public static int NFTA_SET_ELEM_TIMEOUT() { return 4; }
    public static int NFTA_SET_ELEM_EXPIRATION() { return 5; }
    public static int NFTA_SET_ELEM_USERDATA() { return 6; }
    public static int NFTA_SET_ELEM_EXPR() { return 7; }
    public static int NFTA_SET_ELEM_PAD() { return 8; }
    public static int NFTA_SET_ELEM_OBJREF() { return 9; }
    public static int NFTA_SET_ELEM_KEY_END() { return 10; }
    public static int NFTA_SET_ELEM_EXPRESSIONS() { return 11; }
    public static int NFTA_SET_ELEM_LIST_TABLE() { return 1; }
    public static int NFTA_SET_ELEM_LIST_SET() { return 2; }
    public static int NFTA_SET_ELEM_LIST_ELEMENTS() { return 3; }
    public static int NFTA_SET_ELEM_LIST_SET_ID() { return 4; }

    // ---- data and verdicts ----
    public static int NFT_DATA_VALUE() { return 0; }
    public static int NFT_DATA_VERDICT() { return 0xffffff00; }
    public static int NFTA_DATA_VALUE() { return 1; }
    public static int NFTA_DATA_VERDICT() { return 2; }
    public static int NFTA_VERDICT_CODE() { return 1; }
    public static int NFTA_VERDICT_CHAIN() { return 2; }
    public static int NFTA_VERDICT_CHAIN_ID() { return 3; }
    public static int NFT_DATA_VALUE_MAXLEN() { return 64; }

    // ---- expressions ----
    public static int NFTA_EXPR_NAME() { return 1; }
    public static int NFTA_EXPR_DATA() { return 2; }

    // ---- immediate ----
    public static int NFTA_IMMEDIATE_DREG() { return 1; }
    public static int NFTA_IMMEDIATE_DATA() { return 2; }

    // ---- bitwise ----
    public static int NFT_BITWISE_MASK_XOR() { return 0; }
    public static int NFT_BITWISE_LSHIFT() { return 1; }
    public static int NFT_BITWISE_RSHIFT() { return 2; }
    public static int NFTA_BITWISE_SREG() { return 1; }
    public static int NFTA_BITWISE_DREG() { return 2; }
    public static int NFTA_BITWISE_LEN() { return 3; }
    public static int NFTA_BITWISE_MASK() { return 4; }
    public static int NFTA_BITWISE_XOR() { return 5; }
    public static int NFTA_BITWISE_OP() { return 6; }
    public static int NFTA_BITWISE_DATA() { return 7; }

    // ---- byteorder ----
    public static int NFT_BYTEORDER_NTOH() { return 0; }
    public static int NFT_BYTEORDER_HTON() { return 1; }
    public static int NFTA_BYTEORDER_SREG() { return 1; }
    public static int NFTA_BYTEORDER_DREG() { return 2; }
    public static int NFTA_BYTEORDER_OP() { return 3; }
    public static int NFTA_BYTEORDER_LEN() { return 4; }
    public static int NFTA_BYTEORDER_SIZE() { return 5; }

    // ---- cmp ----
    public static int NFT_CMP_EQ() { return 0; }
    public static int NFT_CMP_NEQ() { return 1; }
    public static int NFT_CMP_LT() { return 2; }
    public static int NFT_CMP_LTE() { return 3; }
    public static int NFT_CMP_GT() { return 4; }
    public static int NFT_CMP_GTE() { return 5; }
    public static int NFTA_CMP_SREG() { return 1; }
    public static int NFTA_CMP_OP() { return 2; }
    public static int NFTA_CMP_DATA() { return 3; }

    // ---- lookup ----
    public static int NFT_LOOKUP_F_INV() { return 1; }
    public static int NFTA_LOOKUP_SET() { return 1; }
    public static int NFTA_LOOKUP_SREG() { return 2; }
    public static int NFTA_LOOKUP_DREG() { return 3; }
    public static int NFTA_LOOKUP_SET_ID() { return 4; }
    public static int NFTA_LOOKUP_FLAGS() { return 5; }

    // ---- payload ----
    public static int NFT_PAYLOAD_LL_HEADER() { return 0; }
    public static int NFT_PAYLOAD_NETWORK_HEADER() { return 1; }
    public static int NFT_PAYLOAD_TRANSPORT_HEADER() { return 2; }
    public static int NFT_PAYLOAD_INNER_HEADER() { return 3; }
    public static int NFT_PAYLOAD_CSUM_NONE() { return 0; }
    public static int NFT_PAYLOAD_CSUM_INET() { return 1; }
    public static int NFT_PAYLOAD_CSUM_SCTP() { return 2; }
    public static int NFT_PAYLOAD_L4CSUM_PSEUDOHDR() { return 1; }
    public static int NFTA_PAYLOAD_DREG() { return 1; }
    public static int NFTA_PAYLOAD_BASE() { return 2; }
    public static int NFTA_PAYLOAD_OFFSET() { return 3; }
    public static int NFTA_PAYLOAD_LEN() { return 4; }
    public static int NFTA_PAYLOAD_SREG() { return 5; }
    public static int NFTA_PAYLOAD_CSUM_TYPE() { return 6; }
    public static int NFTA_PAYLOAD_CSUM_OFFSET() { return 7; }
    public static int NFTA_PAYLOAD_CSUM_FLAGS() { return 8; }

    // ---- meta ----
    public static int NFT_META_LEN() { return 0; }
    public static int NFT_META_PROTOCOL() { return 1; }
    public static int NFT_META_PRIORITY() { return 2; }
    public static int NFT_META_MARK() { return 3; }
    public static int NFT_META_IIF() { return 4; }
    public static int NFT_META_OIF() { return 5; }
    public static int NFT_META_IIFNAME() { return 6; }
    public static int NFT_META_OIFNAME() { return 7; }
    public static int NFT_META_IFTYPE() { return 8; }
    public static int NFT_META_OIFTYPE() { return 9; }
    public static int NFT_META_SKUID() { return 10; }
    public static int NFT_META_SKGID() { return 11; }
    public static int NFT_META_NFTRACE() { return 12; }
    public static int NFT_META_RTCLASSID() { return 13; }
    public static int NFT_META_SECMARK() { return 14; }
    public static int NFT_META_NFPROTO() { return 15; }
    public static int NFT_META_L4PROTO() { return 16; }
    public static int NFT_META_BRI_IIFNAME() { return 17; }
    public static int NFT_META_BRI_OIFNAME() { return 18; }
    public static int NFT_META_PKTTYPE() { return 19; }
    public static int NFT_META_CPU() { return 20; }
    public static int NFT_META_IIFGROUP() { return 21; }
    public static int NFT_META_OIFGROUP() { return 22; }
    public static int NFT_META_CGROUP() { return 23; }
    public static int NFT_META_PRANDOM() { return 24; }
    public static int NFT_META_SECPATH() { return 25; }
    public static int NFT_META_IIFKIND() { return 26; }
    public static int NFT_META_OIFKIND() { return 27; }
    public static int NFT_META_BRI_IIFPVID() { return 28; }
    public static int NFT_META_BRI_IIFVPROTO() { return 29; }
    public static int NFT_META_TIME_NS() { return 30; }
    public static int NFT_META_TIME_DAY() { return 31; }
    public static int NFT_META_TIME_HOUR() { return 32; }
    public static int NFT_META_SDIF() { return 33; }
    public static int NFT_META_SDIFNAME() { return 34; }
    public static int NFTA_META_DREG() { return 1; }
    public static int NFTA_META_KEY() { return 2; }
    public static int NFTA_META_SREG() { return 3; }
    public static int NFT_META_IIFTYPE() { return 8; }

    // ---- hash ----
    public static int NFT_HASH_JENKINS() { return 0; }
    public static int NFT_HASH_SYM() { return 1; }
    public static int NFTA_HASH_SREG() { return 1; }
    public static int NFTA_HASH_DREG() { return 2; }
    public static int NFTA_HASH_LEN() { return 3; }
    public static int NFTA_HASH_MODULUS() { return 4; }
    public static int NFTA_HASH_SEED() { return 5; }
    public static int NFTA_HASH_OFFSET() { return 6; }
    public static int NFTA_HASH_TYPE() { return 7; }
    public static int NFTA_HASH_SET_NAME() { return 8; }
    public static int NFTA_HASH_SET_ID() { return 9; }

    // ---- ct ----
    public static int NFT_CT_STATE() { return 0; }
    public static int NFT_CT_DIRECTION() { return 1; }
    public static int NFT_CT_STATUS() { return 2; }
    public static int NFT_CT_MARK() { return 3; }
    public static int NFT_CT_SECMARK() { return 4; }
    public static int NFT_CT_EXPIRATION() { return 5; }
    public static int NFT_CT_HELPER() { return 6; }
    public static int NFT_CT_L3PROTOCOL() { return 7; }
    public static int NFT_CT_SRC() { return 8; }
    public static int NFT_CT_DST() { return 9; }
    public static int NFT_CT_PROTOCOL() { return 10; }
    public static int NFT_CT_PROTO_SRC() { return 11; }
    public static int NFT_CT_PROTO_DST() { return 12; }
    public static int NFT_CT_LABELS() { return 13; }
    public static int NFT_CT_PKTS() { return 14; }
    public static int NFT_CT_BYTES() { return 15; }
    public static int NFT_CT_AVGPKT() { return 16; }
    public static int NFT_CT_ZONE() { return 17; }
    public static int NFT_CT_EVENTMASK() { return 18; }
    public static int NFT_CT_SRC_IP() { return 19; }
    public static int NFT_CT_DST_IP() { return 20; }
    public static int NFT_CT_SRC_IP6() { return 21; }
    public static int NFT_CT_DST_IP6() { return 22; }
    public static int NFT_CT_ID() { return 23; }
    public static int NFTA_CT_DREG() { return 1; }
    public static int NFTA_CT_KEY() { return 2; }
    public static int NFTA_CT_DIRECTION() { return 3; }
    public static int NFTA_CT_SREG() { return 4; }

    // ---- counter ----
    public static int NFTA_COUNTER_BYTES() { return 1; }
    public static int NFTA_COUNTER_PACKETS() { return 2; }
    public static int NFTA_COUNTER_PAD() { return 3; }

    // ---- generation ----
    public static int NFTA_GEN_ID() { return 1; }
    public static int NFTA_GEN_PROC_PID() { return 2; }
    public static int NFTA_GEN_PROC_NAME() { return 3; }
}

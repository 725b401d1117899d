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

    // ---- lists and hooks ----
    public static int NFTA_LIST_ELEM() { return 1; }
    public static int NFTA_HOOK_HOOKNUM() { return 1; }
    public static int NFTA_HOOK_PRIORITY() { return 2; }

    // ---- tables ----
    public static int NFTA_TABLE_NAME() { return 1; }
    public static int NFTA_TABLE_FLAGS() { return 2; }
    public static int NFTA_TABLE_HANDLE() { return 4; }

    // ---- chains ----
    public static int NFTA_CHAIN_TABLE() { return 1; }
    public static int NFTA_CHAIN_HANDLE() { return 2; }
    public static int NFTA_CHAIN_NAME() { return 3; }
    public static int NFTA_CHAIN_HOOK() { return 4; }
    public static int NFTA_CHAIN_POLICY() { return 5; }
    public static int NFTA_CHAIN_TYPE() { return 7; }

    // ---- rules ----
    public static int NFTA_RULE_TABLE() { return 1; }
    public static int NFTA_RULE_CHAIN() { return 2; }
    public static int NFTA_RULE_HANDLE() { return 3; }
    public static int NFTA_RULE_EXPRESSIONS() { return 4; }
    public static int NFTA_RULE_USERDATA() { return 7; }

    // ---- sets ----
    public static int NFT_SET_ANONYMOUS() { return 1; }
    public static int NFT_SET_CONSTANT() { return 2; }
    public static int NFT_SET_TIMEOUT() { return 16; }
    public static int NFTA_SET_DESC_SIZE() { return 1; }
    public static int NFTA_SET_TABLE() { return 1; }
    public static int NFTA_SET_NAME() { return 2; }
    public static int NFTA_SET_FLAGS() { return 3; }
    public static int NFTA_SET_KEY_TYPE() { return 4; }
    public static int NFTA_SET_KEY_LEN() { return 5; }
    public static int NFTA_SET_DESC() { return 9; }
    public static int NFTA_SET_ID() { return 10; }
    public static int NFTA_SET_USERDATA() { return 13; }
    public static int NFTA_SET_HANDLE() { return 16; }
    public static int NFTA_SET_EXPR() { return 17; }

    // ---- set elements ----
    public static int NFTA_SET_ELEM_KEY() { return 1; }
    public static int NFTA_SET_ELEM_TIMEOUT() { return 4; }
    public static int NFTA_SET_ELEM_EXPIRATION() { return 5; }
    public static int NFTA_SET_ELEM_EXPR() { return 7; }
    public static int NFTA_SET_ELEM_EXPRESSIONS() { return 11; }
    public static int NFTA_SET_ELEM_LIST_TABLE() { return 1; }
    public static int NFTA_SET_ELEM_LIST_SET() { return 2; }
    public static int NFTA_SET_ELEM_LIST_ELEMENTS() { return 3; }
    public static int NFTA_SET_ELEM_LIST_SET_ID() { return 4; }

    // ---- data and verdicts ----
    public static int NFTA_DATA_VALUE() { return 1; }
    public static int NFTA_DATA_VERDICT() { return 2; }
    public static int NFTA_VERDICT_CODE() { return 1; }
    public static int NFTA_VERDICT_CHAIN() { return 2; }

    // ---- expressions ----
    public static int NFTA_EXPR_NAME() { return 1; }
    public static int NFTA_EXPR_DATA() { return 2; }

    // ---- immediate ----
    public static int NFTA_IMMEDIATE_DREG() { return 1; }
    public static int NFTA_IMMEDIATE_DATA() { return 2; }

    // ---- bitwise ----
    public static int NFT_BITWISE_MASK_XOR() { return 0; }
    public static int NFTA_BITWISE_SREG() { return 1; }
    public static int NFTA_BITWISE_DREG() { return 2; }
    public static int NFTA_BITWISE_LEN() { return 3; }
    public static int NFTA_BITWISE_MASK() { return 4; }
    public static int NFTA_BITWISE_XOR() { return 5; }
    public static int NFTA_BITWISE_OP() { return 6; }

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
    public static int NFT_META_MARK() { return 3; }
    public static int NFT_META_IIF() { return 4; }
    public static int NFT_META_NFPROTO() { return 15; }
    public static int NFT_META_L4PROTO() { return 16; }
    public static int NFT_META_PKTTYPE() { return 19; }
    public static int NFTA_META_DREG() { return 1; }
    public static int NFTA_META_KEY() { return 2; }
    public static int NFTA_META_SREG() { return 3; }

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

    // ---- ct ----
    public static int NFT_CT_STATE() { return 0; }
    public static int NFT_CT_MARK() { return 3; }
    public static int NFT_CT_SRC_IP() { return 19; }
    public static int NFTA_CT_DREG() { return 1; }
    public static int NFTA_CT_KEY() { return 2; }
    public static int NFTA_CT_DIRECTION() { return 3; }
    public static int NFTA_CT_SREG() { return 4; }

    // ---- counter ----
    public static int NFTA_COUNTER_BYTES() { return 1; }
    public static int NFTA_COUNTER_PACKETS() { return 2; }

    // ---- generation ----
    public static int NFTA_GEN_ID() { return 1; }
}

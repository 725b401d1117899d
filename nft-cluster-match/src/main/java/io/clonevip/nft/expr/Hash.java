package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code hash}: {@code dreg = reciprocal_scale(jhash(sreg bytes, len, seed), modulus) + offset}
 * ({@code [ hash reg 1 = jhash(reg 2, 8, 0xc1057e12) % mod 12 offset 1 ]}); or the symmetric
 * flow hash ({@link #SYM}) which has no source, length or seed. A jhash is always sent with its
 * seed: without NFTA_HASH_SEED the kernel draws a random seed per rule and nodes would disagree.
 *
 * @param type    NFTA_HASH_TYPE: {@link #JENKINS} or {@link #SYM}
 * @param sreg    NFTA_HASH_SREG: first register of the hashed bytes (jhash)
 * @param dreg    NFTA_HASH_DREG: destination register
 * @param len     NFTA_HASH_LEN: bytes hashed, from sreg on (each concatenated field padded to 4)
 * @param modulus NFTA_HASH_MODULUS: number of buckets
 * @param seed    NFTA_HASH_SEED: jhash initial value
 * @param offset  NFTA_HASH_OFFSET: added to the result (sent only if non-zero, as nft does)
 */
public record Hash(int type, int sreg, int dreg, int len, int modulus, int seed, int offset) implements Expr {
    public static final int JENKINS = nf_tables_h.NFT_HASH_JENKINS();
    public static final int SYM = nf_tables_h.NFT_HASH_SYM();

    public static Hash jhash(int sreg, int len, int modulus, int seed, int offset, int dreg) {
        return new Hash(JENKINS, sreg, dreg, len, modulus, seed, offset);
    }

    @Override public String name() { return "hash"; }

    @Override
    public void encode(AttrWriter w) {
        if (type == JENKINS) w.be32(nf_tables_h.NFTA_HASH_SREG(), sreg);
        w.be32(nf_tables_h.NFTA_HASH_DREG(), dreg);
        if (type == JENKINS) w.be32(nf_tables_h.NFTA_HASH_LEN(), len);
        w.be32(nf_tables_h.NFTA_HASH_MODULUS(), modulus);
        if (type == JENKINS) w.be32(nf_tables_h.NFTA_HASH_SEED(), seed);
        if (offset != 0) w.be32(nf_tables_h.NFTA_HASH_OFFSET(), offset);
        w.be32(nf_tables_h.NFTA_HASH_TYPE(), type);
    }

    public static Hash decode(Attrs a) throws KernelException {
        return new Hash(Exprs.be32(a, nf_tables_h.NFTA_HASH_TYPE(), JENKINS), Exprs.be32(a, nf_tables_h.NFTA_HASH_SREG(), 0),
                a.require(nf_tables_h.NFTA_HASH_DREG(), "NFTA_HASH_DREG").be32(), Exprs.be32(a, nf_tables_h.NFTA_HASH_LEN(), 0),
                a.require(nf_tables_h.NFTA_HASH_MODULUS(), "NFTA_HASH_MODULUS").be32(), Exprs.be32(a, nf_tables_h.NFTA_HASH_SEED(), 0),
                Exprs.be32(a, nf_tables_h.NFTA_HASH_OFFSET(), 0));
    }

    @Override
    public String toString() {
        String f = type == SYM ? String.format("reg %d = symhash() %% mod %d ", dreg, modulus)
                : String.format("reg %d = jhash(reg %d, %d, 0x%x) %% mod %d ", dreg, sreg, len, seed, modulus);
        return "[ hash " + f + (offset != 0 ? "offset " + Integer.toUnsignedString(offset) + " " : "") + "]";
    }
}

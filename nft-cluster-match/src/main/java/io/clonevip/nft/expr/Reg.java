package io.clonevip.nft.expr;

import io.clonevip.nativ.bind.nf_tables_h;

/**
 * nf_tables register numbers (enum nft_registers). {@code NFT_REG_1..4} name 16-byte registers,
 * {@code NFT_REG32_00..15} the same storage in 4-byte steps: {@code NFT_REG_1} is
 * {@code NFT_REG32_00..03}, {@code NFT_REG_2} is {@code NFT_REG32_04..07}, so the 32-bit register
 * after {@code NFT_REG_2} is {@code NFT_REG32_05} (13). Registers are printed by number, as
 * {@code nft --debug=netlink} does ({@code reg 13}).
 */
public final class Reg {
    private Reg() {}

    public static final int VERDICT = nf_tables_h.NFT_REG_VERDICT();
    public static final int R1 = nf_tables_h.NFT_REG_1();
    public static final int R2 = nf_tables_h.NFT_REG_2();
    public static final int R3 = nf_tables_h.NFT_REG_3();
    public static final int R4 = nf_tables_h.NFT_REG_4();

    /** {@code NFT_REG32_nn}. */
    public static int reg32(int n) {
        if (n < 0 || n > 15) throw new IllegalArgumentException("NFT_REG32_" + n + " does not exist");
        return nf_tables_h.NFT_REG32_00() + n;
    }

    /**
     * The 32-bit register {@code words} 4-byte steps after the start of {@code reg} (a 16-byte
     * register {@code NFT_REG_1..4} or a 32-bit one): where nft puts the next part of a
     * concatenation ({@code ip saddr . th sport}: saddr in reg 2, sport in {@code after(R2, 1)} = 13).
     * Numbered as nft numbers it: a register that starts a 16-byte register by its 16-byte number
     * ({@code ip6 saddr . th sport}: sport in {@code after(R2, 4)} = reg 3, not {@code NFT_REG32_08} = 16;
     * both name the same storage).
     */
    public static int after(int reg, int words) {
        int base = reg >= nf_tables_h.NFT_REG32_00() ? reg - nf_tables_h.NFT_REG32_00() : (reg - R1) * 4;
        int n = base + words;
        return n % 4 == 0 ? R1 + n / 4 : reg32(n);
    }
}

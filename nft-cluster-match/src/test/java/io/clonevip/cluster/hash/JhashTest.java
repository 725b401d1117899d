package io.clonevip.cluster.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JhashTest {

    /** Vectors from the reference-lab python model (checked there against the kernel: 1,200/1,200 flows). */
    @Test
    void matchesReferenceModelForEveryKeyLength0To40() {
        List<String[]> rows = Vectors.read("jhash-raw.csv");
        assertEquals(123, rows.size());
        for (String[] row : rows) {
            byte[] key = Vectors.hex(row[0]);
            assertEquals(Vectors.u32(row[2]), Jhash.jhash(key, key.length, Vectors.u32(row[1])),
                    () -> "key " + row[0] + " initval " + row[1]);
        }
    }

    @Test
    void emptyKeyIsTheInitialStateWithoutFinalMix() {
        assertEquals(0xdeadbeef, Jhash.jhash(new byte[0], 0, 0));
        assertEquals(0xdeadbeef + 7, Jhash.jhash(new byte[0], 0, 7));
    }

    @Test
    void offsetFormHashesTheSlice() {
        byte[] key = {9, 9, (byte) 0xc0, 0, 2, 0x32, (byte) 0x90, (byte) 0xed, 0, 0, 9};
        byte[] slice = {(byte) 0xc0, 0, 2, 0x32, (byte) 0x90, (byte) 0xed, 0, 0};
        assertEquals(Jhash.jhash(slice, 8, 0xc1057e12), Jhash.jhash(key, 2, 8, 0xc1057e12));
        assertEquals(0x629ef636, Jhash.jhash(slice, 8, 0xc1057e12)); // lab: 192.0.2.50 sport 37101
        assertThrows(IndexOutOfBoundsException.class, () -> Jhash.jhash(key, 4, 8, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Jhash.jhash(key, 12, 0));
    }

    /** On a little-endian CPU jhash over 4n bytes equals jhash2 over the n little-endian words. */
    @Test
    void byteKeyOfWholeWordsEqualsJhash2AndTheNwordsForms() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 2000; round++) {
            int words = 1 + round % 8;
            byte[] key = new byte[words * 4];
            int[] w = new int[words];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) random.nextInt(256);
            }
            for (int i = 0; i < words; i++) {
                w[i] = Jhash.le32(key, i * 4);
            }
            int seed = random.nextInt();
            int expected = Jhash.jhash(key, key.length, seed);
            assertEquals(expected, Jhash.jhash2(w, words, seed));
            switch (words) {
                case 1 -> assertEquals(expected, Jhash.jhash1Word(w[0], seed));
                case 2 -> assertEquals(expected, Jhash.jhash2Words(w[0], w[1], seed));
                case 3 -> assertEquals(expected, Jhash.jhash3Words(w[0], w[1], w[2], seed));
                default -> { }
            }
        }
        assertEquals(0xdeadbeef + 5, Jhash.jhash2(new int[0], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Jhash.jhash2(new int[2], 3, 0));
    }

    @Test
    void reciprocalScaleIsTheHighWordOfTheUnsignedProduct() {
        assertEquals(0, Jhash.reciprocalScale(0, 12));
        assertEquals(11, Jhash.reciprocalScale(0xffffffff, 12));
        assertEquals(6, Jhash.reciprocalScale(0x80000000, 12));
        assertEquals(5, Jhash.reciprocalScale(0x7fffffff, 12));
        assertEquals(4095, Jhash.reciprocalScale(-1, 4096));
        assertEquals(0, Jhash.reciprocalScale(-1, 1));
        assertEquals(0xfffffffe, Jhash.reciprocalScale(-1, -1)); // (2^32-1)^2 >> 32
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            int n = 1 + random.nextInt(4096);
            int bucket = Jhash.reciprocalScale(random.nextInt(), n);
            assertTrue(bucket >= 0 && bucket < n);
        }
    }
}

package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BucketSetTest {

    @Test
    void parsesAndFormatsCompactly() {
        BucketSet set = BucketSet.parse("1,2,5-7", 12);
        assertEquals("1-2,5-7", set.format());
        assertArrayEquals(new int[] {1, 2, 5, 6, 7}, set.toArray());
        assertEquals(5, set.size());
        assertEquals(12, set.total());
        assertEquals("1-3,7", BucketSet.parse(" 7 , 3,1-2, 2 ", 12).toString());
        assertEquals("1-12", BucketSet.parse("1-12", 12).format());
        assertEquals("4096", BucketSet.parse("4096", 4096).format());
        assertEquals("", BucketSet.parse("  ", 12).format());
        assertTrue(BucketSet.parse("", 12).isEmpty());
        assertEquals(BucketSet.of(12, 1, 2, 3, 7), BucketSet.parse("1-3,7", 12));
    }

    @Test
    void addRemoveContainsAndOrderedIteration() {
        BucketSet set = BucketSet.empty(12).with(7).with(1).with(7);
        assertEquals("1,7", set.format());
        assertTrue(set.contains(7));
        assertFalse(set.contains(2));
        assertFalse(set.contains(0));
        assertFalse(set.contains(13));
        assertSame(set, set.with(1));
        assertSame(set, set.without(2));
        BucketSet smaller = set.without(7);
        assertEquals("1", smaller.format());
        assertEquals("1,7", set.format()); // unchanged
        List<Integer> seen = new ArrayList<>();
        BucketSet.parse("64-66,1,128,4000", 4096).forEach(seen::add);
        assertEquals(List.of(1, 64, 65, 66, 128, 4000), seen);
        assertNotEquals(BucketSet.of(12, 1), BucketSet.of(13, 1));
        assertEquals(BucketSet.of(12, 1).hashCode(), BucketSet.parse("1", 12).hashCode());
    }

    @Test
    void allAndEmptyAtWordBoundaries() {
        for (int total : new int[] {1, 63, 64, 65, 128, 4095, 4096}) {
            BucketSet all = BucketSet.all(total);
            assertEquals(total, all.size());
            assertEquals(total == 1 ? "1" : "1-" + total, all.format());
            assertEquals(all, BucketSet.parse(all.format(), total));
            assertEquals(0, BucketSet.empty(total).size());
        }
    }

    @Test
    void roundTripsRandomSets() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 300; round++) {
            int total = 1 + random.nextInt(200);
            TreeSet<Integer> model = new TreeSet<>();
            BucketSet set = BucketSet.empty(total);
            for (int i = random.nextInt(total + 1); i > 0; i--) {
                int k = 1 + random.nextInt(total);
                model.add(k);
                set = set.with(k);
            }
            assertEquals(model.size(), set.size());
            assertEquals(model.stream().mapToInt(Integer::intValue).boxed().toList(), toList(set));
            assertEquals(set, BucketSet.parse(set.format(), total));
        }
    }

    @Test
    void errorsNameTheBadBucketAndTheRange() {
        assertMessage("1,13", 12, "invalid bucketSet '13': expected buckets within 1..12 (bucket 13 is out of range)");
        assertMessage("0", 12, "invalid bucketSet '0': expected buckets within 1..12 (bucket 0 is out of range)");
        assertMessage("5-13", 12, "invalid bucketSet '5-13': expected buckets within 1..12 (bucket 13 is out of range)");
        assertMessage("7-5", 12, "invalid bucketSet '7-5': expected an ascending range a-b within 1..12 (7 > 5)");
        assertMessage("1,x", 12, "invalid bucketSet 'x': expected a bucket number or range a-b within 1..12");
        assertMessage("1,,2", 12, "invalid bucketSet '': expected a bucket number or range a-b within 1..12");
        assertMessage("-3", 12, "invalid bucketSet '-3'");
        assertMessage("1-", 12, "invalid bucketSet '1-'");
        assertMessage("99999999999", 12, "invalid bucketSet '99999999999'");
        assertMessage(null, 12, "invalid bucketSet (none)");
        assertEquals("invalid buckets '0': expected an integer 1..4096",
                assertThrows(ClusterSpecException.class, () -> BucketSet.parse("1", 0)).getMessage());
        assertThrows(ClusterSpecException.class, () -> BucketSet.all(4097));
        assertThrows(ClusterSpecException.class, () -> BucketSet.of(12, 13));
        assertThrows(ClusterSpecException.class, () -> BucketSet.empty(12).with(0));
        assertThrows(ClusterSpecException.class, () -> BucketSet.empty(12).without(13));
    }

    private static List<Integer> toList(BucketSet set) {
        List<Integer> out = new ArrayList<>();
        set.forEach(out::add);
        return out;
    }

    private static void assertMessage(String text, int total, String expectedPart) {
        String message = assertThrows(ClusterSpecException.class, () -> BucketSet.parse(text, total)).getMessage();
        assertTrue(message.contains(expectedPart), message);
    }
}

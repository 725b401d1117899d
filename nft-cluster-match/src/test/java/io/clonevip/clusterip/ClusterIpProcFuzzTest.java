package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.clonevip.nativ.KernelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The content of a live {@code /proc/net/ipt_CLUSTERIP/<vip>} (one read(2), ASCII) through
 * {@link ClusterIpProc#parse}, mutated by Jazzer: only {@link KernelException} may come out.
 * Seeds under {@code ClusterIpProcFuzzTestInputs}: what the kernel prints (docs/developer/clusterip.md).
 */
class ClusterIpProcFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseOnlyThrowsKernelException(byte[] read) {
        try {
            String.valueOf(ClusterIpProc.parse(new String(read, StandardCharsets.US_ASCII)));
        } catch (KernelException expected) {
            // not what the kernel prints
        }
    }

    @Test
    void kernelContentParses() throws Exception {
        assertEquals(List.of(1, 3), List.copyOf(ClusterIpProc.parse("1,3\n")));
        assertEquals(List.of(), List.copyOf(ClusterIpProc.parse("\n")));
    }
}

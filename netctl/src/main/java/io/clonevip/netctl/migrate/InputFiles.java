package io.clonevip.netctl.migrate;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpProc;
import io.clonevip.clusterip.save.IptablesSave;
import io.clonevip.clusterip.save.IptablesSaveParser;
import io.clonevip.clusterip.save.MigrationPlan;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the migration's input files and turns model errors into netctl's exit codes. */
public final class InputFiles {
    private InputFiles() {}

    /** The whole file as UTF-8 text; a missing file is a usage error, bad encoding a bad input file. */
    public static String read(Path file) {
        if (!Files.isRegularFile(file)) throw new NetctlException(ExitCodes.USAGE, file + ": no such file");
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new NetctlException(ExitCodes.BAD_INPUT_FILE, file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new NetctlException(ExitCodes.FAILURE, file + ": cannot read: " + e.getMessage());
        }
    }

    /** The plan from an iptables-save file and, when procDir is not null, every file in procDir. */
    public static MigrationPlan plan(Path iptablesSave, Path procDir) {
        try {
            IptablesSave save = IptablesSaveParser.parse(iptablesSave.toString(), read(iptablesSave));
            List<ClusterIpProc> procs = new ArrayList<>();
            if (procDir != null) {
                if (!Files.isDirectory(procDir)) throw new NetctlException(ExitCodes.USAGE, procDir + ": no such directory");
                List<Path> files;
                try (Stream<Path> s = Files.list(procDir)) {
                    files = s.sorted().toList();
                } catch (IOException e) {
                    throw new NetctlException(ExitCodes.FAILURE, procDir + ": cannot list: " + e.getMessage());
                }
                for (Path f : files) {
                    if (!Files.isRegularFile(f)) {
                        throw new NetctlException(ExitCodes.BAD_INPUT_FILE, f + ": not a regular file (a copy of"
                                + " /proc/net/ipt_CLUSTERIP holds one file per VIP)");
                    }
                    procs.add(ClusterIpProc.copy(f.toString(), f.getFileName().toString(), read(f)));
                }
            }
            return MigrationPlan.of(save, procs);
        } catch (ClusterIpException e) {
            throw new NetctlException(ExitCodes.BAD_INPUT_FILE, e.getMessage());
        }
    }
}

package io.clonevip.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a lab run left behind, for the check after its teardown: network namespaces whose name
 * starts with the run's prefix, mounts whose line names one of the run's markers, and directories
 * of the run that still exist. The one leftovers check of the Pacemaker and end-to-end labs.
 */
public final class Leftovers {

    private Leftovers() {
    }

    /** One line per thing left: {@code netns NAME}, {@code mount LINE} or {@code dir PATH}. */
    public static List<String> of(String netnsPrefix, List<String> mountMarkers, List<Path> dirs) {
        List<String> left = new ArrayList<>();
        try {
            Path netns = Path.of("/run/netns");      // where ip netns keeps its names
            if (Files.isDirectory(netns)) {
                try (var names = Files.list(netns)) {
                    names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(netnsPrefix))
                            .sorted().forEach(n -> left.add("netns " + n));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                if (mountMarkers.stream().anyMatch(line::contains)) {
                    left.add("mount " + line);
                }
            }
        } catch (IOException e) {
            left.add("cannot check: " + e.getMessage());
        }
        for (Path p : dirs) {
            if (Files.exists(p)) {
                left.add("dir " + p);
            }
        }
        return left;
    }
}

package io.clonevip.testkit.guest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the old-kernel guest: whether it ended in time, its exit status, its console log.
 *
 * @param finished whether the guest ended within {@link OldKernelGuest#LIMIT}
 * @param exit     the guest's exit status (-1 when it did not end)
 * @param log      everything the guest printed
 * @param logFile  where that was written
 * @param took     wall time, boot included
 */
public record GuestRun(boolean finished, int exit, String log, Path logFile, Duration took) {

    /**
     * What is wrong with the run, empty when it passed: it did not end, a check printed
     * {@code FAIL: }, the all-passed line or one of the {@code parts} that must have run is
     * missing, or a non-zero exit status.
     */
    public List<String> problems(String... parts) {
        List<String> problems = new ArrayList<>();
        if (!finished) {
            problems.add("guest run did not end within " + OldKernelGuest.LIMIT.toSeconds() + " s");
        }
        log.lines().filter(l -> l.contains("FAIL: ")).forEach(problems::add);
        if (!log.contains("GUEST-CHECK: all passed")) {
            problems.add("guest check did not report success");
        }
        for (String part : parts) {
            if (!log.contains(part)) {
                problems.add("part did not run: " + part);
            }
        }
        if (finished && exit != 0) {
            problems.add("guest exit status " + exit);
        }
        if (!problems.isEmpty()) {
            problems.add("log: " + logFile);
        }
        return problems;
    }
}

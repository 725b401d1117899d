package io.clonevip.pacemaker;

import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import java.io.IOException;
import java.util.Optional;

/** The agents' view of a {@link PacemakerLab}: crm_mon through {@link CrmMonView}, commands through a {@link CommandRunner}. */
public final class LabView {

    private LabView() {
    }

    /** Node {@code n}'s view of the cluster. */
    public static CrmMonView status(PacemakerLab lab, int n) {
        return CrmMonView.parse(lab.crmMonXml(n));
    }

    /** Node attribute {@code name} of node {@code n} as the cluster (CIB status) has it. */
    public static Optional<String> nodeAttribute(PacemakerLab lab, int n, String name) {
        return status(lab, n).attribute(PacemakerLab.nodeName(n), name);
    }

    /** A {@link CommandRunner} that runs each command inside node {@code n} (a command past its deadline: IOException). */
    public static CommandRunner runnerIn(PacemakerLab lab, int n) {
        return (argv, timeout) -> {
            try {
                Cmd c = lab.exec(n, argv, timeout);
                return new CommandResult(c.exit(), c.out(), c.err());
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}

package io.clonevip.pacemaker;

import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.time.Duration;

/**
 * A tiny program that tests run inside a lab node ({@code pcmk-lab.sh x N java -cp ...}) to
 * use {@link NodeAttributes#local()} exactly as an agent on that node would:
 * {@code set NAME VALUE [DAMPEN_MS] | set-if-changed NAME VALUE | get NAME | delete NAME | node}.
 * Prints the result; on failure prints the message (no stack trace) and exits 1.
 */
public final class NodeAttributesProbe {

    private NodeAttributesProbe() {
    }

    public static void main(String[] args) {
        try {
            NodeAttributes attributes = NodeAttributes.local();
            String out = switch (args[0]) {
                case "set" -> {
                    if (args.length > 3) {
                        attributes.set(args[1], args[2], Duration.ofMillis(Long.parseLong(args[3])));
                    } else {
                        attributes.set(args[1], args[2]);
                    }
                    yield "set via " + attributes.tool().program();
                }
                case "set-if-changed" -> attributes.setIfChanged(args[1], args[2]) ? "written" : "unchanged";
                case "get" -> attributes.get(args[1]).orElse("(unset)");
                case "delete" -> {
                    attributes.delete(args[1]);
                    yield "deleted";
                }
                case "node" -> attributes.nodeName();
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
            System.out.println(out);
        } catch (NodeAttributeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}

package io.clonevip.netctl;

import picocli.CommandLine.Option;

/** The {@code --json} switch of read commands (mixin). */
public final class JsonOption {
    @Option(names = "--json", description = "Print machine-readable JSON (one document; shape documented in docs/reference/netctl.md).")
    boolean json;

    public boolean json() { return json; }
}

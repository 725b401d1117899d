package io.clonevip.ocf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Regenerates the agent parameter references {@code docs/reference/agents/<agent>.md} from the
 * meta-data models of every agent in the {@link AgentCatalog}.
 * Usage: {@code AgentDocs [docs/reference/agents]}.
 */
public final class AgentDocs {

    private AgentDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/reference/agents");
        for (Path written : write(dir, AgentCatalog.registered())) {
            System.out.println("wrote " + written);
        }
    }

    /** Writes one Markdown file per agent into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir, List<OcfAgent> agents) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (OcfAgent a : agents) {
            AgentMetaData md = a.metaData();
            Path file = dir.resolve(md.name() + ".md");
            Files.writeString(file, MetaDataMarkdown.render(md), StandardCharsets.UTF_8);
            out.add(file);
        }
        return out;
    }
}

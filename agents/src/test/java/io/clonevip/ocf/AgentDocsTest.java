package io.clonevip.ocf;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentDocsTest {
    /** Surefire runs in the module directory. */
    static final Path DOCS = Path.of("..", "docs", "reference", "agents");
    private static final String REGENERATE =
            " is out of date: regenerate with AgentDocs (see docs/developer/ocf-framework.md)";

    @Test
    void committedReferencesEqualTheModels() throws IOException {
        for (OcfAgent agent : AgentCatalog.registered()) {
            AgentMetaData md = agent.metaData();
            Path file = DOCS.resolve(md.name() + ".md");
            assertTrue(Files.exists(file), file + " missing: regenerate with AgentDocs");
            assertEquals(MetaDataMarkdown.render(md), Files.readString(file), file + REGENERATE);
        }
    }

    @Test
    void noReferenceWithoutAnAgent() throws IOException {
        Set<String> expected = AgentCatalog.registered().stream().map(a -> a.metaData().name() + ".md")
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> present = new TreeSet<>();
        if (Files.isDirectory(DOCS)) {
            try (Stream<Path> files = Files.list(DOCS)) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".md")).forEach(present::add);
            }
        }
        assertEquals(expected, present, "docs/reference/agents/*.md must match the registered agents");
    }

    @Test
    void rendersTheTestAgentAsTheGoldenFile() throws IOException {
        String golden;
        try (InputStream in = getClass().getResourceAsStream("StateFile.md")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(golden, MetaDataMarkdown.render(new StateFileAgent().metaData()));
    }

    @Test
    void writeProducesOneFilePerAgent() throws IOException {
        Path dir = Files.createTempDirectory("clonevip-ocf-docs-");
        try {
            List<Path> written = AgentDocs.write(dir, List.of(new StateFileAgent()));
            assertEquals(List.of(dir.resolve("StateFile.md")), written);
            assertEquals(MetaDataMarkdown.render(new StateFileAgent().metaData()), Files.readString(written.getFirst()));
        } finally {
            for (Path f : Files.list(dir).toList()) {
                Files.delete(f);
            }
            Files.delete(dir);
        }
    }
}

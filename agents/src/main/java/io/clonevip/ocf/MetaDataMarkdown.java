package io.clonevip.ocf;

/**
 * Renders {@link AgentMetaData} as the Markdown parameter reference committed under
 * {@code docs/reference/agents/<agent>.md}. A test keeps the committed files equal to this output;
 * {@link AgentDocs} regenerates them.
 */
public final class MetaDataMarkdown {

    private MetaDataMarkdown() {
    }

    public static String render(AgentMetaData md) {
        StringBuilder m = new StringBuilder(4096);
        m.append("<!-- Generated from the agent's meta-data model by io.clonevip.ocf.AgentDocs: do not edit. -->\n");
        m.append("# ").append(md.name()).append(" (ocf:clonevip:").append(md.name()).append(")\n\n");
        m.append("Version ").append(md.version()).append(". ").append(md.shortdesc().strip()).append("\n\n");
        m.append(md.longdesc().strip()).append("\n\n");
        m.append("## Parameters\n\n");
        if (md.parameters().isEmpty()) {
            m.append("None.\n\n");
        } else {
            m.append("| name | type | default | required | unique | description |\n");
            m.append("|---|---|---|---|---|---|\n");
            for (Parameter p : md.parameters()) {
                m.append("| `").append(p.name()).append("` | ").append(type(p)).append(" | ")
                        .append(p.defaultValue() == null ? "" : "`" + cell(p.defaultValue()) + "`").append(" | ")
                        .append(p.required() ? "yes" : "").append(" | ")
                        .append(p.unique() ? "yes" : "").append(" | ")
                        .append(cell(p.shortdesc().strip())).append(" |\n");
            }
            m.append('\n');
            for (Parameter p : md.parameters()) {
                m.append("### `").append(p.name()).append("`\n\n");
                m.append(MetaDataXml.longdesc(p).strip()).append("\n");
                if (!p.aliases().isEmpty()) {
                    m.append("\nDeprecated names, read when `").append(p.name()).append("` is not set: `")
                            .append(String.join("`, `", p.aliases())).append("`.\n");
                }
                if (p.secret()) {
                    m.append("\nSecret: never printed in logs or exit reasons.\n");
                }
                m.append('\n');
            }
        }
        m.append("## Actions\n\n| action | timeout | interval | depth |\n|---|---|---|---|\n");
        for (ActionSpec a : md.actions()) {
            m.append("| ").append(a.action().ocfName()).append(a.role() == null ? "" : " (" + a.role() + ")")
                    .append(" | ").append(a.timeout()).append(" | ")
                    .append(a.interval() == null ? "" : a.interval()).append(" | ")
                    .append(a.depth() == null ? "" : a.depth()).append(" |\n");
        }
        return m.toString();
    }

    private static String type(Parameter p) {
        return p.type() == ParameterType.SELECT ? String.join(" \\| ", p.choices()) : p.type().dtdType();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}

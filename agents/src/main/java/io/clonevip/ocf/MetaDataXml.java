package io.clonevip.ocf;

/**
 * Renders {@link AgentMetaData} as the XML that {@code meta-data} prints, valid against
 * ra-api-1.dtd (OCF 1.0 as shipped in resource-agents' {@code /usr/share/resource-agents}).
 * The output depends on the model only, never on the environment, so it can be cached.
 */
public final class MetaDataXml {

    private MetaDataXml() {
    }

    public static String render(AgentMetaData md) {
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\"?>\n");
        x.append("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n");
        x.append("<resource-agent name=\"").append(attr(md.name())).append("\" version=\"")
                .append(attr(md.version())).append("\">\n");
        x.append("<version>1.0</version>\n");
        desc(x, "longdesc", md.longdesc());
        desc(x, "shortdesc", md.shortdesc());
        x.append("\n<parameters>\n");
        for (Parameter p : md.parameters()) {
            parameter(x, p.name(), p.required(), p.unique(), longdesc(p), p.shortdesc(), p.type(), p.defaultValue());
            for (String alias : p.aliases()) {
                parameter(x, alias, false, false,
                        "Deprecated alias of " + p.name() + ", read only when " + p.name() + " is not set.",
                        "Deprecated: use " + p.name(), p.type(), null);
            }
        }
        x.append("</parameters>\n\n<actions>\n");
        for (ActionSpec a : md.actions()) {
            x.append("<action name=\"").append(a.action().ocfName()).append("\" timeout=\"").append(attr(a.timeout()))
                    .append('"');
            if (a.interval() != null) {
                x.append(" interval=\"").append(attr(a.interval())).append('"');
            }
            if (a.depth() != null) {
                x.append(" depth=\"").append(a.depth()).append('"');
            }
            if (a.role() != null) {
                x.append(" role=\"").append(attr(a.role())).append('"');
            }
            x.append("/>\n");
        }
        x.append("</actions>\n</resource-agent>\n");
        return x.toString();
    }

    /** The long description, with the allowed values of a select appended. */
    static String longdesc(Parameter p) {
        if (p.type() != ParameterType.SELECT) {
            return p.longdesc();
        }
        String text = p.longdesc().strip();
        String sep = text.isEmpty() || text.endsWith(".") ? " " : ". ";
        return text + sep + "Allowed values: " + String.join(", ", p.choices()) + ".";
    }

    private static void parameter(StringBuilder x, String name, boolean required, boolean unique, String longdesc,
                                  String shortdesc, ParameterType type, String defaultValue) {
        x.append("<parameter name=\"").append(name).append("\" unique=\"").append(unique ? 1 : 0)
                .append("\" required=\"").append(required ? 1 : 0).append("\">\n");
        desc(x, "longdesc", longdesc);
        desc(x, "shortdesc", shortdesc);
        x.append("<content type=\"").append(type.dtdType()).append('"');
        if (defaultValue != null) {
            x.append(" default=\"").append(attr(defaultValue)).append('"');
        }
        x.append("/>\n</parameter>\n");
    }

    private static void desc(StringBuilder x, String element, String text) {
        x.append('<').append(element).append(" lang=\"en\">\n").append(text(text.strip())).append("\n</")
                .append(element).append(">\n");
    }

    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}

package io.clonevip.netctl.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start tags of a well-formed XML text in document order, with the character positions of
 * each tag and of each attribute value, so that single attribute values can be changed without
 * re-serialising (and so re-formatting) the document. Skips comments, processing instructions,
 * CDATA sections, the XML declaration, a DOCTYPE and end tags. The k-th tag here is the k-th
 * element of a DOM of the same text.
 */
final class XmlStartTags {
    private XmlStartTags() {}

    /** An attribute value's span (between the quotes). */
    record Span(int start, int end) {}

    /** One start tag: its name, [start, end) in the text, whether it ends with "/>", and its attributes. */
    record Tag(String name, int start, int end, boolean empty, Map<String, Span> attributes) {}

    static List<Tag> scan(String xml) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while ((i = xml.indexOf('<', i)) >= 0) {
            if (xml.startsWith("<!--", i)) {
                i = skipPast(xml, i, "-->");
            } else if (xml.startsWith("<![CDATA[", i)) {
                i = skipPast(xml, i, "]]>");
            } else if (xml.startsWith("<?", i)) {
                i = skipPast(xml, i, "?>");
            } else if (xml.startsWith("<!", i)) {
                i = skipDeclaration(xml, i);
            } else if (xml.startsWith("</", i)) {
                i = skipPast(xml, i, ">");
            } else {
                Tag t = tag(xml, i);
                tags.add(t);
                i = t.end();
            }
        }
        return tags;
    }

    private static Tag tag(String xml, int start) {
        int i = start + 1;
        int nameStart = i;
        while (i < xml.length() && !isSpace(xml.charAt(i)) && xml.charAt(i) != '>' && xml.charAt(i) != '/') i++;
        String name = xml.substring(nameStart, i);
        Map<String, Span> attrs = new LinkedHashMap<>();
        while (i < xml.length()) {
            char c = xml.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '>') {
                return new Tag(name, start, i + 1, false, attrs);
            } else if (c == '/' && i + 1 < xml.length() && xml.charAt(i + 1) == '>') {
                return new Tag(name, start, i + 2, true, attrs);
            } else {
                int an = i;
                while (xml.charAt(i) != '=' && !isSpace(xml.charAt(i))) i++;
                String attr = xml.substring(an, i);
                while (xml.charAt(i) != '"' && xml.charAt(i) != '\'') i++;
                char quote = xml.charAt(i);
                int vs = i + 1;
                int ve = xml.indexOf(quote, vs);
                attrs.put(attr, new Span(vs, ve));
                i = ve + 1;
            }
        }
        throw new IllegalArgumentException("unterminated start tag at offset " + start);
    }

    private static int skipPast(String xml, int from, String end) {
        int e = xml.indexOf(end, from);
        if (e < 0) throw new IllegalArgumentException("unterminated markup at offset " + from);
        return e + end.length();
    }

    /** A DOCTYPE, possibly with an internal subset in brackets. */
    private static int skipDeclaration(String xml, int from) {
        int depth = 0;
        for (int i = from; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == '>' && depth == 0) return i + 1;
        }
        throw new IllegalArgumentException("unterminated declaration at offset " + from);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}

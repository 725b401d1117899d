package io.clonevip.netctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small strict JSON reader for the tests: objects → LinkedHashMap, arrays → List, integers → Long, other numbers → Double. */
public final class JsonText {
    private final String s;
    private int i;

    private JsonText(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        JsonText p = new JsonText(text.strip());
        Object v = p.value();
        if (p.i != p.s.length()) throw new IllegalArgumentException("trailing data at " + p.i);
        return v;
    }

    private Object value() {
        char c = s.charAt(i);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': expect("true"); return Boolean.TRUE;
            case 'f': expect("false"); return Boolean.FALSE;
            case 'n': expect("null"); return null;
            default: return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        if (s.charAt(i) == '}') { i++; return m; }
        while (true) {
            String k = string();
            expect(":");
            if (m.put(k, value()) != null) throw new IllegalArgumentException("duplicate key " + k);
            char c = s.charAt(i++);
            if (c == '}') return m;
            if (c != ',') throw new IllegalArgumentException("expected , or } at " + (i - 1));
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        if (s.charAt(i) == ']') { i++; return l; }
        while (true) {
            l.add(value());
            char c = s.charAt(i++);
            if (c == ']') return l;
            if (c != ',') throw new IllegalArgumentException("expected , or ] at " + (i - 1));
        }
    }

    private String string() {
        if (s.charAt(i) != '"') throw new IllegalArgumentException("expected string at " + i);
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw new IllegalArgumentException("raw control character in string at " + (i - 1));
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'u' -> { sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Object number() {
        int st = i;
        if (s.charAt(i) == '-') i++;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (st == i) throw new IllegalArgumentException("unexpected character at " + i);
        boolean real = false;
        while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) { real = true; i++; }
        return real ? (Object) Double.parseDouble(s.substring(st, i)) : (Object) Long.parseLong(s.substring(st, i));
    }

    /** The object at {@code text}'s top level. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        return (Map<String, Object>) parse(text);
    }

    private void expect(String w) {
        if (!s.startsWith(w, i)) throw new IllegalArgumentException("expected " + w + " at " + i);
        i += w.length();
    }
}

package io.clonevip.nativ;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the bind package declares, found reflectively so that new classes and constants are
 * covered without listing them: header classes (constants = public static no-argument methods
 * with upper-case names returning int or long; functions = {@code name$address()} methods) and
 * struct classes (a static {@code layout()}).
 */
final class BindPackage {
    static final String PACKAGE = "io.clonevip.nativ.bind";

    /** A macro bound as a static method; {@code isInt} when its Java type is {@code int} (a 32-bit pattern). */
    record Constant(String cls, String name, long value, boolean isInt) {}

    record Field(String struct, String name, long offset, long size) {}

    final List<Class<?>> classes = new ArrayList<>();
    final TreeMap<String, Constant> constants = new TreeMap<>();
    final TreeMap<String, GroupLayout> structs = new TreeMap<>();
    final List<String> functions = new ArrayList<>();

    static BindPackage load() throws Exception {
        BindPackage p = new BindPackage();
        URL url = BindPackage.class.getClassLoader().getResource(PACKAGE.replace('.', '/'));
        if (url == null || !"file".equals(url.getProtocol())) throw new IllegalStateException("bind package not found as a directory: " + url);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (!n.endsWith(".class") || n.contains("$") || n.equals("package-info.class")) continue;
                p.classes.add(Class.forName(PACKAGE + "." + n.substring(0, n.length() - 6)));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Class<?> c : p.classes) p.add(c);
        return p;
    }

    private void add(Class<?> c) throws ReflectiveOperationException {
        Method layout = null;
        try {
            layout = c.getMethod("layout");
        } catch (NoSuchMethodException e) {
            // a header class
        }
        if (layout != null && Modifier.isStatic(layout.getModifiers()) && GroupLayout.class.isAssignableFrom(layout.getReturnType())) {
            structs.put(c.getSimpleName(), (GroupLayout) layout.invoke(null));
            return;
        }
        for (Method m : c.getDeclaredMethods()) {
            int mod = m.getModifiers();
            if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || m.getParameterCount() != 0) continue;
            if (m.getName().endsWith("$address")) {
                functions.add(m.getName().substring(0, m.getName().length() - "$address".length()));
            } else if (m.getName().matches("[A-Z][A-Z0-9_]*") && (m.getReturnType() == int.class || m.getReturnType() == long.class)) {
                long v = ((Number) m.invoke(null)).longValue();
                Constant k = new Constant(c.getSimpleName(), m.getName(), v, m.getReturnType() == int.class);
                Constant old = constants.put(m.getName(), k);
                if (old != null && old.value() != v) {
                    throw new IllegalStateException(m.getName() + " differs between " + old.cls() + " and " + k.cls());
                }
            }
        }
    }

    /** The named members of a struct, with offsets and sizes. */
    static List<Field> fields(String struct, GroupLayout l) {
        List<Field> out = new ArrayList<>();
        for (MemoryLayout m : l.memberLayouts()) {
            if (m.name().isEmpty()) continue; // padding
            String n = m.name().get();
            out.add(new Field(struct, n, l.byteOffset(MemoryLayout.PathElement.groupElement(n)), m.byteSize()));
        }
        return out;
    }
}

package io.clonevip.ocf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * clonevip's version, the Maven project's: the build writes it into {@code version.properties}
 * next to this class. The agents' meta-data carries it (the {@code version} attribute), so that
 * {@code crm_resource --show-metadata} tells which build a node runs; netctl --version shows the same.
 */
public final class ProductVersion {
    private static final String CURRENT = load();

    private ProductVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        return CURRENT;
    }

    private static String load() {
        try (InputStream in = ProductVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties missing next to " + ProductVersion.class.getName());
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (!v.matches("[0-9A-Za-z.+~-]+")) {
                throw new IllegalStateException("version.properties has no version filled in by the build: '" + v + "'");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

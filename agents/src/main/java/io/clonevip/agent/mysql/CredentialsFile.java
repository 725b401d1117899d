package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The {@code credentials_file} parameter: a MySQL option file whose {@code [client]} section
 * (or a file without sections) gives {@code user=} and {@code password=}. Refused when group- or
 * world-readable, or owned by someone other than root or the user running the monitor.
 */
public record CredentialsFile(String user, Secret password) {
    static final String PARAMETER = "credentials_file";

    public static CredentialsFile read(Path file) throws MonitorConfigException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new MonitorConfigException(PARAMETER, file + " is not a readable file", MonitorConfigException.OCF_ERR_INSTALLED);
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                throw new MonitorConfigException(PARAMETER, file + " is readable by group or others (chmod 600 it)",
                        MonitorConfigException.OCF_ERR_PERM);
            }
            int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (owner != 0 && owner != self) {
                throw new MonitorConfigException(PARAMETER, file + " is owned by uid " + owner + ", not by root or uid " + self,
                        MonitorConfigException.OCF_ERR_PERM);
            }
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MonitorConfigException(PARAMETER, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                    MonitorConfigException.OCF_ERR_INSTALLED);
        }
    }

    static CredentialsFile parse(List<String> lines) throws MonitorConfigException {
        String section = "client";
        String user = null;
        String password = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            if (!section.equals("client")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip().replace('-', '_');
            String value = unquote(line.substring(eq + 1).strip());
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            }
        }
        if (password == null) {
            throw new MonitorConfigException(PARAMETER, "no password= line in its [client] section");
        }
        return new CredentialsFile(user, Secret.of(password));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}

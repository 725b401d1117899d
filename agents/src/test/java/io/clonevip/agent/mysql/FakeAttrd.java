package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * An {@code attrd_updater} stand-in for the shell agent's tests (no Pacemaker): a script in
 * {@code <dir>/bin} that logs each call's arguments to {@code <dir>/attrd.log}, keeps values in
 * {@code <dir>/attrs/<name>} ({@code -U}/{@code -B} set, {@code -D} empties as attrd does),
 * answers {@code -Q} like attrd_updater 2.1.5 with {@code --output-as=xml} (an {@code <attribute
 * name value host>} element; exit 78 for an attribute attrd never had) and refuses writes (exit 1) while {@code <dir>/refuse}
 * exists. Each call's environment is appended to {@code <dir>/attrd.env} (what a child of the agent
 * or the daemon was given). The real one is exercised in {@code MysqlMonitorAgentIT}.
 */
final class FakeAttrd {
    private final Path dir;

    private FakeAttrd(Path dir) {
        this.dir = dir;
    }

    static FakeAttrd in(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("attrs"));
        Path script = bin.resolve("attrd_updater");
        Files.writeString(script, """
                #!/bin/sh
                d='%s'
                echo "$*" >> "$d/attrd.log"
                env >> "$d/attrd.env"
                name= op= value= node=node1
                while [ $# -gt 0 ]; do
                  case $1 in
                    -n) name=$2; shift ;;
                    -U|-B) op=set; value=$2; shift ;;
                    -D) op=delete ;;
                    -Q) op=query ;;
                    -N) node=$2; shift ;;
                    -d) shift ;;
                  esac
                  shift
                done
                case $op in
                  set|delete)
                    [ -e "$d/refuse" ] && { echo "Could not update $name: refused (test)" >&2; exit 1; }
                    printf '%%s' "$value" > "$d/attrs/$name" ;;
                  query)
                    [ -e "$d/attrs/$name" ] || { echo "Could not query value of $name: attribute does not exist" >&2; exit 78; }
                    printf '<pacemaker-result api-version="2.25" request="attrd_updater -Q"><attribute name="%%s" value="%%s" host="%%s"/><status code="0" message="OK"/></pacemaker-result>\\n' "$name" "$(cat "$d/attrs/$name")" "$node" ;;
                esac
                """.formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new FakeAttrd(dir);
    }

    Path bin() {
        return dir.resolve("bin");
    }

    /** The value attrd would report, empty when it never had the attribute. */
    Optional<String> value(String name) throws IOException {
        Path f = dir.resolve("attrs").resolve(name);
        return Files.exists(f) ? Optional.of(Files.readString(f)) : Optional.empty();
    }

    /** Somebody else sets (or with null, deletes) the attribute. */
    void set(String name, String value) throws IOException {
        Files.writeString(dir.resolve("attrs").resolve(name), value == null ? "" : value);
    }

    void refuseWrites(boolean refuse) throws IOException {
        if (refuse) {
            Files.writeString(dir.resolve("refuse"), "");
        } else {
            Files.deleteIfExists(dir.resolve("refuse"));
        }
    }

    /** The environments of all calls so far, one {@code env} dump after the other. */
    String environments() throws IOException {
        Path env = dir.resolve("attrd.env");
        return Files.exists(env) ? Files.readString(env) : "";
    }

    List<String> calls() throws IOException {
        Path log = dir.resolve("attrd.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}

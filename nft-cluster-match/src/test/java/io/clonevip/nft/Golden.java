package io.clonevip.nft;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden files under src/test/resources/nft-reference. */
final class Golden {
    private Golden() {}

    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/nft-reference/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource nft-reference/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** libmnl output without ANSI colours and with the ACK flag column normalised to nft's {@code R---}. */
    static String plainMnl(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "").replace("| R-A- |", "| R--- |");
    }

    /** The golden libmnl print from the message of type {@code type} (e.g. 00016, BATCH_BEGIN) on. */
    static String mnlFrom(String golden, String type) {
        List<String> lines = golden.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| " + type + " |")) return String.join("\n", lines.subList(i - 2, lines.size())) + "\n";
        }
        throw new IllegalStateException("no message of type " + type + " in golden file");
    }

    /** The rule blocks of an {@code nft --debug=netlink} print: heading line + expression lines. */
    static List<String> ruleBlocks(String debug) {
        List<String> blocks = new ArrayList<>();
        List<String> lines = debug.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (i + 1 < lines.size() && lines.get(i + 1).startsWith("  [ ")) {
                StringBuilder b = new StringBuilder(lines.get(i));
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("  [ ")) b.append('\n').append(lines.get(++i));
                blocks.add(b.toString());
            }
        }
        return blocks;
    }
}

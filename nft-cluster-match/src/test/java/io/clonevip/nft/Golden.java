package io.clonevip.nft;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the files under src/test/resources/nft-reference. */
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
}

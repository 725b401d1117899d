package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Reads request lines from the daemon's named pipe. The pipe is opened read-write, so it never
 * reports end-of-file when the last client closes it. Every client line is one write of fewer
 * than PIPE_BUF bytes, hence never interleaved with another; an overlong line is skipped.
 */
final class RequestPipe implements AutoCloseable {
    private final FileChannel ch;

    private RequestPipe(FileChannel ch) {
        this.ch = ch;
    }

    /** Opens the pipe: from here on, what clients write waits in it for {@link #readLines}. */
    static RequestPipe open(Path path) throws IOException {
        return new RequestPipe(FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
    }

    /** Hands every line to {@code lines} until the pipe fails (the daemon is stopping). */
    void readLines(Consumer<String> lines) throws IOException {
        {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            byte[] line = new byte[Request.MAX_LINE + 1];
            int len = 0;
            boolean overlong = false;
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b == '\n') {
                        if (!overlong) {
                            lines.accept(new String(line, 0, len, StandardCharsets.UTF_8));
                        }
                        len = 0;
                        overlong = false;
                    } else if (len < line.length) {
                        line[len++] = b;
                    } else {
                        overlong = true;
                    }
                }
                buf.clear();
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}

package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decisions into the reader and writer attribute values and writes them through
 * {@link NodeAttributes} (dampened by {@code dampen}, none when zero) only when they differ from
 * what it last wrote: one attrd_updater per change, no query per check. The reader is Percona's
 * countdown: a healthy check sets it to reader_failcount, a failing one lowers it by one down to
 * 0. It starts at 0, so a failing first check gives 0 at once. A failed write is retried on the
 * next check.
 */
public final class AttributePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(AttributePublisher.class);
    private static final int UNKNOWN = -1;

    private final NodeAttributes attributes;
    private final Duration dampen;
    private final String readerName;
    private final String writerName;
    private final int readerFailcount;
    private final String[] values; // "0".."reader_failcount": no allocation per check
    private int countdown;
    private int wantedWriter;
    private int writtenReader = UNKNOWN;
    private int writtenWriter = UNKNOWN;

    public AttributePublisher(NodeAttributes attributes, Duration dampen, String readerName, String writerName,
                              int readerFailcount) {
        this.attributes = attributes;
        this.dampen = dampen;
        this.readerName = readerName;
        this.writerName = writerName;
        this.readerFailcount = readerFailcount;
        this.values = new String[Math.max(readerFailcount, 1) + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = Integer.toString(i);
        }
    }

    /** Applies one decision; returns true when an attribute was written. */
    public boolean publish(Decision d) {
        countdown = d.readerHealthy() ? readerFailcount : Math.max(0, countdown - 1);
        wantedWriter = d.writable() ? 1 : 0;
        return write(countdown, wantedWriter);
    }

    /** Sets both attributes to 0 (stop, shutdown). */
    public boolean publishZero() {
        countdown = 0;
        wantedWriter = 0;
        return write(0, 0);
    }

    /**
     * Forgets what was written, so that the next {@link #publish} writes both attributes again
     * (the level-10 monitor found attrd holding other values than the ones written here).
     */
    public void forget() {
        writtenReader = UNKNOWN;
        writtenWriter = UNKNOWN;
    }

    /** The reader value the last decision asks for (written or not). */
    public int wantedReader() {
        return countdown;
    }

    /** The writer value the last decision asks for (written or not). */
    public int wantedWriter() {
        return wantedWriter;
    }

    /** The reader value last written successfully, -1 when unknown (the last write failed). */
    public int reader() {
        return writtenReader;
    }

    /** The writer value last written successfully, -1 when unknown (the last write failed). */
    public int writer() {
        return writtenWriter;
    }

    private boolean write(int reader, int writer) {
        boolean wrote = false;
        if (reader != writtenReader) {
            wrote |= send(readerName, reader, true);
        }
        if (writer != writtenWriter) {
            wrote |= send(writerName, writer, false);
        }
        return wrote;
    }

    private boolean send(String name, int value, boolean reader) {
        try {
            attributes.set(name, values[value], dampen);
            if (reader) {
                writtenReader = value;
            } else {
                writtenWriter = value;
            }
            return true;
        } catch (NodeAttributeException e) {
            LOG.warn("could not set attribute {}={}: {}", name, value, e.getMessage());
            if (reader) {
                writtenReader = UNKNOWN;
            } else {
                writtenWriter = UNKNOWN;
            }
            return false;
        }
    }
}

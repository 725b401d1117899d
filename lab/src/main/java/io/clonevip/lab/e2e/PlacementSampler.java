package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples the VIP buckets' placement and every node's writer attribute into a {@link Timeline}
 * as fast as crm_mon answers (one sample every 150-400 ms here), from the first node in {@code viewers} that is not
 * excluded (crashed or cut off) and has quorum.
 */
public final class PlacementSampler implements AutoCloseable {

    private final E2eLab lab;
    private final Timeline timeline;
    private final String primitive;
    private final String writerAttribute;
    private final List<Integer> viewers;
    private final Set<Integer> excluded = new CopyOnWriteArraySet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile CrmMonView last;

    public PlacementSampler(E2eLab lab, Timeline timeline, String primitive, String writerAttribute, List<Integer> viewers) {
        this.lab = lab;
        this.timeline = timeline;
        this.primitive = primitive;
        this.writerAttribute = writerAttribute;
        this.viewers = List.copyOf(viewers);
        this.thread = Thread.ofPlatform().daemon().name("placement-sampler").start(this::loop);
    }

    /** Stop asking node n (about to crash or be cut off). */
    public void exclude(int n) {
        excluded.add(n);
    }

    public void include(int n) {
        excluded.remove(n);
    }

    /** The latest quorate view, or null before the first. */
    public CrmMonView last() {
        return last;
    }

    private void loop() {
        while (running.get()) {
            boolean sampled = false;
            for (int n : viewers) {
                if (excluded.contains(n)) {
                    continue;
                }
                try {
                    long t = timeline.now();
                    CrmMonView m = lab.status(n);
                    if (!m.quorum() || excluded.contains(n)) {
                        continue;
                    }
                    long mid = (t + timeline.now()) / 2;
                    Map<String, String> writable = new TreeMap<>();
                    m.attributes().forEach((node, attrs) -> {
                        if (attrs.containsKey(writerAttribute)) {
                            writable.put(node, attrs.get(writerAttribute));
                        }
                    });
                    timeline.sample(mid, m.buckets(primitive), writable);
                    last = m;
                    sampled = true;
                    break;
                } catch (RuntimeException e) {
                    // node not answering: ask the next one
                }
            }
            if (!sampled) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}

package io.clonevip.nft;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;

/**
 * The one retry loop over the ruleset generation: read the generation, let the planner read and
 * plan, apply the batch only if the generation is still the same (the kernel refuses it with
 * ERESTART otherwise), and start over when another process changed the ruleset in between
 * (several Pacemaker instances of one clone start at the same moment; there is no lock file).
 * A plan with nothing to apply is checked by reading the generation again: its reads, several
 * dumps, must all have seen one ruleset. A read that fails because what it read vanished
 * (ENOENT, EINTR) starts over when the generation moved, and is real when it did not.
 */
public final class GenerationRetry {
    /** How often an operation starts over while other processes keep changing the ruleset. */
    static final int MAX_ATTEMPTS = 20;

    private final NftConn conn;

    GenerationRetry(NftConn conn) { this.conn = conn; }

    <T> Applied<T> run(Planner<T> planner) throws KernelException {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= MAX_ATTEMPTS;
            int gen = conn.getGenId();
            Plan<T> p;
            try {
                p = conn.plan(planner);
            } catch (KernelException e) {
                boolean vanished = e.is(Errno.ENOENT) || e.is(Errno.EINTR);
                if (!vanished || last || conn.getGenId() == gen) throw e;
                continue;
            }
            if (p.batch().isEmpty()) {
                if (conn.getGenId() == gen) return new Applied<>(p.value(), gen);
                if (last) {
                    throw new KernelException("consistent read", Errno.ERESTART,
                            "the ruleset changed during each of " + attempt + " reads");
                }
                continue;
            }
            try {
                conn.apply(p.batch(), gen);
                return new Applied<>(p.value(), next(gen));
            } catch (KernelException e) {
                boolean raced = e.is(Errno.ERESTART) || e.is(Errno.EEXIST) || e.is(Errno.ENOENT) || e.is(Errno.EBUSY);
                if (!raced || last) throw e;
                Thread.onSpinWait();
            }
        }
    }

    /** The generation after one commit at {@code gen}: the kernel counts commits, skipping 0. */
    public static int next(int gen) {
        return gen + 1 == 0 ? 1 : gen + 1;
    }
}

package io.clonevip.lab.e2e;

import java.util.List;

/**
 * One planned event of the drain harness (a desync, a resync, a standby, an online) and when
 * it settled, in ms since the run's start.
 *
 * @param name    what was done, e.g. {@code standby node2}
 * @param at      when it was done
 * @param placed  when crm_mon showed the placement it leads to
 * @param settled when the cluster had nothing left to do ({@code crm_resource --wait}) and no node
 *                drained or guarded a bucket any more
 * @param counted when every pool connection had answered again and the processlists were read
 * @param orphans the server sessions no client connection owned at {@code counted}
 */
public record MoveEvent(String name, long at, long placed, long settled, long counted, List<ServerSession> orphans) {

    public MoveEvent {
        orphans = List.copyOf(orphans);
    }
}

package io.clonevip.lab.e2e;

/**
 * One client query through the VIP ({@code SELECT @@hostname} on a new connection).
 *
 * @param startMillis when it was sent, ms since the scenario's start
 * @param millis      how long it took (connect + query), ms
 * @param sourcePort  the client's source port (chosen before the connect)
 * @param bucket      the hash bucket of (client address, source port), 1-based
 * @param answeredBy  the answering member's @@hostname, or null when it failed
 * @param error       why it failed (exception class and SQL state), or null
 */
public record Query(long startMillis, long millis, int sourcePort, int bucket, String answeredBy, String error) {

    public boolean ok() {
        return answeredBy != null;
    }
}

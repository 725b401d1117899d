package io.clonevip.lab.net;

/** One client exchange with the VIP and how it ended. */
public record Flow(Proto proto, int sourcePort, Outcome outcome, String answeredBy) {

    /** Transport protocol of a flow. */
    public enum Proto { TCP, UDP }

    /** How an exchange ended, from the client's side. */
    public enum Outcome { ANSWERED, TIMEOUT, RESET, ERROR }

    public boolean answered() { return outcome == Outcome.ANSWERED; }
}

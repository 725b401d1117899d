package io.clonevip.packet;

/** Which gratuitous ARP form to send: requests, replies, or both in each round (heartbeat's send_arp). */
public enum ArpMode {
    /** ARP request for the VIP (RFC 5227 announcement; what the kernel itself sends). */
    REQUEST,
    /** ARP reply for the VIP (what {@code arping -A} sends). */
    REPLY,
    /** A request and a reply in each round. */
    BOTH
}

package io.clonevip.packet;

/**
 * A frame read from a {@link PacketSocket}: its bytes from the Ethernet header on, the
 * {@code PACKET_*} type the kernel gave it (host, broadcast, multicast, otherhost, outgoing) and
 * its EtherType.
 */
public record ReceivedFrame(byte[] bytes, int packetType, int etherType) {}

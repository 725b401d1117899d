/**
 * AF_PACKET frames: {@link io.clonevip.packet.PacketSocket} (send and receive whole Ethernet
 * frames on one interface), {@link io.clonevip.packet.GratuitousArp} and
 * {@link io.clonevip.packet.UnsolicitedNa} (announce a VIP, optionally with the cluster MAC).
 * Frame bytes are built and read only through {@link io.clonevip.packet.FrameWriter} and
 * {@link io.clonevip.packet.FrameReader}, which hold all byte order of this package.
 */
package io.clonevip.packet;

/*
 * The C headers whose functions, structs and macros clonevip binds through FFM
 * (package io.clonevip.nativ.bind, hand-written in jextract's shape).
 *
 * Used by regenerate.sh (jextract input, together with includes.txt) and by NativeLayoutTest,
 * which compiles a probe program against this file and compares every layout and constant of
 * the bind package with what gcc sees. Binding a new header = one #include line here.
 */
#ifndef CLONEVIP_H
#define CLONEVIP_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* setns, CLONE_NEWNET, open_memstream */
#endif

/* libc */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/stat.h>        /* statx, struct statx (glibc >= 2.28, with _GNU_SOURCE) */
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <net/if.h>          /* before linux/if.h: libc-compat then skips the duplicates */
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <netinet/tcp.h>      /* the TCP states (TCP_ESTABLISHED, ...) */

/* kernel UAPI */
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <linux/if_arp.h>
#include <linux/sockios.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv4/ipt_CLUSTERIP.h>

/* libmnl (libmnl-dev) */
#include <libmnl/libmnl.h>

#endif

/*
 * udpflood: sends small UDP datagrams to ADDR:PORT for SECONDS from NSOCK sockets (distinct
 * source ports, so the flows spread over the buckets), in batches of 64 with sendmmsg, and
 * prints "sent <packets> ns <elapsed> errors <n> cpu_ns <own CPU time>" (the CPU time includes the
 * softirq receive work the kernel runs in this thread's context). Used only inside the bench's network-namespace lab
 * (bench/dataplane.sh); compiled there at run time. With BASEPORT, socket i sends from port
 * BASEPORT + i (the same flows from run to run), else from ports the kernel picks.
 * Usage: udpflood ADDR PORT SECONDS NSOCK [BASEPORT]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAXSOCK 64

static long long clock_ns(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: udpflood ADDR PORT SECONDS NSOCK [BASEPORT]\n");
        return 2;
    }
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((unsigned short) atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
        fprintf(stderr, "udpflood: bad address %s\n", argv[1]);
        return 2;
    }
    double seconds = atof(argv[3]);
    int nsock = atoi(argv[4]);
    if (nsock < 1 || nsock > MAXSOCK || seconds <= 0 || seconds > 120) {
        fprintf(stderr, "udpflood: NSOCK 1..%d, SECONDS 0..120\n", MAXSOCK);
        return 2;
    }
    int baseport = argc == 6 ? atoi(argv[5]) : 0;
    if (baseport < 0 || baseport + nsock > 65535) {
        fprintf(stderr, "udpflood: BASEPORT 1..%d\n", 65535 - nsock);
        return 2;
    }
    int fds[MAXSOCK];
    for (int i = 0; i < nsock; i++) {
        fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
        struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = htons((unsigned short) (baseport + i))};
        if (fds[i] >= 0 && baseport > 0) {
            int one = 1;
            setsockopt(fds[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (bind(fds[i], (struct sockaddr *) &src, sizeof src) < 0) {
                fprintf(stderr, "udpflood: bind port %d: %s\n", baseport + i, strerror(errno));
                return 1;
            }
        }
        if (fds[i] < 0 || connect(fds[i], (struct sockaddr *) &dst, sizeof dst) < 0) {
            fprintf(stderr, "udpflood: socket/connect: %s\n", strerror(errno));
            return 1;
        }
    }
    static char payload[18] = "clonevip-bench";
    struct iovec iov = {.iov_base = payload, .iov_len = sizeof payload};
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    long long cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    long long start = now_ns();
    long long end = start + (long long) (seconds * 1e9);
    long long sent = 0, errors = 0, t = start;
    for (int round = 0; t < end; round++) {
        int n = sendmmsg(fds[round % nsock], msgs, BATCH, 0);
        if (n > 0) sent += n;
        else errors++;
        if ((round & 15) == 0) t = now_ns();
    }
    long long elapsed = now_ns() - start;
    long long cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    printf("sent %lld ns %lld errors %lld cpu_ns %lld\n", sent, elapsed, errors, cpu);
    return 0;
}

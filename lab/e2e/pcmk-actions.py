#!/usr/bin/env python3
"""Pacemaker action timeline of a kept lab (docs/measurements/e2e.md, "Why a 12-bucket move takes the time it takes"): reads the nodes'
pacemaker.log files and prints, for one resource prefix, every transition the DC calculated
(with its planned actions) and every start/stop: when the DC initiated it, when its result came
back, wall time, and how many actions of the resource were in flight on that node at once.

Usage: pcmk-actions.py PCMK_LAB_DIR [RESOURCE_PREFIX] [FROM_HH:MM:SS] [TO_HH:MM:SS]
PCMK_LAB_DIR: /tmp/clonevip-pcmk-<id> kept by CLONEVIP_LAB_KEEP=1 (pcmk-lab.sh).
"""
import glob
import re
import statistics
import sys

lab = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else "p_cluster_vip"
t_from = sys.argv[3] if len(sys.argv) > 3 else "00:00:00"
t_to = sys.argv[4] if len(sys.argv) > 4 else "99:99:99"

INIT = re.compile(r"Initiating (start|stop) operation (\S+)_(?:start|stop)_0 (?:locally )?on (\S+)")
RESULT = re.compile(r"Result of (start|stop) operation for (\S+) on (\S+): (\S+)")
CALC = re.compile(r"Calculated transition (\d+)")
ACTION = re.compile(r"Actions: (\w+)\s+(\S+)\s+\(\s*(.*?)\s*\)")
DONE = re.compile(r"Transition (\d+) \(Complete=(\d+).*\): (\w+)")
ABORT = re.compile(r"Transition (\d+) aborted by (\S+)")

lines = []
for f in glob.glob(f"{lab}/node*/log/pacemaker/pacemaker.log"):
    with open(f, errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) > 3 and t_from <= parts[2] <= t_to:
                lines.append((parts[2], line))
lines.sort(key=lambda x: x[0])

def sec(t):
    h, m, s = t.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)

pending = {}
inflight = {}
durations = {"start": [], "stop": []}
for t, line in lines:
    if m := CALC.search(line):
        print(f"{t} transition {m.group(1)} calculated")
    elif (m := ACTION.search(line)) and m.group(2).startswith(prefix):
        print(f"{t}   plan {m.group(1)} {m.group(2)} ({m.group(3)})")
    elif (m := DONE.search(line)):
        print(f"{t} transition {m.group(1)} {m.group(3)} (complete {m.group(2)})")
    elif (m := ABORT.search(line)) and "pacemaker-controld" in line:
        print(f"{t} transition {m.group(1)} aborted by {m.group(2)}")
    elif (m := INIT.search(line)) and m.group(2).startswith(prefix):
        op, rsc, node = m.groups()
        inflight[node] = inflight.get(node, 0) + 1
        pending[(op, rsc, node)] = t
        print(f"{t}   {op} {rsc} on {node} initiated ({inflight[node]} in flight there)")
    elif (m := RESULT.search(line)) and m.group(2).startswith(prefix) and "graph action" in line:
        op, rsc, node, rc = m.groups()
        t0 = pending.pop((op, rsc, node), None)
        if t0 is None:
            continue
        inflight[node] -= 1
        d = sec(t) - sec(t0)
        durations[op].append(d)
        print(f"{t}   {op} {rsc} on {node}: {rc} after {d:.2f} s")
for op, d in durations.items():
    if d:
        print(f"{op}: {len(d)} actions, median {statistics.median(d):.2f} s, min {min(d):.2f}, max {max(d):.2f}")

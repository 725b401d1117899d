#!/usr/bin/env python3
"""Markdown table of the end-to-end timings (docs/measurements/e2e.md) from one or more timings files written
by E2eDemo --timings (lab/e2e/demo.sh, lab/e2e/compare-ipaddr2.sh): the rounds of every run with
the same label are pooled; each cell is "median (min-max, n)" in seconds. Runs whose nodes ran
clonevip-agentd add a row with what it served (AgentdTally; summed over the runs).

Usage: timings-table.py FILE... [--only TRANSITION,TRANSITION...]
"""
import statistics
import sys
from collections import OrderedDict

files = [a for a in sys.argv[1:] if not a.startswith("--")]
only = None
if "--only" in sys.argv:
    only = sys.argv[sys.argv.index("--only") + 1].split(",")
    files = [f for f in files if f != sys.argv[sys.argv.index("--only") + 1]]

values = OrderedDict()   # transition -> label -> [ms]
labels = []
loads = {}
queries = {}
agentd = {}
for f in files:
    for line in open(f):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3:
            continue
        label, what = cols[0], cols[1]
        if label not in labels:
            labels.append(label)
        if what == "loadavg at the end":
            loads.setdefault(label, []).append(cols[2].split()[0])
        elif what == "agentd":
            a = agentd.setdefault(label, [0, 0, 0, 0])
            for i in range(4):
                a[i] += int(cols[2 + i])
        elif what == "queries":
            q = queries.setdefault(label, [0, 0, 0, 0])
            for i in range(4):
                q[i] += int(cols[2 + i])
        elif len(cols) >= 7 and cols[6]:
            values.setdefault(what, OrderedDict()).setdefault(label, []).extend(int(v) for v in cols[6].split(","))

def cell(v, digits=1):
    if not v:
        return "—"
    f = f".{digits}f"
    return f"{statistics.median(v) / 1000:{f}} ({min(v) / 1000:{f}}–{max(v) / 1000:{f}}, {len(v)})"

print("| transition | " + " | ".join(labels) + " |")
print("|---|" + "---|" * len(labels))
for what, per in values.items():
    if only and what not in only:
        continue
    digits = 2 if "execution time" in what else 1   # agent actions: tens of ms with agentd
    print(f"| {what} | " + " | ".join(cell(per.get(l, []), digits) for l in labels) + " |")
print("| client queries (failed; outside moving buckets; violations) | " + " | ".join(
    "{} ({}; {}; {})".format(*queries[l]) if l in queries else "—" for l in labels) + " |")
if agentd:
    print("| agentd: actions served; VIP starts/stops (in a JVM of their own); refused or given up | " + " | ".join(
        "{}; {} ({}); {}".format(*agentd[l]) if l in agentd else "—" for l in labels) + " |")
print("| load average at the end of each run | " + " | ".join(", ".join(loads.get(l, [])) for l in labels) + " |")

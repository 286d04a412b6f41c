#!/usr/bin/env python3
"""Two builds side by side: both serve a fresh demo database; for each page, wrk -t2 -c32
runs ROUNDS times on each, alternating (old, new, then new, old...), SECONDS each; prints
the median requests/s and p99 of each and the ratio new/old.

Usage: bench_side_by_side.py OLD_BINARY NEW_BINARY [SECONDS] [ROUNDS] [PAGE,PAGE...]
(build the old one from an earlier commit: git checkout COMMIT && swift build -c release,
copy .build/release/alliances aside, git checkout main)"""
import os, re, statistics, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer
old_bin, new_bin = sys.argv[1], sys.argv[2]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
pages = sys.argv[5].split(",") if len(sys.argv) > 5 else ["/", "/labs/alsace/organisations", "/labs/alsace/organisations?q=emploi", "/labs/alsace/recherche?q=numerique", "/labs/alsace/carte",
         "/labs/alsace/besoins", "/labs/alsace/barometre", "/evenements/alliances-2027", "/api/v1/labs/alsace/organisations",
         "/evenements/alliances-2027/intervenants", "/evenements/alliances-2027/inscription", "/evenements/alliances-2027/schedule.json", "/evenements/alliances-2027/programme.ics"]
def ms(text):
    v = float(re.match(r"([\d.]+)", text).group(1)); u = re.sub(r"[\d.]", "", text)
    return v * {"us": 0.001, "ms": 1, "s": 1000}[u]
def wrk(url):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p99, int(errors.group(1)) if errors else 0
with DemoServer(old_bin, prefix="sbs-old-") as old, DemoServer(new_bin, prefix="sbs-new-") as new:
    print(f"| page | old req/s | new req/s | new/old | old p99 | new p99 |")
    print("|---|---:|---:|---:|---:|---:|")
    ratios = []
    for page in pages:
        results = {"old": [], "new": []}
        for server in (old, new):
            subprocess.run(["curl", "-sf", "-o", "/dev/null", server.base + page])
        for r in range(rounds):
            order = [("old", old), ("new", new)] if r % 2 == 0 else [("new", new), ("old", old)]
            for name, server in order:
                results[name].append(wrk(server.base + page))
        o = statistics.median(x[0] for x in results["old"]); n = statistics.median(x[0] for x in results["new"])
        op = statistics.median(x[1] for x in results["old"]); np_ = statistics.median(x[1] for x in results["new"])
        errs = sum(x[2] for v in results.values() for x in v)
        ratios.append(n / o)
        print(f"| `{page}` | {o:,.0f} | {n:,.0f} | {n/o:.3f} | {op:.1f} ms | {np_:.1f} ms |" + (f" errors {errs}" if errs else ""), flush=True)
    print(f"geometric mean new/old: {statistics.geometric_mean(ratios):.3f}")

#!/usr/bin/env python3
"""Load: wrk at 32 connections on the main pages of the demo (fresh SQLite database), a
bounded time per page; prints a Markdown table (requests/s, p99, errors) for
BENCHMARKS.md and fails if any response is an error (non-2xx/3xx, socket errors).

Usage: check_load.py PATH_TO_ALLIANCES_BINARY [SECONDS_PER_PAGE]
(use a release build for the figures: swift build -c release)
"""
import os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

binary = sys.argv[1]
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
pages = ["/", "/labs/alsace/organisations", "/labs/alsace/organisations?q=emploi", "/labs/alsace/recherche?q=numerique", "/labs/alsace/carte",
         "/labs/alsace/besoins", "/labs/alsace/barometre", "/evenements/pionniers-2015", "/api/v1/labs/alsace/organisations"]
rows, failures = [], []


def milliseconds(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.sub(r"[\d.]", "", text)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


with DemoServer(binary, prefix="alliances-load-") as server:
    for page in pages:
        out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", server.base + page], capture_output=True, text=True, timeout=seconds + 60).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p99 = milliseconds(re.search(r"\s99%\s+(\S+)", out).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sockets = re.search(r"Socket errors: (.*)", out)
        bad = (int(errors.group(1)) if errors else 0)
        if sockets and any(int(n) > 0 for n in re.findall(r"(\d+)", sockets.group(1))):
            bad += 1
            failures.append(f"{page}: socket errors ({sockets.group(1)})")
        if errors:
            failures.append(f"{page}: {errors.group(1)} error responses")
        rows.append((page, rate, p99, bad))

print(f"| page (wrk -t2 -c32 -d{seconds}s) | requests/s | p99 | errors |")
print("|---|---|---|---|")
for page, rate, p99, bad in rows:
    print(f"| `{page}` | {rate:,.0f} | {p99:.1f} ms | {bad} |")
for failure in failures:
    print("FAIL:", failure)
print(f"load: {len(rows) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)

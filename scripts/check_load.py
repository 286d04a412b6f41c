#!/usr/bin/env python3
"""Load: wrk at 32 connections on the main pages of the demo (fresh SQLite database), a
bounded time per page; prints a Markdown table (requests/s, p99, errors) for
BENCHMARKS.md and fails if any response is an error (non-2xx/3xx, socket errors).

Usage: check_load.py PATH_TO_ALLIANCES_BINARY [SECONDS_PER_PAGE] [--write]
(use a release build for the figures: swift build -c release; --write puts the table and
the date into BENCHMARKS.md, between its `load:begin` and `load:end` markers)
"""
import datetime, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

arguments = [a for a in sys.argv[1:] if a != "--write"]
write = "--write" in sys.argv
binary = arguments[0]
seconds = int(arguments[1]) if len(arguments) > 1 else 10
pages = ["/", "/labs/alsace/organisations", "/labs/alsace/organisations?q=emploi", "/labs/alsace/recherche?q=numerique", "/labs/alsace/carte",
         "/labs/alsace/besoins", "/labs/alsace/barometre", "/evenements/alliances-2027", "/api/v1/labs/alsace/organisations"]
rows, failures = [], []


def milliseconds(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.sub(r"[\d.]", "", text)
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


# One address sends everything here: its API budget is raised (the limit is checked apart).
with DemoServer(binary, prefix="alliances-load-", args=["--api-requests-per-address-per-minute", "100000000"]) as server:
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

table = [f"| page (wrk -t2 -c32 -d{seconds}s) | requests/s | p99 | errors |", "|---|---|---|---|"]
table += [f"| `{page}` | {rate:,.0f} | {p99:.1f} ms | {bad} |" for page, rate, p99, bad in rows]
print("\n".join(table))
if write and not failures:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "BENCHMARKS.md")
    text = open(path, encoding="utf-8").read()
    begin, end = "<!-- load:begin -->", "<!-- load:end -->"
    block = f"{begin}\nRun of {datetime.date.today().isoformat()}:\n\n" + "\n".join(table) + f"\n{end}"
    text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)
    print("BENCHMARKS.md updated")
for failure in failures:
    print("FAIL:", failure)
print(f"load: {len(rows) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)

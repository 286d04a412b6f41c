#!/usr/bin/env python3
"""No double booking (issue "Experience library and pooled resources"): owners accept
overlapping requests at the same instant.

Usage: check_bookings.py ALLIANCES_BINARY [REQUESTS]

On SQLite (one server) and, when ALLIANCES_TEST_POSTGRES_URL is set, on PostgreSQL with two
app instances on one database (a database of its own): a resource of 2 units open every
day, REQUESTS (300 by default) booking requests on one day ten days ahead, of 1 or 2 units,
overlapping in every way (written as the server writes them), then 16 signed-in sessions
of the lending organisation's member, alternately on either instance, accept all of them
at once (32 connections). Then, read in the database:
- at no minute of the day do accepted bookings hold more than 2 units;
- every acceptance the server answered 303 is an accepted booking, every 409 (stock taken,
  said in French) a request still waiting; nothing else was answered;
- a request that still fits once all is done is accepted when asked again (the refusals
  were the stock's, not errors).
Prints one line per check and the acceptance rate; the exit status says whether all passed.
BOOKINGS_BENCH=1 adds the benchmark of `bench` (32 owners at once, each on a resource of
their own: from 32 Python threads, then from wrk with `bookings_accept.lua`) for
BENCHMARKS.md.
"""
import http.cookiejar
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import datetime
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import AppServer, postgres_instances  # noqa: E402
from check_votes import Engine  # noqa: E402

binary = os.path.abspath(sys.argv[1])
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
STOCK = 2
PASSWORD = "mot-de-passe-des-reservations"
OWNER = "pret@transports.example"
results: list[bool] = []


def record(name: str, ok: bool, detail: str = "") -> None:
    results.append(ok)
    print(f"{'pass' if ok else 'FAIL'}: {name}" + ("" if ok else f" — {detail[:800]}"))


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else 0.0


def day_index(date: datetime.date) -> int:
    return (date - datetime.date(1970, 1, 1)).days


def prepare(engine: Engine, database: str, url: str | None) -> tuple[int, int, list[int]]:
    """The lending organisation's member account, the resource, and the requests."""
    organisation = int(engine.run("SELECT id FROM organisations WHERE name = 'Transports Rhénans (démo)';")[0][0])
    lab = int(engine.run("SELECT id FROM labs WHERE slug = 'alsace';")[0][0])
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url:
        env["DATABASE_URL"] = url
    subprocess.run([binary, "admin", "create-user", "--database", database, "--email", OWNER, "--role", "membre",
                    "--organisation", str(organisation)], input=PASSWORD + "\n", text=True, check=True, capture_output=True, env=env)
    now = int(time.time())
    hours = ";".join(f"{d}=00:00-24:00" for d in range(1, 8))
    engine.script(
        "INSERT INTO resources (lab_id, organisation_id, kind, title, folded, audience, conditions, quantity, hours, closed_dates, status, created_at, updated_at) "
        f"VALUES ({lab}, {organisation}, 'materiel', 'Vidéoprojecteurs du contrôle', 'videoprojecteurs du controle', 'labo', 'gratuit', {STOCK}, '{hours}', '', 'active', {now}, {now});")
    resource = int(engine.run("SELECT MAX(id) FROM resources;")[0][0])
    day = day_index(datetime.date.today() + datetime.timedelta(days=10)) * 1440
    rng = random.Random(2015)
    rows = []
    for n in range(REQUESTS):
        start = day + rng.randrange(8 * 60, 18 * 60, 15)
        end = start + rng.choice([30, 60, 90, 120, 240])
        rows.append(f"({resource}, {organisation}, {start}, {end}, {rng.choice([1, 1, 2])}, 'demandee', {now}, {now})")
    engine.script("BEGIN;\nINSERT INTO bookings (resource_id, requester_organisation_id, starts_min, ends_min, quantity, status, created_at, updated_at) VALUES\n"
                  + ",\n".join(rows) + ";\nCOMMIT;")
    ids = [int(r[0]) for r in engine.run(f"SELECT id FROM bookings WHERE resource_id = {resource} ORDER BY id;")]
    return resource, day, ids


class Owner:
    """A signed-in session of the lending organisation's member."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.token = self.csrf("/connexion")
        self.post("/connexion", {"email": OWNER, "password": PASSWORD})
        self.token = self.csrf("/labs/alsace/mes-ressources")

    def csrf(self, path: str) -> str:
        page = self.opener.open(self.base + path, timeout=60).read().decode()
        return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**fields, "_csrf": self.token}).encode()
        try:
            response = self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=120)
            return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(label: str, engine: Engine, servers: list[AppServer], database: str, url: str | None) -> None:
    resource, day, ids = prepare(engine, database, url)
    owners = [Owner(servers[n % len(servers)].base) for n in range(16)]
    answers: dict[int, int] = {}
    unexpected: list[str] = []
    lock = threading.Lock()

    durations: list[float] = []

    def accept(job: tuple[int, int]) -> None:
        n, booking = job
        began = time.perf_counter()
        status, body = owners[n % len(owners)].post(f"/labs/alsace/reservations/{booking}/accepter", {"retour": "/labs/alsace/mes-ressources"})
        took = time.perf_counter() - began
        with lock:
            durations.append(took)
            answers[booking] = status
            if status not in (303, 409) or (status == 409 and "tout le stock" not in body):
                unexpected.append(f"{booking}: {status} {body[:200]}")

    started = time.time()
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(accept, enumerate(ids)))
    elapsed = time.time() - started
    accepted_count = sum(1 for s in answers.values() if s == 303)
    print(f"{label}: {len(ids)} acceptances at once on {len(servers)} instance(s) in {elapsed:.1f} s "
          f"({len(ids) / elapsed:.0f}/s, p50 {percentile(durations, 50) * 1000:.0f} ms, p99 {percentile(durations, 99) * 1000:.0f} ms, "
          f"as this script measures them); {accepted_count} accepted, {len(ids) - accepted_count} refused for lack of stock")
    record(f"{label}: every acceptance answered 303, or 409 saying the stock is taken", not unexpected, "; ".join(unexpected[:5]))
    rows = engine.run(f"SELECT id, starts_min, ends_min, quantity, status FROM bookings WHERE resource_id = {resource};")
    status = {int(r[0]): r[4] for r in rows}
    accepted = [(int(r[1]), int(r[2]), int(r[3])) for r in rows if r[4] == "acceptee"]
    worst = max(sum(q for s, e, q in accepted if s <= minute < e) for minute in range(day, day + 1440))
    record(f"{label}: at no minute do accepted bookings hold more than {STOCK} units (at most {worst})", worst <= STOCK, f"{worst} units at once")
    mismatched = [b for b, s in answers.items() if (s == 303) != (status[b] == "acceptee") or (s == 409 and status[b] != "demandee")]
    record(f"{label}: the database agrees with every answer (303 accepted, 409 still waiting)", not mismatched,
           f"{len(mismatched)} differ, e.g. {mismatched[:3]}")
    record(f"{label}: some were accepted and some refused (the check exercised both)", 0 < accepted_count < len(ids), f"{accepted_count}")
    # A request that fits now (the stock free at the end of the day) is accepted when asked.
    free_start = next((m for m in range(day + 18 * 60, day + 1440 - 30, 30)
                       if all(not (s < m + 30 and e > m) for s, e, _ in accepted)), None)
    if free_start is not None:
        engine.script(f"INSERT INTO bookings (resource_id, starts_min, ends_min, quantity, status, created_at, updated_at) "
                      f"VALUES ({resource}, {free_start}, {free_start + 30}, {STOCK}, 'demandee', 0, 0);")
        late = int(engine.run(f"SELECT MAX(id) FROM bookings WHERE resource_id = {resource};")[0][0])
        got, _ = owners[0].post(f"/labs/alsace/reservations/{late}/accepter", {})
        record(f"{label}: a request that fits is accepted afterwards", got == 303, f"{got}")


def bench(label: str, engine: Engine, servers: list[AppServer]) -> None:
    """BOOKINGS_BENCH=1: 32 owners accept at once, each the requests of a resource of their
    own (20 each, none overlapping, so every acceptance succeeds): the latency an owner
    sees while 31 others answer too, for BENCHMARKS.md."""
    organisation = int(engine.run("SELECT id FROM organisations WHERE name = 'Transports Rhénans (démo)';")[0][0])
    lab = int(engine.run("SELECT id FROM labs WHERE slug = 'alsace';")[0][0])
    now = int(time.time())
    hours = ";".join(f"{d}=00:00-24:00" for d in range(1, 8))
    day = day_index(datetime.date.today() + datetime.timedelta(days=20)) * 1440
    statements = []
    for r in range(32):
        statements.append(
            "INSERT INTO resources (lab_id, organisation_id, kind, title, folded, audience, conditions, quantity, hours, closed_dates, status, created_at, updated_at) "
            f"VALUES ({lab}, {organisation}, 'salle', 'Salle {r}', 'salle {r}', 'labo', 'gratuit', 1, '{hours}', '', 'active', {now}, {now});")
    engine.script("BEGIN;\n" + "\n".join(statements) + "\nCOMMIT;")
    resources = [int(row[0]) for row in engine.run("SELECT id FROM resources WHERE title LIKE 'Salle %' AND folded LIKE 'salle %' ORDER BY id DESC LIMIT 32;")]
    rows = [f"({resource}, {day + n * 30}, {day + n * 30 + 30}, 1, 'demandee', {now}, {now})" for resource in resources for n in range(20)]
    engine.script("BEGIN;\nINSERT INTO bookings (resource_id, starts_min, ends_min, quantity, status, created_at, updated_at) VALUES\n" + ",\n".join(rows) + ";\nCOMMIT;")
    owners = [Owner(servers[n % len(servers)].base) for n in range(32)]
    durations: list[float] = []
    lock = threading.Lock()
    refused = []

    def owner(n: int) -> None:
        ids = [int(row[0]) for row in engine.run(f"SELECT id FROM bookings WHERE resource_id = {resources[n]} ORDER BY id;")]
        for booking in ids:
            began = time.perf_counter()
            status, _ = owners[n].post(f"/labs/alsace/reservations/{booking}/accepter", {})
            with lock:
                durations.append(time.perf_counter() - began)
                if status != 303:
                    refused.append(status)

    started = time.time()
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(owner, range(32)))
    elapsed = time.time() - started
    print(f"{label} bench: 32 owners, 640 acceptances in {elapsed:.1f} s ({640 / elapsed:.0f}/s): p50 {percentile(durations, 50) * 1000:.1f} ms, "
          f"p95 {percentile(durations, 95) * 1000:.1f} ms, p99 {percentile(durations, 99) * 1000:.1f} ms; {len(refused)} not 303")
    wrk = shutil.which("wrk")
    if wrk:
        # A resource's page (its week, with 20 accepted bookings that day) as the owner sees it.
        cookie = "; ".join(f"{c.name}={c.value}" for c in owners[0].jar)
        monday = (datetime.date(1970, 1, 1) + datetime.timedelta(days=day // 1440)).isoformat()
        url = f"{servers[0].base}/labs/alsace/ressources/{resources[0]}?semaine={monday}"
        out = subprocess.run([wrk, "-t2", "-c32", "-d10s", "--latency", "-H", f"Cookie: {cookie}", url], capture_output=True, text=True).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        p99 = re.search(r"\s99%\s+(\S+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        print(f"{label} bench: a resource's week page, signed in, wrk -t2 -c32 -d10s: {rate.group(1) if rate else '?'} req/s, "
              f"p99 {p99.group(1) if p99 else '?'}, {errors.group(1) if errors else 0} errors")
        # The same load from wrk, whose client costs far less CPU than 32 Python threads on
        # the same 2 cores: 32 connections post acceptances of 32 owners' requests (500 per
        # resource, more than 5 s can answer), each once; two weeks later, after the week
        # page's measure.
        later = day + 14 * 1440
        rows = [f"({resource}, {later + n * 30}, {later + n * 30 + 30}, 1, 'demandee', {now}, {now})"
                for resource in resources for n in range(500)]
        engine.script("BEGIN;\nINSERT INTO bookings (resource_id, starts_min, ends_min, quantity, status, created_at, updated_at) VALUES\n" + ",\n".join(rows) + ";\nCOMMIT;")
        jobs = []
        for n in range(32):
            cookie = "; ".join(f"{c.name}={c.value}" for c in owners[n].jar)
            ids = [int(row[0]) for row in engine.run(f"SELECT id FROM bookings WHERE resource_id = {resources[n]} AND status = 'demandee' ORDER BY id;")]
            jobs.append([(cookie, owners[n].token, booking) for booking in ids])
        lines = [job for batch in zip(*jobs) for job in batch]
        path = os.path.join(tempfile.gettempdir(), f"alliances-acceptances-{os.getpid()}.tsv")
        with open(path, "w") as handle:
            handle.writelines(f"{cookie}\t{token}\t{booking}\n" for cookie, token, booking in lines)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bookings_accept.lua")
        out = subprocess.run([wrk, "-t2", "-c32", "-d5s", "--latency", "-s", script, servers[0].base],
                             capture_output=True, text=True, env={**os.environ, "BOOKINGS_FILE": path, "BOOKINGS_THREADS": "2"}).stdout
        os.remove(path)
        rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
        p50, p99 = re.search(r"\s50%\s+(\S+)", out), re.search(r"\s99%\s+(\S+)", out)
        summary = re.search(r"acceptances: .*", out)
        accepted = int(engine.run(f"SELECT COUNT(*) FROM bookings WHERE status = 'acceptee' AND starts_min >= {later};")[0][0])
        print(f"{label} bench: acceptances by wrk -t2 -c32 -d5s (32 owners' sessions): {rate.group(1) if rate else '?'} req/s, "
              f"p50 {p50.group(1) if p50 else '?'}, p99 {p99.group(1) if p99 else '?'}; {summary.group(0) if summary else '?'}; "
              f"{accepted} accepted in the database")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="alliances-bookings-") as work:
        database = os.path.join(work, "bookings.sqlite")
        server = AppServer(binary, database, os.path.join(work, "data"), args=["--no-request-log"])
        try:
            check("SQLite", Engine(database, None), [server], database, None)
            if os.environ.get("BOOKINGS_BENCH"):
                bench("SQLite", Engine(database, None), [server])
        finally:
            server.stop()
        url = os.environ.get("ALLIANCES_TEST_POSTGRES_URL")
        if url and shutil.which("psql"):
            with postgres_instances(binary, work, url, f"alliances_bookings_{os.getpid()}") as (own, servers):
                check("PostgreSQL, two instances", Engine("", own), servers, os.path.join(work, "unused.sqlite"), own)
                if os.environ.get("BOOKINGS_BENCH"):
                    bench("PostgreSQL, two instances", Engine("", own), servers)
    failed = results.count(False)
    print(f"bookings: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Dot-voting under load (issue "Restitution"): many participants vote at once.

Usage: check_votes.py ALLIANCES_BINARY [VOTERS] [WRK]

On SQLite (one server, as a lab runs it) and, when ALLIANCES_TEST_POSTGRES_URL is set,
on PostgreSQL with two app instances on one database (a database of its own): VOTERS
participants (1,000 by default) of one workshop, each confirmed and seated, each through
their private link as a phone does it (the page, its CSRF cookie and token, then the
posts), all at once, 48 connections in parallel, alternately on either instance. Each
voter asks for 1 dot on four proposals and 2 on a fifth, all at the same moment: 6 dots
asked with 3 allowed. Then, read in the database:
- no ballot holds more than 3 dots, and each ballot's count is the sum of its dots;
- no lost vote, none counted twice: each voter's dots are exactly those the server said it
  took (303), and each refusal (422) said why in French;
- each proposal's total is the sum of the ballots' dots on it;
- a vote after the organiser closed the vote is refused (409) and changes nothing.
While the votes arrive, WRK (a path to wrk) loads the projector page; its requests per
second are printed for BENCHMARKS.md. Prints one line per check; the exit status says
whether all passed.
"""
import http.cookiejar
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import hashlib
import base64
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import AppServer, postgres_instances  # noqa: E402

binary = os.path.abspath(sys.argv[1])
VOTERS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
WRK = sys.argv[3] if len(sys.argv) > 3 else shutil.which("wrk")
LIMIT = 3
results: list[bool] = []


def record(name: str, ok: bool, detail: str = "") -> None:
    results.append(ok)
    print(f"{'pass' if ok else 'FAIL'}: {name}" + ("" if ok else f" — {detail[:800]}"))


class Engine:
    """Reads and writes of the check on the server's database (SQLite file or psql)."""

    def __init__(self, database: str, url: str | None):
        self.database, self.url = database, url

    def run(self, sql: str) -> list[list[str]]:
        """One statement; its rows as text."""
        if self.url:
            return self.script(sql)
        with sqlite3.connect(self.database, timeout=30) as db:
            return [[str(v) for v in row] for row in db.execute(sql).fetchall()]

    def script(self, sql: str) -> list[list[str]]:
        """Several statements (psql prints the rows of the last)."""
        if self.url:
            out = subprocess.run(["psql", self.url.replace("tlsmode=", "sslmode="), "-v", "ON_ERROR_STOP=1", "-qAtF", "\t"],
                                 input=sql, capture_output=True, text=True, check=True).stdout
            return [line.split("\t") for line in out.splitlines() if line]
        with sqlite3.connect(self.database, timeout=30) as db:
            db.executescript(sql)
        return []


def token(n: int) -> tuple[str, str]:
    t = base64.urlsafe_b64encode(hashlib.sha256(f"votant-{n}".encode()).digest()).decode().rstrip("=")
    return t, hashlib.sha256(t.encode()).hexdigest()


def prepare(engine: Engine) -> tuple[int, list[int], list[str]]:
    """A workshop of the demo event with room for everyone, its vote open, five proposals,
    and VOTERS confirmed participants seated in it (rows written as the server would)."""
    session = int(engine.run("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND s.kind = 'atelier' ORDER BY s.id LIMIT 1;")[0][0])
    event = int(engine.run("SELECT id FROM events WHERE slug = 'alliances-2027';")[0][0])
    now = int(time.time())
    statements = [f"UPDATE event_sessions SET capacity = {VOTERS + 10} WHERE id = {session};",
                  f"UPDATE events SET capacity = {VOTERS + 100}, synthesis_visibility = 'public' WHERE id = {event};"]
    tokens = []
    for n in range(VOTERS):
        t, digest = token(n)
        tokens.append(t)
        statements.append(
            "INSERT INTO registrations (event_id, token_hash, name, email, actor_kind, status, listed, created_at, updated_at) "
            f"VALUES ({event}, '{digest}', 'Votant {n}', 'votant{n}@example.org', 'association', 'confirme', 0, {now}, {now});")
    statements.append(
        "INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at) "
        f"SELECT {session}, id, 'confirme', {now}, {now} FROM registrations WHERE email LIKE 'votant%@example.org';")
    statements.append(f"UPDATE event_sessions SET seats_taken = (SELECT COUNT(*) FROM session_registrations WHERE session_id = {session} AND status = 'confirme') WHERE id = {session};")
    statements.append(f"INSERT INTO session_restitutions (session_id, event_id, votes_per_participant, vote_state, updated_at) VALUES ({session}, {event}, {LIMIT}, 'ouvert', {now});")
    for p in range(5):
        statements.append(f"INSERT INTO proposals (session_id, body, status, created_at, updated_at) VALUES ({session}, 'Proposition {p + 1}', 'visible', {now}, {now});")
    engine.script("BEGIN;\n" + "\n".join(statements) + "\nCOMMIT;")
    proposals = [int(r[0]) for r in engine.run(f"SELECT id FROM proposals WHERE session_id = {session} ORDER BY id;")]
    return session, proposals, tokens


class Phone:
    """A participant's browser: cookie jar, CSRF token from their workshop page."""

    def __init__(self, base: str, path: str):
        self.base, self.path = base, path
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        page = self.opener.open(base + path, timeout=60).read().decode()
        self.token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    def vote(self, proposal: int, dots: int) -> tuple[int, str]:
        body = urllib.parse.urlencode({"_csrf": self.token, "proposal": proposal, "dots": dots}).encode()
        try:
            response = self.opener.open(urllib.request.Request(self.base + self.path + "/votes", data=body), timeout=60)
            return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def projector_load(url: str, seconds: int) -> float | None:
    if not WRK:
        return None
    out = subprocess.run([WRK, "-t2", "-c32", f"-d{seconds}s", url], capture_output=True, text=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(found.group(1)) if found else None


def bench(label: str, server: AppServer, phones: list, proposals: list[int]) -> None:
    """VOTES_BENCH=1: the server's own rate, without this script's Python in the way: wrk
    sends the votes of 500 phones (their cookies and tokens), each setting 0 or 1 dot on one
    of three proposals at random (within the limit, so every vote is taken)."""
    entries = []
    for phone in phones[:500]:
        cookie = "; ".join(f"{c.name}={c.value}" for c in phone.jar)
        entries.append(f'{{"{phone.path}/votes", "{cookie}", "{phone.token}"}}')
    script = os.path.join(os.path.dirname(server.log.name), "votes.lua")
    with open(script, "w") as f:
        f.write("local phones = {" + ",".join(entries) + "}\n")
        f.write("local proposals = {" + ",".join(str(p) for p in proposals[:3]) + "}\n")
        f.write('wrk.method = "POST"\n')
        f.write("request = function()\n  local p = phones[math.random(#phones)]\n"
                "  local body = \"_csrf=\" .. p[3] .. \"&proposal=\" .. proposals[math.random(3)] .. \"&dots=\" .. math.random(0, 1)\n"
                "  return wrk.format(nil, p[1], {[\"Cookie\"] = p[2], [\"Content-Type\"] = \"application/x-www-form-urlencoded\"}, body)\nend\n")
    out = subprocess.run([WRK, "-t2", "-c32", "-d10s", "-s", script, server.base], capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = re.search(r"Latency\s+(\S+)", out)
    print(f"{label}: wrk, 32 connections, 10 s: {rate.group(1) if rate else '?'} votes/s, mean latency "
          f"{latency.group(1) if latency else '?'}, {errors.group(1) if errors else 0} refused")


def check(label: str, engine: Engine, servers: list[AppServer]) -> None:
    session, proposals, tokens = prepare(engine)
    asks = [(p, 2 if i == 4 else 1) for i, p in enumerate(proposals)]
    phones: list[Phone | None] = [None] * VOTERS

    def open_page(n: int) -> None:
        server = servers[n % len(servers)]
        phones[n] = Phone(server.base, f"/evenements/alliances-2027/inscription/{tokens[n]}/ateliers/{session}")

    with ThreadPoolExecutor(max_workers=48) as pool:
        list(pool.map(open_page, range(VOTERS)))
    taken: dict[int, dict[int, int]] = {n: {} for n in range(VOTERS)}
    unexpected: list[str] = []
    lock = threading.Lock()

    def one(job: tuple[int, int]) -> None:
        n, index = job
        proposal, dots = asks[index]
        status, body = phones[n].vote(proposal, dots)
        with lock:
            if status == 303:
                taken[n][proposal] = dots
            elif status != 422 or "votes à répartir" not in body:
                unexpected.append(f"{status} {body[:200]}")

    # Each voter's five requests interleaved with everyone else's, all in flight together.
    jobs = [(n, i) for i in range(len(asks)) for n in range(VOTERS)]
    projector = f"{servers[0].base}/evenements/alliances-2027/ateliers/{session}/projection"
    load: list[float | None] = [None]
    wrk = threading.Thread(target=lambda: load.__setitem__(0, projector_load(projector, 5)))
    started = time.time()
    wrk.start()
    with ThreadPoolExecutor(max_workers=48) as pool:
        list(pool.map(one, jobs))
    elapsed = time.time() - started
    wrk.join()
    rate = len(jobs) / elapsed
    print(f"{label}: {len(jobs)} vote requests from {VOTERS} voters on {len(servers)} instance(s) in {elapsed:.1f} s: "
          f"{rate:.0f} requests/s" + (f"; projector under wrk meanwhile: {load[0]:.0f} req/s" if load[0] else ""))
    record(f"{label}: every request answered 303, or 422 with the French reason", not unexpected, "; ".join(unexpected[:5]))
    over = engine.run(f"SELECT COUNT(*) FROM ballots WHERE session_id = {session} AND used > {LIMIT};")[0][0]
    record(f"{label}: no ballot over {LIMIT} dots", over == "0", f"{over} ballots over the limit")
    broken = engine.run(
        f"SELECT COUNT(*) FROM ballots b WHERE b.session_id = {session} AND b.used <> COALESCE((SELECT SUM(v.dots) FROM proposal_votes v "
        f"WHERE v.registration_id = b.registration_id AND v.proposal_id IN (SELECT id FROM proposals WHERE session_id = {session})), 0);")[0][0]
    record(f"{label}: each ballot's count is the sum of its dots", broken == "0", f"{broken} ballots disagree")
    stored: dict[str, dict[int, int]] = {}
    for email, proposal, dots in engine.run(
            f"SELECT r.email, v.proposal_id, v.dots FROM proposal_votes v JOIN registrations r ON r.id = v.registration_id "
            f"WHERE v.proposal_id IN (SELECT id FROM proposals WHERE session_id = {session});"):
        stored.setdefault(email, {})[int(proposal)] = int(dots)
    differ = [n for n in range(VOTERS) if stored.get(f"votant{n}@example.org", {}) != taken[n]]
    record(f"{label}: every voter's dots are exactly those the server took (none lost, none twice)", not differ,
           f"{len(differ)} voters differ, e.g. votant{differ[0] if differ else 0}: stored {stored.get(f'votant{differ[0]}@example.org') if differ else None}, taken {taken[differ[0]] if differ else None}")
    full = sum(1 for n in range(VOTERS) if sum(taken[n].values()) == LIMIT)
    record(f"{label}: voters reached their {LIMIT} dots ({full} of {VOTERS})", full > VOTERS * 0.9, f"only {full}")
    totals = {int(p): int(t) for p, t in engine.run(
        f"SELECT p.id, COALESCE(SUM(v.dots), 0) FROM proposals p LEFT JOIN proposal_votes v ON v.proposal_id = p.id WHERE p.session_id = {session} GROUP BY p.id;")}
    expected = {p: sum(taken[n].get(p, 0) for n in range(VOTERS)) for p in proposals}
    record(f"{label}: each proposal's total is the sum of the ballots", totals == expected, f"{totals} != {expected}")
    if os.environ.get("VOTES_BENCH") and WRK:
        bench(label, servers[0], phones, proposals)
        time.sleep(3)  # the votes wrk left in flight when it stopped
    total = f"SELECT COALESCE(SUM(dots), 0) FROM proposal_votes WHERE proposal_id IN (SELECT id FROM proposals WHERE session_id = {session});"
    before = engine.run(total)[0][0]
    engine.run(f"UPDATE session_restitutions SET vote_state = 'clos' WHERE session_id = {session};")
    status, body = phones[0].vote(proposals[0], 0)
    after = engine.run(total)[0][0]
    record(f"{label}: after the close, a vote is refused (409) and nothing changes",
           status == 409 and "clos" in body and after == before, f"{status} {before} → {after}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="alliances-votes-") as work:
        database = os.path.join(work, "votes.sqlite")
        server = AppServer(binary, database, os.path.join(work, "data"), args=["--no-request-log"])
        try:
            check("SQLite", Engine(database, None), [server])
        finally:
            server.stop()
        url = os.environ.get("ALLIANCES_TEST_POSTGRES_URL")
        if url and shutil.which("psql"):
            with postgres_instances(binary, work, url, f"alliances_votes_{os.getpid()}") as (own, servers):
                check("PostgreSQL, two instances", Engine("", own), servers)
    failed = results.count(False)
    print(f"votes: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Two app instances on one PostgreSQL database (issue "A whole region on one server, and
many servers on one database"): what is written on one is searchable on the other, and each
outbox message is delivered once.

Usage: check_instances.py ALLIANCES_BINARY [GUESTS]

Needs ALLIANCES_TEST_POSTGRES_URL (skipped, and said so, without it). Two `alliances serve`
on a database of their own (demo data), sharing their data folder as two servers behind
one proxy would share a mail spool:
- a facilitator signed in on instance A creates an organisation; instance B's search finds
  it within 2 s (measured); renamed on B, A's search finds the new name within 2 s;
- GUESTS (20 by default) people are invited from the lab's accounts page, alternately on
  A and B;
  once both outbox workers have run, every message of the outbox is sent, and each is in
  exactly one .eml file (neither lost nor sent twice by the two workers).
Prints one line per check and the measured delays; the exit status says whether all passed.
"""
import glob
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import postgres_instances  # noqa: E402
from check_votes import Engine  # noqa: E402

binary = os.path.abspath(sys.argv[1])
GUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 20
PASSWORD = "mot-de-passe-des-instances"
FACILITATOR = "equipe@instances.example"
results: list[bool] = []


def record(name: str, ok: bool, detail: str = "") -> None:
    results.append(ok)
    print(f"{'pass' if ok else 'FAIL'}: {name}" + ("" if ok else f" — {detail[:600]}"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """A browser's cookies and CSRF token on one instance."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, fields: list[tuple[str, str]], form: str) -> tuple[int, dict, str]:
        csrf = re.search(r'name="_csrf" value="([^"]+)"', self.get(form)[1]).group(1)
        request = urllib.request.Request(
            self.base + path, urllib.parse.urlencode(fields + [("_csrf", csrf)]).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


def listed(session: Session, words: str, path: str) -> bool:
    """Whether the lab's search for `words` on this instance links to `path`."""
    return f'href="{path}"' in session.get("/labs/alsace/recherche?" + urllib.parse.urlencode({"q": words}))[1]


def found_within(session: Session, words: str, path: str, limit: float) -> float | None:
    """Seconds until the lab's search on this instance lists `path`, or None past `limit`."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if listed(session, words, path):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def main() -> int:
    url = os.environ.get("ALLIANCES_TEST_POSTGRES_URL")
    if not url:
        print("instances: skipped (ALLIANCES_TEST_POSTGRES_URL is not set)")
        return 0
    work = tempfile.mkdtemp(prefix="alliances-instances-")
    with postgres_instances(binary, work, url, f"alliances_instances_{os.getpid()}") as (own, (a, b)):
        engine = Engine("", own)
        env = {**os.environ, "DATABASE_URL": own}
        subprocess.run([binary, "admin", "create-user", "--email", FACILITATOR, "--role", "facilitateur", "--lab", "alsace"],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True, env=env)
        on_a, on_b = Session(a.base), Session(b.base)
        for session in (on_a, on_b):
            session.post("/connexion", [("email", FACILITATOR), ("password", PASSWORD)], "/connexion")
            # Each instance builds its index before the write, as a running server would have.
            session.get("/labs/alsace/recherche?q=association")

        name = f"Coopérative Zéphyrine {os.getpid()}"
        status, headers, body = on_a.post("/labs/alsace/organisations/nouvelle",
                                          [("name", name), ("kind", "association"), ("commune", "Colmar"), ("active", "1")],
                                          "/labs/alsace/organisations/nouvelle")
        record("an organisation is created on instance A", status == 303, f"{status} {body[:300]}")
        location = headers.get("Location", "")
        delay = found_within(on_b, "Zéphyrine", location, 2.0)
        record(f"instance B's search finds it within 2 s ({'%.2f s' % delay if delay is not None else 'not found'})",
               delay is not None)
        renamed = f"Coopérative Ondine {os.getpid()}"
        status, _, body = on_b.post(location + "/modifier", [("name", renamed), ("kind", "association"), ("commune", "Colmar"), ("active", "1")],
                                    location + "/modifier")
        record("it is renamed on instance B", status == 303, f"{status} {body[:300]}")
        delay = found_within(on_a, "Ondine", location, 2.0)
        record(f"instance A's search finds the new name within 2 s ({'%.2f s' % delay if delay is not None else 'not found'})",
               delay is not None)
        record("and no longer by the old one", not listed(on_a, "Zéphyrine", location))

        # Messages: invitations sent alternately from either instance; both workers deliver.
        emails = [f"invite{n}.{os.getpid()}@instances.example" for n in range(GUESTS)]
        for n, email in enumerate(emails):
            session = on_a if n % 2 == 0 else on_b
            status, _, body = session.post("/labs/alsace/comptes/invitations",
                                           [("email", email), ("role", "facilitateur")], "/labs/alsace/comptes")
            if status != 201:
                record("an invitation is sent", False, f"{status} {body[:300]}")
        addresses = ", ".join(f"'{e}'" for e in emails)
        deadline = time.time() + 40
        pending = -1
        while time.time() < deadline:
            pending = int(engine.run(f"SELECT COUNT(*) FROM outbox WHERE to_address IN ({addresses}) AND sent_at IS NULL;")[0][0])
            if pending == 0:
                break
            time.sleep(0.5)
        queued = int(engine.run(f"SELECT COUNT(*) FROM outbox WHERE to_address IN ({addresses});")[0][0])
        record(f"every message is sent by one of the two workers ({queued} queued, {pending} left)",
               pending == 0 and queued >= GUESTS)
        files: dict[str, int] = {}
        for path in glob.glob(os.path.join(work, "data-pg", "outbox", "*.eml")):
            text = open(path, encoding="utf-8", errors="replace").read()
            to = re.search(r"^To: (\S+)", text, re.MULTILINE)
            if to and to.group(1) in emails:
                files[to.group(1)] = files.get(to.group(1), 0) + 1
        per = {e: int(n) for e, n in engine.run(f"SELECT to_address, COUNT(*) FROM outbox WHERE to_address IN ({addresses}) GROUP BY to_address;")}
        twice = {e: n for e, n in files.items() if n != per.get(e)}
        record(f"each message is in exactly one .eml file ({sum(files.values())} files for {queued} messages)",
               not twice and sum(files.values()) == queued, str(twice))
    failed = results.count(False)
    print(f"instances: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

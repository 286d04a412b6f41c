#!/usr/bin/env python3
"""The operators' commands for accounts and personal data, on a fresh SQLite database:
`admin reset-password`, `admin deactivate`, `privacy export`, `privacy erase` (refused
without --yes; afterwards no table nor the raw file holds the address or the name).

Usage: check_privacy_cli.py PATH_TO_ALLIANCES_BINARY
"""
import json, os, sqlite3, subprocess, sys, tempfile

binary = sys.argv[1]
work = tempfile.mkdtemp(prefix="alliances-privacy-cli-")
database = os.path.join(work, "alliances.sqlite")
results = []


def run(*args, env=None):
    done = subprocess.run([binary, *args, "--database", database], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stdout + done.stderr


def record(name, ok, detail=""):
    results.append(ok)
    print(f"{'pass' if ok else 'FAIL'}: {name}" + ("" if ok else f" — {detail}"))


EMAIL, NAME = "zoe.ligne@example.org", "Zoé Ligne-de-Commande"
code, out = run("admin", "create-user", "--email", EMAIL, "--name", NAME, "--role", "admin",
                env={"ALLIANCES_PASSWORD": "un-mot-de-passe-long"})
record("create-user", code == 0, out)
output = os.path.join(work, "export.json")
code, out = run("privacy", "export", "--email", EMAIL, "--output", output)
exported = json.load(open(output, encoding="utf-8")) if code == 0 else {}
record("privacy export writes one JSON document with the account, without its password hash",
       exported.get("compte", {}).get("email") == EMAIL and "password_hash" not in open(output).read(), out)
code, out = run("privacy", "export", "--email", EMAIL, "--output", "/nonexistent/folder/x.json")
record("a bad output path gets a clear message, no crash", code != 0 and "Cannot write" in out and "Traceback" not in out and "Fatal" not in out, out)
code, out = run("admin", "reset-password", "--email", EMAIL, "--public-url", "https://alliances.example")
record("admin reset-password queues and prints a one-hour link", code == 0 and "https://alliances.example/mot-de-passe/" in out, out)
code, out = run("admin", "deactivate", "--email", EMAIL, "--reason", "contrôle")
with sqlite3.connect(database) as db:
    deactivated = db.execute("SELECT deactivated_at IS NOT NULL FROM users WHERE email = ?", (EMAIL,)).fetchone()
record("admin deactivate records the date and reason", code == 0 and deactivated == (1,), out)
code, out = run("privacy", "erase", "--email", EMAIL)
record("privacy erase without --yes is refused and erases nothing", code != 0 and "--yes" in out, out)
code, out = run("privacy", "erase", "--email", EMAIL, "--yes", "--data-dir", os.path.join(work, "data"))
record("privacy erase --yes reports what it removed", code == 0 and "1 account" in out, out)
with sqlite3.connect(database) as db:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = "\n".join(repr(row) for table in tables for row in db.execute(f'SELECT * FROM "{table}"'))
raw = b"".join(open(database + suffix, "rb").read() for suffix in ("", "-wal") if os.path.exists(database + suffix))
left = [v for v in (EMAIL, NAME, "Ligne-de-Commande") if v in dump or v.encode() in raw]
record("after the erasure no table and not the raw file holds the address or the name", not left, str(left))
code, out = run("privacy", "export", "--email", EMAIL, "--output", output)
record("an export of an erased address says there is nothing", code != 0 and "Aucune donnée" in out, out)

failed = results.count(False)
print(f"privacy-cli: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""SQL lives in stores: fails when a server source outside a store or a migration holds SQL.

A table is read and written by the store of the capability that owns it (a file named
`…Store.swift`, or `…Store+Topic.swift` for an extension of it); other code asks that store. The few files below hold SQL for a stated
reason; the "debt" list is work left to do and may only shrink (the check also fails when a
listed file no longer holds SQL, so the list is kept honest).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "AlliancesServer"

# A store, or one of its extensions in a file of its own (`OrganisationStore+Bulk.swift`).
STORE = re.compile(r"Store(\+[A-Za-z]+)?\.swift$")

# SQL keywords in a string, or a raw query on a connection (`db.raw(`: a CSV record's
# `raw(separator:)` is not SQL).
SQL = re.compile(r'\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b|\b(db|sql|connection)\.raw\(')

# Database plumbing: each of these is the one place that owns its table or the connection.
PLUMBING = {
    "Platform/Database.swift": "connections, transactions, the engine's spellings",
    "Platform/Migrator.swift": "schema_migrations and the advisory lock",
    "Platform/SQLiteBulkConnection.swift": "prepared statements for bulk loads",
    "Platform/SQLPersistDriver.swift": "the sessions table (hummingbird-auth's PersistDriver)",
    "Platform/Throttle.swift": "the throttle_hits table",
    "Platform/ServerSecrets.swift": "the server_secrets table",
    "Platform/BulkInsert.swift": "multi-row inserts for any table, given by its store",
}

# Left to move into stores (say so in the closing note; remove a line when it is done).
# Empty: keep it so, or say why in the note when a file has to wait.
DEBT: set[str] = set()


def main() -> int:
    failures = []
    for path in sorted(ROOT.rglob("*.swift")):
        rel = path.relative_to(ROOT).as_posix()
        if STORE.search(path.name) or rel.startswith("Platform/Migrations/"):
            continue
        hits = [
            (n, line.strip())
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if SQL.search(line) and not line.strip().startswith("//")
        ]
        if rel in PLUMBING:
            continue
        if rel in DEBT:
            if not hits:
                failures.append(f"{rel}: holds no SQL any more; remove it from DEBT in {__file__}")
            continue
        for n, line in hits:
            failures.append(f"{rel}:{n}: SQL outside a store: {line[:100]}")
    for rel in sorted(DEBT | PLUMBING.keys()):
        if not (ROOT / rel).exists():
            failures.append(f"{rel}: listed in {pathlib.Path(__file__).name} but gone; remove it")
    for failure in failures:
        print(failure)
    print(f"sql-in-stores: {len(failures)} problem(s); {len(DEBT)} file(s) still listed as debt")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""SQL lives in stores: fails when a server source outside a store or a migration holds SQL.

A table is read and written by the store of the capability that owns it (a file named
`…Store.swift`); other code asks that store. The few files below hold SQL for a stated
reason; the "debt" list is work left to do and may only shrink (the check also fails when a
listed file no longer holds SQL, so the list is kept honest).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "AlliancesServer"

SQL = re.compile(r'\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM)\b|\.raw\(')

# Database plumbing: each of these is the one place that owns its table or the connection.
PLUMBING = {
    "Platform/Database.swift": "connections, transactions, the engine's spellings",
    "Platform/Migrator.swift": "schema_migrations and the advisory lock",
    "Platform/SQLiteBulkConnection.swift": "prepared statements for bulk loads",
    "Platform/SQLPersistDriver.swift": "the sessions table (hummingbird-auth's PersistDriver)",
    "Platform/Throttle.swift": "the throttle_hits table",
    "Platform/ServerSecrets.swift": "the server_secrets table",
}

# Left to move into stores (say so in the closing note; remove a line when it is done).
DEBT = {
    "Import/BulkInsert.swift",
    "Import/OrganisationIndexes.swift",
    "Import/RegisterImporter.swift",
    "Import/RegisterImporter+Organisations.swift",
    "Import/RegisterImporter+Sirene.swift",
    "Demo/MarketplaceDemo.swift",
    "Demo/SyntheticData.swift",
}


def main() -> int:
    failures = []
    for path in sorted(ROOT.rglob("*.swift")):
        rel = path.relative_to(ROOT).as_posix()
        if path.name.endswith("Store.swift") or rel.startswith("Platform/Migrations/"):
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

import SQLKit

/// The SQL a backup needs: the tables there are and their rows, the schema version, the
/// engines' own snapshot statements. It reads every table but writes none.
struct BackupStore: Sendable {
    /// The application's tables (SQLite's own and PostgreSQL's catalogues left out).
    func tables(engine: DatabaseEngine, on db: any SQLDatabase) async throws -> [String] {
        let rows: [any SQLRow]
        if engine == .sqlite {
            rows = try await db.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).all()
        } else {
            rows = try await db.raw(
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            ).all()
        }
        return try rows.map { try $0.string("name") }
    }

    /// Rows per table, as the connection's transaction (or snapshot) sees them.
    func counts(engine: DatabaseEngine, on db: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in try await tables(engine: engine, on: db) {
            counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.int("n") ?? 0
        }
        return counts
    }

    /// The highest migration recorded, 0 when there is none.
    func schemaVersion(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations").first()?.int("v") ?? 0
    }

    /// SQLite: a consistent, compacted copy of the live database written to `path`, taken
    /// in one read transaction while writers go on (WAL).
    func vacuumInto(path: String, on db: any SQLDatabase) async throws {
        try await db.raw("VACUUM INTO \(literal: path)").run()
    }

    /// SQLite: `ok`, or the first problems `PRAGMA integrity_check` found.
    func integrityCheck(on db: any SQLDatabase) async throws -> String {
        let rows = try await db.raw("PRAGMA integrity_check").all()
        return try rows.prefix(5).map { try $0.decode(column: "integrity_check", as: String.self) }.joined(
            separator: "; ")
    }

    /// PostgreSQL: makes the current transaction a repeatable-read snapshot and exports it,
    /// so that `pg_dump --snapshot` dumps exactly what this transaction counts.
    func exportSnapshot(on db: any SQLDatabase) async throws -> String {
        try await db.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
        guard let id = try await db.raw("SELECT pg_export_snapshot() AS id").first()?.string("id") else {
            throw DatabaseError(description: "PostgreSQL did not export a snapshot.")
        }
        return id
    }

    /// Seats counted on events and sessions that differ from the registrations holding
    /// them (0 in a sound database): the check a restore runs after its row counts.
    func seatMismatches(on db: any SQLDatabase) async throws -> Int {
        let events =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM events e WHERE e.seats_taken <> (SELECT COUNT(*) FROM registrations r
                    WHERE r.event_id = e.id AND r.status IN ('confirme', 'propose'))
                """
            ).first()?.int("n") ?? 0
        let sessions =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM event_sessions s WHERE s.seats_taken <> (SELECT COUNT(*) FROM session_registrations r
                    WHERE r.session_id = s.id AND r.status IN ('confirme', 'propose'))
                """
            ).first()?.int("n") ?? 0
        return events + sessions
    }
}

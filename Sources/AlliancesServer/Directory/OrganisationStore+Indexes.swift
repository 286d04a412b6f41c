import SQLKit

/// The secondary (non-unique) indexes of `organisations`, as the migrations left them
/// (M003, M006, M014, M018; `test_the_bulk_index_list_matches_the_migrations` compares them with
/// the migrated schema). A large first import drops them, loads the rows and builds them
/// again at the end: building an index over a million sorted rows costs a fraction of
/// keeping six B-trees up to date row by row (BENCHMARKS.md). The unique indexes (RNA
/// number, SIRET) stay in place throughout, so uniqueness is never unguarded.
///
/// An import killed while they are dropped leaves correct data without these indexes
/// (slower lists only); `ensure` builds any that is missing, and runs after every
/// migration check (each command and the server's start) and at the start of each import.
enum OrganisationIndexes {
    static let all: [(name: String, columns: String)] = [
        ("organisations_by_name", "(lab_id, name_folded, id)"),
        ("organisations_by_kind", "(lab_id, kind, name_folded, id)"),
        ("organisations_by_departement", "(lab_id, departement_code, name_folded, id)"),
        ("organisations_by_size", "(lab_id, size_class, name_folded, id) WHERE size_class IS NOT NULL"),
        ("organisations_by_siren", "(lab_id, siren) WHERE siren IS NOT NULL"),
        ("organisations_barometer", "(lab_id, active, kind, size_class, departement_code, headcount_band, id)")
    ]

    /// The barometer index stays: its key leads with few distinct values (lab, active,
    /// kind, size, département, headcount) and ends with the id, so new rows land at the
    /// end of a handful of ranges, cheaply; rebuilding it cost 0.9 s of a million rows'
    /// import, keeping it 0.3 s.
    static let keptDuringBulkLoad = "organisations_barometer"

    /// Drops the indexes a bulk load rebuilds (all but `keptDuringBulkLoad`).
    static func drop(on db: any SQLDatabase) async throws {
        for index in all where index.name != keptDuringBulkLoad {
            try await db.raw("DROP INDEX IF EXISTS \(ident: index.name)").run()
        }
    }

    static func ensure(on db: any SQLDatabase) async throws {
        for index in all {
            try await db.raw(
                "CREATE INDEX IF NOT EXISTS \(ident: index.name) ON organisations \(unsafeRaw: index.columns)"
            ).run()
        }
    }

    /// `ensure` after a bulk load, with the engine's sort helpers: SQLite sorts the index
    /// keys with a second thread (`PRAGMA threads`, 4.5 s -> 3.6 s for the six indexes over
    /// a million rows), PostgreSQL with more memory than its 64 MB default for the
    /// transaction. Runs inside a transaction.
    static func rebuild(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        switch engine {
        case .sqlite:
            try await db.raw("PRAGMA threads = 2").run()
            do { try await ensure(on: db) } catch {
                try? await db.raw("PRAGMA threads = 0").run()
                throw error
            }
            try await db.raw("PRAGMA threads = 0").run()
        case .postgres:
            try await db.raw("SET LOCAL maintenance_work_mem = '256MB'").run()
            try await ensure(on: db)
        }
    }
}

extension RegisterImporter {
    /// Builds the secondary indexes of `organisations` that are missing (after an import
    /// killed during a bulk load); does nothing when they are all there.
    public static func ensureIndexes(database: Database) async throws {
        try await database.withConnection { db in try await OrganisationIndexes.ensure(on: db) }
    }
}

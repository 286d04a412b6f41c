import SQLKit

/// The SIREN and size-class indexes of `organisations` hold only the rows that have a
/// value: associations (most of a territory's register rows) have neither, and indexing
/// their NULLs cost a million-row RNA import 1.5 s for lookups that never ask for NULL
/// (`siren = …`, `siren IN (…)` and `size_class = …` imply IS NOT NULL, so both engines
/// still use them).
struct PartialRegisterIndexes: Migration {
    let version = 18
    let name = "partial-register-indexes"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "DROP INDEX organisations_by_siren",
                "CREATE INDEX organisations_by_siren ON organisations (lab_id, siren) WHERE siren IS NOT NULL",
                "DROP INDEX organisations_by_size",
                "CREATE INDEX organisations_by_size ON organisations (lab_id, size_class, name_folded, id) WHERE size_class IS NOT NULL"
            ], on: db, engine: engine)
    }
}

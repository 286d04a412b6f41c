import SQLKit

/// What imports from the official registers record on organisations: where the record
/// came from, the legal category, the ESS flag, creation and closure dates, and a
/// fingerprint of the register fields so that re-importing an unchanged row writes nothing.
struct AddRegisterFields: Migration {
    let version = 5
    let name = "add-register-fields"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE organisations ADD COLUMN source TEXT",
                "ALTER TABLE organisations ADD COLUMN legal_category TEXT",
                "ALTER TABLE organisations ADD COLUMN ess BIGINT",
                "ALTER TABLE organisations ADD COLUMN created_on TEXT",
                "ALTER TABLE organisations ADD COLUMN closed_on TEXT",
                "ALTER TABLE organisations ADD COLUMN register_fingerprint TEXT",
                "ALTER TABLE organisations ADD COLUMN imported_at BIGINT"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// When a network admin archived a lab (NULL: the lab is open). An archived lab keeps all
/// its records, readable as before, and refuses every change until it is restored.
struct AddLabArchive: Migration {
    let version = 36
    let name = "add-lab-archive"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(["ALTER TABLE labs ADD COLUMN archived_at BIGINT"], on: db, engine: engine)
    }
}

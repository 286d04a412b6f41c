import SQLKit

/// Session keys are stored as SHA-256 hashes from now on (a copy of the database must not
/// be a set of working sign-ins). The keys stored in clear until then are removed: people
/// sign in again once.
struct HashSessionKeys: Migration {
    let version = 21
    let name = "hash-session-keys"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(["DELETE FROM sessions"], on: db, engine: engine)
    }
}

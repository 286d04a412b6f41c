import SQLKit

/// A version per event, bumped by every write that changes what its public pages show
/// (the event, its sessions and speakers, the seats left), so those pages can be served
/// from the page cache and never stale.
struct AddEventVersion: Migration {
    let version = 13
    let name = "add-event-version"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(["ALTER TABLE events ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0"], on: db, engine: engine)
    }
}

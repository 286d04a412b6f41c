import SQLKit

/// When a message's body was erased (`OutboxWorker.purge`): its private links are gone,
/// the delivery record (recipient, subject, dates, attempts) stays.
struct AddOutboxPurge: Migration {
    let version = 23
    let name = "add-outbox-purge"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE outbox ADD COLUMN purged_at BIGINT",
                "CREATE INDEX outbox_by_creation ON outbox (created_at) WHERE purged_at IS NULL"
            ], on: db, engine: engine)
    }
}

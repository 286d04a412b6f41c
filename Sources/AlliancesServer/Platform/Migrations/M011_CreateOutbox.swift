import SQLKit

/// Messages to send (registration confirmations, waiting-list offers, cancellations),
/// written in the transaction that causes them and delivered by a background worker, so a
/// transport that is down loses nothing.
struct CreateOutbox: Migration {
    let version = 11
    let name = "create-outbox"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE outbox (
                    id {id},
                    to_address TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    event_id BIGINT REFERENCES events(id) ON DELETE SET NULL,
                    registration_id BIGINT REFERENCES registrations(id) ON DELETE SET NULL,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    sent_at BIGINT,
                    last_error TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at)",
                "CREATE INDEX outbox_by_event ON outbox (event_id, created_at)"
            ], on: db, engine: engine)
    }
}

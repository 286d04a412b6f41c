import SQLKit

/// `Idempotency-Key` on the API's creating requests: per account and key, the request's
/// fingerprint and, once answered, the answer to give again. Kept a day.
struct CreateIdempotencyKeys: Migration {
    let version = 31
    let name = "create-idempotency-keys"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE idempotency_keys (
                    id {id},
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    idempotency_key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    status BIGINT NOT NULL,
                    body TEXT,
                    location TEXT,
                    created_at BIGINT NOT NULL,
                    UNIQUE (user_id, idempotency_key)
                )
                """,
                "CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at)"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Personal API tokens (`Authorization: Bearer`), made on "Mon compte": stored as the
/// SHA-256 of the token (shown once, never kept), with a name, a scope, an expiry, the
/// last use (to the minute) and the revocation. They go with their account.
struct CreateApiTokens: Migration {
    let version = 30
    let name = "create-api-tokens"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE api_tokens (
                    id {id},
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    scope TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    last_used_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                "CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id)"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Keys the server makes for itself on first use (the CSRF tokens' HMAC key), shared by
/// every instance on the database, so an operator has no secret to generate and copy.
struct CreateServerSecrets: Migration {
    let version = 22
    let name = "create-server-secrets"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE server_secrets (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Limits per client and per account share one table of hits, so every app instance on
/// the database counts the same attempts. Subjects are hashes: the table never holds an
/// e-mail address or a client address in clear. `login_attempts` (failures counted after
/// the password check, by e-mail from anywhere) is replaced.
struct CreateThrottleHits: Migration {
    let version = 20
    let name = "create-throttle-hits"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE throttle_hits (
                    id {id},
                    bucket TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX throttle_hits_by_subject ON throttle_hits (bucket, subject, at)",
                "CREATE INDEX throttle_hits_by_time ON throttle_hits (at)",
                "DROP TABLE login_attempts"
            ], on: db, engine: engine)
    }
}

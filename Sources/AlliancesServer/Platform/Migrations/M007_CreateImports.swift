import SQLKit

/// The imports run from the web: who imported which file into which lab, the summary, and
/// where the rejected rows are.
struct CreateImports: Migration {
    let version = 7
    let name = "create-imports"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE imports (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    kind TEXT NOT NULL,
                    filename TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    rejected BIGINT NOT NULL,
                    rejects_path TEXT,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX imports_by_lab ON imports (lab_id, created_at)"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Territory spaces. `perimeter` lists département codes ("67,68"); empty means national.
/// `data_version` is bumped by every directory write so that cached counts can be
/// checked for freshness with the lab row every page already reads.
struct CreateLabs: Migration {
    let version = 2
    let name = "create-labs"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE labs (
                    id {id},
                    slug TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    description TEXT,
                    perimeter TEXT NOT NULL,
                    region_code TEXT REFERENCES regions(code),
                    data_version BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL
                )
                """
            ], on: db, engine: engine)
    }
}

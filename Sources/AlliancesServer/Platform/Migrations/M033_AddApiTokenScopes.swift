import SQLKit

/// API tokens get scopes per capability (`scopes`, e.g. `annuaire:lecture,rencontres:ecriture`;
/// NULL for the tokens made before, whose `scope` still applies to every capability), the
/// lab they act in, and their kind: personal, or a lab's (made by a facilitator for an
/// integration, listed and revoked by every facilitator of the lab). A lab's tokens go
/// with the lab.
struct AddApiTokenScopes: Migration {
    let version = 33
    let name = "add-api-token-scopes"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE api_tokens ADD COLUMN scopes TEXT",
                "ALTER TABLE api_tokens ADD COLUMN lab_id BIGINT REFERENCES labs(id) ON DELETE CASCADE",
                "ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'personnel'",
                "CREATE INDEX api_tokens_by_lab ON api_tokens (lab_id, kind, id)"
            ],
            on: db, engine: engine)
    }
}

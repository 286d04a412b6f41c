import SQLKit

/// A member account may belong to several organisations; `users.organisation_id` stays the
/// one it acts for now (chosen on "Mon compte"), which permissions read. Existing members
/// get the membership of their organisation.
struct AddMemberships: Migration {
    let version = 25
    let name = "add-memberships"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE memberships (
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (user_id, organisation_id)
                )
                """,
                "CREATE INDEX memberships_by_organisation ON memberships (organisation_id)",
                """
                INSERT INTO memberships (user_id, organisation_id, created_at)
                SELECT id, organisation_id, created_at FROM users WHERE organisation_id IS NOT NULL
                """
            ], on: db, engine: engine)
    }
}

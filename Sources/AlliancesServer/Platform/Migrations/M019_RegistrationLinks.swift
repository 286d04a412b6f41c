import SQLKit

/// Private links sent to a participant after their registration (a freed seat, a
/// confirmation, a workshop placement, announced meetings, a reminder). Each message
/// carries a new link and the earlier ones keep working: only hashes are stored, so a
/// message cannot repeat a link, and replacing it broke the one in every earlier message.
struct AddRegistrationLinks: Migration {
    let version = 19
    let name = "add-registration-links"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE registration_links (
                    token_hash TEXT PRIMARY KEY,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX registration_links_by_registration ON registration_links (registration_id)"
            ], on: db, engine: engine)
    }
}

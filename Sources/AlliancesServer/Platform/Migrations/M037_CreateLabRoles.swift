import SQLKit

/// A person's roles in labs other than their account's own: facilitator of one lab and
/// member (for one of its organisations) or facilitator of another. One row per person and
/// lab; granted and removed by that lab's facilitators (audited), erased with the account.
struct CreateLabRoles: Migration {
    let version = 37
    let name = "create-lab-roles"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE lab_roles (
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
                    granted_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    granted_at BIGINT NOT NULL,
                    PRIMARY KEY (user_id, lab_id)
                )
                """,
                "CREATE INDEX lab_roles_by_lab ON lab_roles (lab_id, user_id)"
            ],
            on: db, engine: engine)
    }
}

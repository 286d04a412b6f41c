import SQLKit

/// An organisation that works in several territories: one record, owned (and edited) by one
/// lab (`organisations.lab_id`), also listed by other labs, read-only there. A lab's
/// facilitators list it in their lab and take it out again; deleting either side removes
/// the listing.
struct CreateOrganisationLabs: Migration {
    let version = 39
    let name = "create-organisation-labs"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE organisation_labs (
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    listed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    listed_at BIGINT NOT NULL,
                    PRIMARY KEY (organisation_id, lab_id)
                )
                """,
                "CREATE INDEX organisation_labs_by_lab ON organisation_labs (lab_id, organisation_id)"
            ],
            on: db, engine: engine)
    }
}

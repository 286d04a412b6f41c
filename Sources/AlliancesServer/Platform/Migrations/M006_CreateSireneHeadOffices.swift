import SQLKit

/// Head offices read from SIRENE's establishment file, per lab: the legal-unit file has no
/// address, so its rows are matched to these to find where each organisation is.
/// Organisations also get coordinates (the geocoded SIRENE files have them).
struct CreateSireneHeadOffices: Migration {
    let version = 6
    let name = "create-sirene-head-offices"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE sirene_head_offices (
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    siren TEXT NOT NULL,
                    siret TEXT NOT NULL,
                    commune_code TEXT NOT NULL,
                    active BIGINT NOT NULL,
                    latitude DOUBLE PRECISION,
                    longitude DOUBLE PRECISION,
                    PRIMARY KEY (lab_id, siren)
                )
                """,
                "ALTER TABLE organisations ADD COLUMN latitude DOUBLE PRECISION",
                "ALTER TABLE organisations ADD COLUMN longitude DOUBLE PRECISION",
                "CREATE INDEX organisations_by_siren ON organisations (lab_id, siren)"
            ], on: db, engine: engine)
    }
}

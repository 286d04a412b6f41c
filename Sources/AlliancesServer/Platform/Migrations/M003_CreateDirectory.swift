import SQLKit

/// Organisations, their themes and their people.
/// `departement_code` repeats the commune's département so that the directory's
/// département filter can use an index together with the name order.
struct CreateDirectory: Migration {
    let version = 3
    let name = "create-directory"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE organisations (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    name_folded TEXT NOT NULL,
                    acronym TEXT,
                    kind TEXT NOT NULL,
                    size_class TEXT,
                    headcount_band TEXT,
                    siren TEXT,
                    siret TEXT,
                    rna_id TEXT,
                    description TEXT,
                    website TEXT,
                    commune_code TEXT REFERENCES communes(code),
                    departement_code TEXT,
                    active BIGINT NOT NULL DEFAULT 1,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX organisations_by_name ON organisations (lab_id, name_folded, id)",
                "CREATE INDEX organisations_by_kind ON organisations (lab_id, kind, name_folded, id)",
                "CREATE INDEX organisations_by_departement ON organisations (lab_id, departement_code, name_folded, id)",
                "CREATE INDEX organisations_by_size ON organisations (lab_id, size_class, name_folded, id)",
                "CREATE UNIQUE INDEX organisations_unique_siret ON organisations (lab_id, siret) WHERE siret IS NOT NULL",
                "CREATE UNIQUE INDEX organisations_unique_rna ON organisations (lab_id, rna_id) WHERE rna_id IS NOT NULL",
                """
                CREATE TABLE organisation_themes (
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    theme TEXT NOT NULL,
                    PRIMARY KEY (organisation_id, theme)
                )
                """,
                "CREATE INDEX organisation_themes_by_theme ON organisation_themes (theme, organisation_id)",
                """
                CREATE TABLE people (
                    id {id},
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    role TEXT,
                    email TEXT,
                    phone TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX people_by_organisation ON people (organisation_id, id)"
            ], on: db, engine: engine)
    }
}

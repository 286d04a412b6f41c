import AlliancesCore
import SQLKit

/// Partnerships with their parties, timeline and documents; the yearly declarative
/// survey; the network's national reference figures (filled with the public figures of
/// `ReferenceFigure.defaults`); and a per-lab `partnership_version`, bumped by every
/// partnership or survey write, so the barometer's cache (keyed by it and the directory's
/// `data_version`) is never stale while the search index is not rebuilt for a note. Each
/// partnership row carries the lab's `partnership_version` of its last write, so the
/// barometer re-reads only the rows written since the data it holds.
/// Modes and themes are comma-framed code lists, as for listings.
struct CreatePartnerships: Migration {
    let version = 14
    let name = "create-partnerships"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE labs ADD COLUMN partnership_version BIGINT NOT NULL DEFAULT 0",
                """
                CREATE TABLE partnerships (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    description TEXT,
                    modes TEXT NOT NULL,
                    themes TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    started_on TEXT NOT NULL,
                    ended_on TEXT,
                    euros BIGINT,
                    hours BIGINT,
                    in_kind TEXT,
                    outcomes TEXT,
                    people_reached BIGINT,
                    jobs BIGINT,
                    origin TEXT NOT NULL,
                    introduction_id BIGINT REFERENCES introductions(id) ON DELETE SET NULL,
                    event_id BIGINT REFERENCES events(id) ON DELETE SET NULL,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    version BIGINT NOT NULL DEFAULT 0
                )
                """,
                "CREATE INDEX partnerships_by_lab ON partnerships (lab_id, updated_at)",
                "CREATE INDEX partnerships_by_version ON partnerships (lab_id, version)",
                """
                CREATE TABLE partnership_parties (
                    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    position BIGINT NOT NULL,
                    PRIMARY KEY (partnership_id, organisation_id)
                )
                """,
                "CREATE INDEX partnership_parties_by_organisation ON partnership_parties (organisation_id, partnership_id)",
                """
                CREATE TABLE partnership_notes (
                    id {id},
                    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                    at BIGINT NOT NULL,
                    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    action TEXT NOT NULL,
                    stage TEXT,
                    note TEXT
                )
                """,
                "CREATE INDEX partnership_notes_by_partnership ON partnership_notes (partnership_id, at)",
                """
                CREATE TABLE partnership_documents (
                    id {id},
                    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    stored_name TEXT NOT NULL UNIQUE,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    uploaded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX partnership_documents_by_partnership ON partnership_documents (partnership_id, uploaded_at)",
                """
                CREATE TABLE survey_answers (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    year BIGINT NOT NULL,
                    partnerships BIGINT NOT NULL,
                    modes TEXT NOT NULL,
                    answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    answered_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX survey_answers_once ON survey_answers (organisation_id, year)",
                "CREATE INDEX survey_answers_by_lab ON survey_answers (lab_id, year)",
                """
                CREATE TABLE barometer_references (
                    id {id},
                    key TEXT NOT NULL,
                    label TEXT NOT NULL,
                    percent DOUBLE PRECISION NOT NULL,
                    source TEXT NOT NULL,
                    year BIGINT NOT NULL,
                    cited BIGINT NOT NULL DEFAULT 0,
                    updated_at BIGINT NOT NULL
                )
                """,
                // The barometer's population query reads only this index.
                "CREATE INDEX organisations_barometer ON organisations (lab_id, active, kind, size_class, departement_code, headcount_band, id)"
            ], on: db, engine: engine)
        let now = nowSeconds()
        for figure in ReferenceFigure.defaults {
            try await db.raw(
                """
                INSERT INTO barometer_references (key, label, percent, source, year, cited, updated_at)
                VALUES (\(bind: figure.key), \(bind: figure.label), \(bind: figure.percent), \(bind: figure.source), \(bind: figure.year), \(bind: figure.cited ? 1 : 0), \(bind: now))
                """
            ).run()
        }
    }
}

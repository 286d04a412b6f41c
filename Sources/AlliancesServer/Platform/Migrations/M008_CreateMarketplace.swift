import SQLKit

/// Needs and offers, introductions with their history, and feedback on recommendations.
/// A listing's modes and themes are stored as comma-framed code lists (",a,b,") so a
/// filter is one `LIKE '%,code,%'` on both engines and a page of listings is one query.
struct CreateMarketplace: Migration {
    let version = 8
    let name = "create-marketplace"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE listings (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    description TEXT,
                    modes TEXT NOT NULL,
                    themes TEXT NOT NULL,
                    commune_code TEXT REFERENCES communes(code),
                    radius_km BIGINT,
                    start_date TEXT,
                    end_date TEXT,
                    hours BIGINT,
                    euros BIGINT,
                    in_kind TEXT,
                    status TEXT NOT NULL,
                    visibility TEXT NOT NULL,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX listings_by_lab ON listings (lab_id, kind, status, updated_at)",
                "CREATE INDEX listings_by_organisation ON listings (organisation_id, kind)",
                """
                CREATE TABLE introductions (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_a BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    organisation_b BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    need_id BIGINT REFERENCES listings(id) ON DELETE SET NULL,
                    offer_id BIGINT REFERENCES listings(id) ON DELETE SET NULL,
                    status TEXT NOT NULL,
                    answer_a TEXT,
                    answer_b TEXT,
                    request_message TEXT,
                    message_a TEXT,
                    message_b TEXT,
                    requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    proposed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX introductions_by_lab ON introductions (lab_id, status, updated_at)",
                "CREATE INDEX introductions_by_a ON introductions (organisation_a, status)",
                "CREATE INDEX introductions_by_b ON introductions (organisation_b, status)",
                """
                CREATE TABLE introduction_events (
                    id {id},
                    introduction_id BIGINT NOT NULL REFERENCES introductions(id) ON DELETE CASCADE,
                    at BIGINT NOT NULL,
                    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    action TEXT NOT NULL,
                    status TEXT NOT NULL,
                    note TEXT
                )
                """,
                "CREATE INDEX introduction_events_by_introduction ON introduction_events (introduction_id, at)",
                """
                CREATE TABLE recommendation_feedback (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    source_kind TEXT NOT NULL,
                    source_id BIGINT NOT NULL,
                    source_organisation BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    candidate_kind TEXT NOT NULL,
                    candidate_id BIGINT NOT NULL,
                    relevant BIGINT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX recommendation_feedback_unique ON recommendation_feedback (user_id, source_kind, source_id, candidate_kind, candidate_id)",
                "CREATE INDEX recommendation_feedback_by_source ON recommendation_feedback (lab_id, source_organisation)"
            ], on: db, engine: engine)
    }
}

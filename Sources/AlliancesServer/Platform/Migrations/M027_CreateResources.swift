import SQLKit

/// Pooled resources, their photos (files of the data folder) and their bookings. A
/// resource belongs to an organisation of a lab;
/// its opening hours and closed dates are stored as text (`WeeklyHours.text`, dates one per
/// line). A booking's range is in minutes of local time since 1970 (`starts_min`,
/// `ends_min`, half-open), so overlaps are plain integer comparisons on both engines. An
/// acceptance locks the resource's row and checks the stock against the accepted bookings
/// that overlap, in one transaction (see `ResourceService.answer`).
struct CreateResources: Migration {
    let version = 27
    let name = "create-resources"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE resources (
                    id {id},
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    folded TEXT NOT NULL,
                    description TEXT,
                    commune_code TEXT,
                    audience TEXT NOT NULL,
                    conditions TEXT NOT NULL,
                    price_cents BIGINT,
                    exchange TEXT,
                    quantity BIGINT NOT NULL,
                    hours TEXT NOT NULL,
                    closed_dates TEXT NOT NULL DEFAULT '',
                    status TEXT NOT NULL DEFAULT 'active',
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX resources_by_lab ON resources (lab_id, status, kind)",
                "CREATE INDEX resources_by_organisation ON resources (organisation_id)",
                """
                CREATE TABLE bookings (
                    id {id},
                    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
                    requester_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    requester_organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    starts_min BIGINT NOT NULL,
                    ends_min BIGINT NOT NULL,
                    quantity BIGINT NOT NULL,
                    message TEXT,
                    answer TEXT,
                    status TEXT NOT NULL,
                    answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    reminded_at BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    CHECK (ends_min > starts_min AND quantity > 0)
                )
                """,
                """
                CREATE TABLE resource_photos (
                    id {id},
                    resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    stored_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    uploaded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX resource_photos_by_resource ON resource_photos (resource_id, id)",
                "CREATE INDEX bookings_by_resource ON bookings (resource_id, status, starts_min)",
                "CREATE INDEX bookings_by_requester ON bookings (requester_user_id, starts_min)"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Check-in: a short code per registration (shown with its QR code on the personal page),
/// the time of arrival, and attendance per session.
struct AddCheckIn: Migration {
    let version = 12
    let name = "add-check-in"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE registrations ADD COLUMN checkin_code TEXT",
                "ALTER TABLE registrations ADD COLUMN checked_in_at BIGINT",
                "CREATE UNIQUE INDEX registrations_checkin_code ON registrations (event_id, checkin_code)",
                """
                CREATE TABLE session_checkins (
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (session_id, registration_id)
                )
                """
            ], on: db, engine: engine)
    }
}

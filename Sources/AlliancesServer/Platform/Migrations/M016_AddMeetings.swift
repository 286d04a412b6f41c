import SQLKit

/// One-to-one meetings at a rencontre: the event's settings (`meetings_mode`: "aucun",
/// "bipartite" for associations ↔ companies only, "ouvert" for all; the first slot's
/// start, its length, the number of slots and tables), each participant's availability (one
/// character per slot, "1" available; NULL: always), and the requests with their answer,
/// slot, table and whether that placement was announced (then it never moves).
struct AddMeetings: Migration {
    let version = 16
    let name = "add-meetings"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE events ADD COLUMN meetings_mode TEXT NOT NULL DEFAULT 'aucun'",
                "ALTER TABLE events ADD COLUMN meetings_start TEXT",
                "ALTER TABLE events ADD COLUMN meetings_minutes BIGINT NOT NULL DEFAULT 15",
                "ALTER TABLE events ADD COLUMN meetings_slots BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE events ADD COLUMN meetings_tables BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE events ADD COLUMN meetings_report TEXT",
                "ALTER TABLE registrations ADD COLUMN meeting_availability TEXT",
                """
                CREATE TABLE meeting_requests (
                    id {id},
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    requester_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    invitee_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    message TEXT,
                    status TEXT NOT NULL,
                    slot BIGINT,
                    table_no BIGINT,
                    announced BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX meeting_requests_once ON meeting_requests (event_id, requester_id, invitee_id)",
                "CREATE INDEX meeting_requests_by_invitee ON meeting_requests (invitee_id, status)",
                "CREATE INDEX meeting_requests_by_event ON meeting_requests (event_id, status)"
            ], on: db, engine: engine)
    }
}

import SQLKit

/// Workshops by ranked choices: an event's `workshop_mode` ("libre": first come, first
/// served; "voeux": participants rank the workshops of each slot until `choices_deadline`,
/// then the organiser runs the allocation and publishes it), the choices, the organiser's
/// locked placements, and every run with its figures and placements (published or not).
struct AddWorkshopAllocation: Migration {
    let version = 15
    let name = "add-workshop-allocation"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE events ADD COLUMN workshop_mode TEXT NOT NULL DEFAULT 'libre'",
                "ALTER TABLE events ADD COLUMN choices_deadline TEXT",
                "ALTER TABLE events ADD COLUMN allocation_published_at BIGINT",
                """
                CREATE TABLE workshop_choices (
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    rank BIGINT NOT NULL,
                    PRIMARY KEY (registration_id, session_id)
                )
                """,
                "CREATE INDEX workshop_choices_by_session ON workshop_choices (session_id)",
                """
                CREATE TABLE allocation_locks (
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    PRIMARY KEY (registration_id, session_id)
                )
                """,
                "CREATE INDEX allocation_locks_by_event ON allocation_locks (event_id)",
                """
                CREATE TABLE allocation_runs (
                    id {id},
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    objective TEXT NOT NULL,
                    place_unranked BIGINT NOT NULL,
                    participants BIGINT NOT NULL,
                    profile TEXT NOT NULL,
                    unassigned BIGINT NOT NULL,
                    waste BIGINT NOT NULL,
                    placed_without_choice BIGINT NOT NULL,
                    proven_optimal BIGINT NOT NULL,
                    cost TEXT NOT NULL,
                    lower_bound TEXT NOT NULL,
                    duration_ms BIGINT NOT NULL,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    published_at BIGINT
                )
                """,
                "CREATE INDEX allocation_runs_by_event ON allocation_runs (event_id, id)",
                """
                CREATE TABLE allocation_placements (
                    run_id BIGINT NOT NULL REFERENCES allocation_runs(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    rank BIGINT,
                    locked BIGINT NOT NULL,
                    PRIMARY KEY (run_id, registration_id, session_id)
                )
                """
            ], on: db, engine: engine)
    }
}

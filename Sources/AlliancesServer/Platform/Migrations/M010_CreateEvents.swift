import SQLKit

/// Rencontres: events (of a lab, or of the network when `lab_id` is null), their sessions,
/// speakers, registrations for the event and for sessions. `seats_taken` counts the
/// registrations holding a seat (confirmed or offered); it only ever changes by a
/// conditional `UPDATE … WHERE seats_taken < capacity`, so it never exceeds the capacity.
struct CreateEvents: Migration {
    let version = 10
    let name = "create-events"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE events (
                    id {id},
                    slug TEXT NOT NULL UNIQUE,
                    lab_id BIGINT REFERENCES labs(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    acronym TEXT,
                    description TEXT,
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    venue TEXT,
                    address TEXT,
                    organisers TEXT,
                    status TEXT NOT NULL,
                    capacity BIGINT,
                    seats_taken BIGINT NOT NULL DEFAULT 0,
                    offer_hours BIGINT NOT NULL DEFAULT 48,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE event_sessions (
                    id {id},
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    title TEXT NOT NULL,
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    room TEXT,
                    track TEXT,
                    capacity BIGINT,
                    seats_taken BIGINT NOT NULL DEFAULT 0,
                    description TEXT,
                    questions TEXT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX event_sessions_by_event ON event_sessions (event_id, starts_at, room)",
                """
                CREATE TABLE event_speakers (
                    id {id},
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    role TEXT,
                    organisation_name TEXT,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    bio TEXT
                )
                """,
                "CREATE INDEX event_speakers_by_event ON event_speakers (event_id, name)",
                """
                CREATE TABLE session_speakers (
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    speaker_id BIGINT NOT NULL REFERENCES event_speakers(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    position BIGINT NOT NULL,
                    PRIMARY KEY (session_id, speaker_id)
                )
                """,
                """
                CREATE TABLE registrations (
                    id {id},
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    email TEXT NOT NULL,
                    organisation_name TEXT,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    actor_kind TEXT,
                    region_code TEXT,
                    dietary TEXT,
                    listed BIGINT NOT NULL DEFAULT 0,
                    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    status TEXT NOT NULL,
                    offered_until BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX registrations_one_per_email ON registrations (event_id, email)",
                "CREATE INDEX registrations_by_status ON registrations (event_id, status, id)",
                """
                CREATE TABLE session_registrations (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    offered_until BIGINT,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX session_registrations_once ON session_registrations (session_id, registration_id)",
                "CREATE INDEX session_registrations_by_status ON session_registrations (session_id, status, id)"
            ], on: db, engine: engine)
    }
}

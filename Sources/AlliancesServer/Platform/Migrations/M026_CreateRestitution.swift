import SQLKit

/// Restitution of workshops: per session its settings and the rapporteur's output
/// (`session_restitutions`), rapporteurs, commitments, participants' proposals, dot-vote
/// ballots. A ballot's `used` is the sum of the voter's `proposal_votes.dots` in the
/// session; it only changes by a conditional update within the limit, in the transaction
/// that changes the dots, so nobody holds more dots than allowed. A follow-up is a need, an
/// offer or a partnership created from a commitment or a proposal (`source`, as it read
/// then), in a lab. Questions from the room to a plenary session carry one upvote per
/// participant. The post-event evaluation: one answer per registration (scores per
/// session, free text), and when each was invited. Documents attached to sessions (slides,
/// photos) are files of the data folder. Events get the visibility of their
/// synthesis.
struct CreateRestitution: Migration {
    let version = 26
    let name = "create-restitution"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE session_restitutions (
                    session_id BIGINT PRIMARY KEY REFERENCES event_sessions(id) ON DELETE CASCADE,
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    votes_per_participant BIGINT NOT NULL DEFAULT 3,
                    vote_state TEXT NOT NULL DEFAULT 'pas-ouvert',
                    output_status TEXT NOT NULL DEFAULT 'vide',
                    findings TEXT,
                    proposals TEXT,
                    obstacles TEXT,
                    resources TEXT,
                    next_steps TEXT,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX session_restitutions_by_event ON session_restitutions (event_id)",
                """
                CREATE TABLE session_rapporteurs (
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    PRIMARY KEY (session_id, registration_id)
                )
                """,
                """
                CREATE TABLE restitution_commitments (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    position BIGINT NOT NULL,
                    who TEXT NOT NULL,
                    organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
                    what TEXT NOT NULL,
                    due TEXT
                )
                """,
                "CREATE INDEX restitution_commitments_by_session ON restitution_commitments (session_id, position)",
                """
                CREATE TABLE proposals (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT REFERENCES registrations(id) ON DELETE SET NULL,
                    body TEXT NOT NULL,
                    theme TEXT,
                    status TEXT NOT NULL,
                    merged_into BIGINT REFERENCES proposals(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX proposals_by_session ON proposals (session_id, status, id)",
                "CREATE INDEX proposals_by_author ON proposals (registration_id)",
                """
                CREATE TABLE ballots (
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    used BIGINT NOT NULL DEFAULT 0,
                    PRIMARY KEY (session_id, registration_id)
                )
                """,
                "CREATE INDEX ballots_by_registration ON ballots (registration_id)",
                """
                CREATE TABLE proposal_votes (
                    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    dots BIGINT NOT NULL,
                    PRIMARY KEY (proposal_id, registration_id)
                )
                """,
                "CREATE INDEX proposal_votes_by_registration ON proposal_votes (registration_id)",
                """
                CREATE TABLE restitution_followups (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
                    target_id BIGINT NOT NULL,
                    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX restitution_followups_by_session ON restitution_followups (session_id, id)",
                """
                CREATE TABLE plenary_questions (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    registration_id BIGINT REFERENCES registrations(id) ON DELETE SET NULL,
                    body TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX plenary_questions_by_session ON plenary_questions (session_id, status, id)",
                "CREATE INDEX plenary_questions_by_author ON plenary_questions (registration_id)",
                """
                CREATE TABLE question_votes (
                    question_id BIGINT NOT NULL REFERENCES plenary_questions(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    PRIMARY KEY (question_id, registration_id)
                )
                """,
                "CREATE INDEX question_votes_by_registration ON question_votes (registration_id)",
                """
                CREATE TABLE evaluations (
                    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    keep_text TEXT,
                    change_text TEXT,
                    come_again TEXT,
                    submitted_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX evaluations_by_event ON evaluations (event_id)",
                """
                CREATE TABLE evaluation_scores (
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    score BIGINT NOT NULL,
                    PRIMARY KEY (registration_id, session_id)
                )
                """,
                "CREATE INDEX evaluation_scores_by_session ON evaluation_scores (session_id)",
                """
                CREATE TABLE evaluation_invitations (
                    registration_id BIGINT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    sent_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE session_documents (
                    id {id},
                    session_id BIGINT NOT NULL REFERENCES event_sessions(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    stored_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
                    uploaded_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX session_documents_by_session ON session_documents (session_id, id)",
                "ALTER TABLE events ADD COLUMN synthesis_visibility TEXT NOT NULL DEFAULT 'labo'"
            ], on: db, engine: engine)
    }
}

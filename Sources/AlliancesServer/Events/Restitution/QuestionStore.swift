import AlliancesCore
import SQLKit

/// A question from the room with its upvotes.
struct PlenaryQuestion: Sendable, Equatable {
    let id: Int
    let sessionID: Int
    let registrationID: Int?
    let text: String
    let status: QuestionStatus
    let votes: Int
}

/// All SQL of plenary questions: `plenary_questions`, `question_votes`.
struct QuestionStore: Sendable {
    static func decode(_ row: any SQLRow) throws -> PlenaryQuestion {
        PlenaryQuestion(
            id: try row.int("id"), sessionID: try row.int("session_id"),
            registrationID: try row.optionalInt("registration_id"), text: try row.string("body"),
            status: try row.code(QuestionStatus.self, "status", in: "plenary_questions"), votes: try row.int("votes"))
    }

    private static let columns: SQLQueryString = """
        SELECT q.*, (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id) AS votes FROM plenary_questions q
        """

    func insert(sessionID: Int, registrationID: Int, text: String, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO plenary_questions (session_id, registration_id, body, status, created_at, updated_at)
            VALUES (\(bind: sessionID), \(bind: registrationID), \(bind: text), 'en-attente', \(bind: now), \(bind: now))
            """
        ).run()
    }

    func count(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM plenary_questions WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)"
        ).first()?.int("n") ?? 0
    }

    func questions(sessionID: Int, on db: any SQLDatabase) async throws -> [PlenaryQuestion] {
        try await db.raw(Self.columns + " WHERE q.session_id = \(bind: sessionID) ORDER BY q.id").all().map(Self.decode)
    }

    func questions(eventID: Int, on db: any SQLDatabase) async throws -> [PlenaryQuestion] {
        try await db.raw(
            Self.columns
                + " JOIN event_sessions s ON s.id = q.session_id WHERE s.event_id = \(bind: eventID) ORDER BY q.session_id, q.id"
        ).all().map(Self.decode)
    }

    func question(id: Int, sessionID: Int, on db: any SQLDatabase) async throws -> PlenaryQuestion? {
        try await db.raw(Self.columns + " WHERE q.id = \(bind: id) AND q.session_id = \(bind: sessionID)").first().map(
            Self.decode)
    }

    func setStatus(id: Int, status: QuestionStatus, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE plenary_questions SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    /// The questions of the session the registration upvoted.
    func upvoted(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Set<Int> {
        Set(
            try await db.raw(
                """
                SELECT v.question_id FROM question_votes v JOIN plenary_questions q ON q.id = v.question_id
                WHERE q.session_id = \(bind: sessionID) AND v.registration_id = \(bind: registrationID)
                """
            ).all().map { try $0.int("question_id") })
    }

    /// Adds or withdraws the registration's upvote (one per person and question).
    func setVote(questionID: Int, registrationID: Int, on: Bool, on db: any SQLDatabase) async throws {
        if on {
            try await db.raw(
                """
                INSERT INTO question_votes (question_id, registration_id) VALUES (\(bind: questionID), \(bind: registrationID))
                ON CONFLICT DO NOTHING
                """
            ).run()
        } else {
            try await db.raw(
                "DELETE FROM question_votes WHERE question_id = \(bind: questionID) AND registration_id = \(bind: registrationID)"
            ).run()
        }
    }
}

/// A person's questions and upvotes, for the GDPR export (on erasure they stay, anonymous,
/// as the proposals do).
extension QuestionStore {
    func personalRows(registrationIDs: [Int], on db: any SQLDatabase) async throws -> [any SQLRow] {
        guard !registrationIDs.isEmpty else { return [] }
        let ids = registrationIDs.map(String.init).joined(separator: ",")
        return try await db.raw(
            """
            SELECT q.id, s.title AS session, q.body, q.status, q.created_at,
              (SELECT COUNT(*) FROM question_votes v WHERE v.question_id = q.id AND v.registration_id IN (\(unsafeRaw: ids))) AS upvoted_by_me
            FROM plenary_questions q JOIN event_sessions s ON s.id = q.session_id
            WHERE q.registration_id IN (\(unsafeRaw: ids))
               OR q.id IN (SELECT question_id FROM question_votes WHERE registration_id IN (\(unsafeRaw: ids)))
            ORDER BY q.id
            """
        ).all()
    }
}

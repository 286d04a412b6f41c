import AlliancesCore
import SQLKit

/// All SQL of the post-event evaluation: `evaluations`, `evaluation_scores`,
/// `evaluation_invitations`.
struct EvaluationStore: Sendable {
    /// The event's results, for its organisers: no registration is named.
    struct Results: Sendable, Equatable {
        var answers = 0
        var invited = 0
        /// Per session, the count of each score 1…5 (index 0 is score 1).
        var scores: [Int: [Int]] = [:]
        var comeAgain: [ComeAgain: Int] = [:]
        var keep: [String] = []
        var change: [String] = []
    }

    func answer(registrationID: Int, on db: any SQLDatabase) async throws -> EvaluationAnswer? {
        guard
            let row = try await db.raw("SELECT * FROM evaluations WHERE registration_id = \(bind: registrationID)")
                .first()
        else { return nil }
        var answer = EvaluationAnswer(
            keep: try row.optionalString("keep_text"), change: try row.optionalString("change_text"),
            comeAgain: try row.optionalCode(ComeAgain.self, "come_again", in: "evaluations"))
        for score in try await db.raw(
            "SELECT session_id, score FROM evaluation_scores WHERE registration_id = \(bind: registrationID)"
        ).all() {
            answer.scores[try score.int("session_id")] = try score.int("score")
        }
        return answer
    }

    /// Replaces the registration's answer.
    func save(_ a: EvaluationAnswer, registrationID: Int, eventID: Int, at now: Int, on db: any SQLDatabase)
        async throws
    {
        try await db.raw("DELETE FROM evaluation_scores WHERE registration_id = \(bind: registrationID)").run()
        try await db.raw("DELETE FROM evaluations WHERE registration_id = \(bind: registrationID)").run()
        try await db.raw(
            """
            INSERT INTO evaluations (registration_id, event_id, keep_text, change_text, come_again, submitted_at)
            VALUES (\(bind: registrationID), \(bind: eventID), \(bind: a.keep), \(bind: a.change), \(bind: a.comeAgain?.rawValue), \(bind: now))
            """
        ).run()
        for (session, score) in a.scores.sorted(by: { $0.key < $1.key }) {
            try await db.raw(
                """
                INSERT INTO evaluation_scores (registration_id, session_id, score)
                VALUES (\(bind: registrationID), \(bind: session), \(bind: score))
                """
            ).run()
        }
    }

    /// Confirmed registrations of the event that neither answered nor were invited yet.
    func toInvite(eventID: Int, on db: any SQLDatabase) async throws -> [(id: Int, email: String, name: String)] {
        try await db.raw(
            """
            SELECT r.id, r.email, r.name FROM registrations r WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
            AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.registration_id = r.id)
            AND NOT EXISTS (SELECT 1 FROM evaluation_invitations i WHERE i.registration_id = r.id)
            ORDER BY r.id
            """
        ).all().map { (try $0.int("id"), try $0.string("email"), try $0.string("name")) }
    }

    func markInvited(registrationID: Int, eventID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO evaluation_invitations (registration_id, event_id, sent_at)
            VALUES (\(bind: registrationID), \(bind: eventID), \(bind: now)) ON CONFLICT DO NOTHING
            """
        ).run()
    }

    func results(eventID: Int, on db: any SQLDatabase) async throws -> Results {
        var r = Results()
        r.invited =
            try await db.raw("SELECT COUNT(*) AS n FROM evaluation_invitations WHERE event_id = \(bind: eventID)")
            .first()?.int("n") ?? 0
        for row in try await db.raw(
            "SELECT keep_text, change_text, come_again FROM evaluations WHERE event_id = \(bind: eventID) ORDER BY submitted_at, registration_id"
        ).all() {
            r.answers += 1
            if let keep = try row.optionalString("keep_text") { r.keep.append(keep) }
            if let change = try row.optionalString("change_text") { r.change.append(change) }
            if let come = try row.optionalCode(ComeAgain.self, "come_again", in: "evaluations") {
                r.comeAgain[come, default: 0] += 1
            }
        }
        for row in try await db.raw(
            """
            SELECT s.session_id, s.score, COUNT(*) AS n FROM evaluation_scores s JOIN evaluations e ON e.registration_id = s.registration_id
            WHERE e.event_id = \(bind: eventID) GROUP BY s.session_id, s.score
            """
        ).all() {
            let session = try row.int("session_id"), score = try row.int("score")
            guard (1...5).contains(score) else { continue }
            r.scores[session, default: [0, 0, 0, 0, 0]][score - 1] = try row.int("n")
        }
        return r
    }

    /// The person's answers, for the GDPR export.
    func personalRows(registrationIDs: [Int], on db: any SQLDatabase) async throws -> [any SQLRow] {
        guard !registrationIDs.isEmpty else { return [] }
        let ids = registrationIDs.map(String.init).joined(separator: ",")
        return try await db.raw(
            """
            SELECT e.registration_id, e.keep_text, e.change_text, e.come_again, e.submitted_at,
              (SELECT \(db.stringAggregate("CAST(s.session_id AS TEXT) || ':' || CAST(s.score AS TEXT)", separator: ", ")) FROM evaluation_scores s
               WHERE s.registration_id = e.registration_id) AS scores
            FROM evaluations e WHERE e.registration_id IN (\(unsafeRaw: ids)) ORDER BY e.registration_id
            """
        ).all()
    }
}

import SQLKit

/// The introductions an account asked for or proposed, for the GDPR export.
extension IntroductionStore {
    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            """
            SELECT i.id, a.name AS organisation_a, b.name AS organisation_b, i.status, i.request_message, i.message_a,
              i.message_b, i.requested_by, i.proposed_by, i.created_at, i.updated_at
            FROM introductions i JOIN organisations a ON a.id = i.organisation_a JOIN organisations b ON b.id = i.organisation_b
            WHERE i.requested_by = \(bind: userID) OR i.proposed_by = \(bind: userID) ORDER BY i.id
            """
        ).all()
    }
}

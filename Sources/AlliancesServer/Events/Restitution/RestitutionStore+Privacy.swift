import SQLKit

/// A person's proposals and dots, for the GDPR export. On erasure the registration is
/// anonymised: proposals stay as anonymous contributions to the workshop (like any authored
/// content), votes stay as anonymous dots, so the workshop's totals do not change.
extension RestitutionStore {
    func personalRows(registrationIDs: [Int], on db: any SQLDatabase) async throws -> (
        proposals: [any SQLRow], votes: [any SQLRow]
    ) {
        guard !registrationIDs.isEmpty else { return ([], []) }
        let ids = registrationIDs.map(String.init).joined(separator: ",")
        let proposals = try await db.raw(
            """
            SELECT p.id, s.title AS session, p.body, p.theme, p.status, p.created_at FROM proposals p
            JOIN event_sessions s ON s.id = p.session_id WHERE p.registration_id IN (\(unsafeRaw: ids)) ORDER BY p.id
            """
        ).all()
        let votes = try await db.raw(
            """
            SELECT v.proposal_id, p.body AS proposal, v.dots FROM proposal_votes v JOIN proposals p ON p.id = v.proposal_id
            WHERE v.registration_id IN (\(unsafeRaw: ids)) ORDER BY v.proposal_id
            """
        ).all()
        return (proposals, votes)
    }
}

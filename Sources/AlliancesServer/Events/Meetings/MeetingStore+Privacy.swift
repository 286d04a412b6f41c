import SQLKit

/// A person's meeting requests, for the GDPR export and erasure.
extension MeetingStore {
    func personalRows(registrationIDs: [Int], on db: any SQLDatabase) async throws -> [any SQLRow] {
        guard !registrationIDs.isEmpty else { return [] }
        let ids = registrationIDs.map(String.init).joined(separator: ",")
        return try await db.raw(
            """
            SELECT id, event_id, requester_id, invitee_id, message, status, slot, table_no, created_at FROM meeting_requests
            WHERE requester_id IN (\(unsafeRaw: ids)) OR invitee_id IN (\(unsafeRaw: ids)) ORDER BY id
            """
        ).all()
    }

    /// Erasure: the requests a person made or received go (their messages with them).
    func deleteRequests(registrationIDs: [Int], on db: any SQLDatabase) async throws -> Int {
        guard !registrationIDs.isEmpty else { return 0 }
        let ids = registrationIDs.map(String.init).joined(separator: ",")
        return try await db.raw(
            "DELETE FROM meeting_requests WHERE requester_id IN (\(unsafeRaw: ids)) OR invitee_id IN (\(unsafeRaw: ids)) RETURNING id"
        ).all().count
    }
}

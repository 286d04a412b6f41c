import SQLKit

/// The person records that carry an address, for the GDPR export and erasure.
extension OrganisationStore {
    func personalRows(email: String, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            """
            SELECT p.id, o.name AS organisation, p.name, p.role, p.email, p.phone, p.created_at, p.updated_at
            FROM people p JOIN organisations o ON o.id = p.organisation_id WHERE LOWER(p.email) = \(bind: email) ORDER BY p.id
            """
        ).all()
    }

    /// Erasure: the person records with this address go; their labs' data version moves
    /// (search indexes and cached pages forget them). Returns how many.
    func deletePeople(email: String, on db: any SQLDatabase) async throws -> Int {
        let labs = try await db.raw(
            """
            SELECT DISTINCT o.lab_id FROM people p JOIN organisations o ON o.id = p.organisation_id WHERE LOWER(p.email) = \(bind: email)
            """
        ).all().map { try $0.int("lab_id") }
        let deleted = try await db.raw("DELETE FROM people WHERE LOWER(email) = \(bind: email) RETURNING id").all()
            .count
        for lab in labs { try await LabStore.bumpVersion(labID: lab, on: db) }
        return deleted
    }
}

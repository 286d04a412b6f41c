import AlliancesCore
import SQLKit

/// Registrations the organisers make or correct for a person.
extension RegistrationStore {
    func registration(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> Registration? {
        try await db.raw("SELECT * FROM registrations WHERE id = \(bind: id) AND event_id = \(bind: eventID)").first()
            .map(Self.decode)
    }

    /// What an organiser may correct: everything but the address (the registration's key).
    func update(id: Int, checked c: CheckedRegistration, organisationID: Int?, at now: Int, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE registrations SET name = \(bind: c.name), organisation_name = \(bind: c.organisation),
              organisation_id = \(bind: organisationID), actor_kind = \(bind: c.kind?.rawValue), region_code = \(bind: c.region),
              dietary = \(bind: c.dietary), listed = \(bind: c.listed ? 1 : 0), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Writes a new registration, or reopens the cancelled one of the same address.
    func write(_ row: Row, reopening existing: Contact?, on db: any SQLDatabase) async throws -> Int {
        guard let existing else { return try await insert(row, on: db) }
        try await reopen(id: existing.id, with: row, on: db)
        return existing.id
    }
}

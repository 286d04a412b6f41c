import AlliancesCore
import SQLKit

/// Bulk writes of partnerships for the benchmark generators.
extension PartnershipStore {
    /// Partnerships of the lab recorded directly (origin `direct`), their parties in one
    /// multi-row insert, all stamped with the lab's new partnership version.
    func insertBatch(labID: Int, drafts: [PartnershipDraft], on db: any SQLDatabase) async throws {
        guard !drafts.isEmpty else { return }
        var parties: [SQLQueryString] = []
        for draft in drafts {
            let row = try await db.raw(
                """
                INSERT INTO partnerships (lab_id, title, modes, themes, stage, started_on, ended_on, euros, origin, created_at, updated_at)
                VALUES (\(bind: labID), \(bind: draft.title), \(bind: ListingStore.framed(draft.modes)), \(bind: ListingStore.framed(draft.themes)),
                  \(bind: draft.stage.rawValue), \(bind: draft.startDate), \(bind: draft.endDate), \(bind: draft.euros), 'direct', \(bind: nowSeconds()), \(bind: nowSeconds()))
                RETURNING id
                """
            ).first()
            guard let id = try row?.int("id") else {
                throw DatabaseError(description: "partnership insert returned no id")
            }
            for (position, party) in draft.parties.enumerated() {
                parties.append("(\(bind: id), \(bind: party.organisationID), \(bind: party.role), \(bind: position))")
            }
        }
        try await db.raw(
            "INSERT INTO partnership_parties (partnership_id, organisation_id, role, position) VALUES "
                + parties.joined(separator: ", ")
        ).run()
        try await Self.bumpVersion(labID: labID, on: db)
        try await db.raw(
            """
            UPDATE partnerships SET version = (SELECT partnership_version FROM labs WHERE id = \(bind: labID))
            WHERE lab_id = \(bind: labID) AND version = 0
            """
        ).run()
    }
}

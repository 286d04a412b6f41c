import AlliancesCore
import SQLKit

/// Bulk writes of listings for the benchmark generators: one statement per batch.
extension ListingStore {
    struct BulkRow: Sendable {
        let organisationID: Int
        let kind: ListingKind
        let title: String
        let description: String
        let modes: [PartnershipMode]
        let themes: [Theme]
        let commune: String?
        let radiusKm: Int?
        let visibility: String
        let createdAt: Int
        let updatedAt: Int
    }

    /// Published listings of the lab, in one multi-row insert.
    func insertBatch(labID: Int, rows: [BulkRow], on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let values: [SQLQueryString] = rows.map { r in
            """
            (\(bind: labID), \(bind: r.organisationID), \(bind: r.kind.rawValue), \(bind: r.title), \(bind: r.description),
             \(bind: Self.framed(r.modes)), \(bind: Self.framed(r.themes)),
             \(bind: r.commune), \(bind: r.radiusKm), 'publie', \(bind: r.visibility),
             \(bind: r.createdAt), \(bind: r.updatedAt))
            """
        }
        try await db.raw(
            """
            INSERT INTO listings (lab_id, organisation_id, kind, title, description, modes, themes, commune_code, radius_km,
              status, visibility, created_at, updated_at) VALUES
            """ + values.joined(separator: ", ")
        ).run()
    }
}

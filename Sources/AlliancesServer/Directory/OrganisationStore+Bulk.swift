import AlliancesCore
import SQLKit

/// Bulk writes and reads for loads of many organisations (demo and benchmark generators).
extension OrganisationStore {
    /// The lab's organisations as (id, kind, commune code), for generators that pick
    /// owners by kind.
    func kinds(labID: Int, activeOnly: Bool, on db: any SQLDatabase) async throws -> [(
        id: Int, kind: ActorKind, commune: String?
    )] {
        var query: SQLQueryString = "SELECT id, kind, commune_code FROM organisations WHERE lab_id = \(bind: labID)"
        if activeOnly { query += " AND active = 1" }
        return try await db.raw(query + " ORDER BY id").all().map {
            (
                try $0.int("id"), try $0.code(ActorKind.self, "kind", in: "organisations"),
                try $0.optionalString("commune_code")
            )
        }
    }

    /// Multi-row insert used by bulk loads: one statement per batch instead of one per row.
    func insertBatch(labID: Int, rows: [(OrganisationDraft, Commune?)], on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let now = nowSeconds()
        let values: [SQLQueryString] = rows.map { draft, commune in
            """
            (\(bind: labID), \(bind: draft.name), \(bind: TextNormalisation.fold(draft.name)), \(bind: draft.acronym), \(bind: draft.kind.rawValue),
             \(bind: draft.sizeClass?.rawValue), \(bind: draft.headcountBand?.rawValue), \(bind: draft.description),
             \(bind: commune?.code), \(bind: commune?.departementCode), \(bind: draft.active ? 1 : 0), \(bind: now), \(bind: now))
            """
        }
        let insert: SQLQueryString = """
            INSERT INTO organisations (lab_id, name, name_folded, acronym, kind, size_class, headcount_band, description,
              commune_code, departement_code, active, created_at, updated_at) VALUES
            """ + values.joined(separator: ", ") + " RETURNING id"
        // Both engines return the ids of a multi-row VALUES insert in VALUES order.
        let ids = try await db.raw(insert).all().map { try $0.int("id") }
        var themeValues: [SQLQueryString] = []
        for (id, row) in zip(ids, rows) {
            for theme in row.0.themes { themeValues.append("(\(bind: id), \(bind: theme.rawValue))") }
        }
        if !themeValues.isEmpty {
            try await db.raw(
                "INSERT INTO organisation_themes (organisation_id, theme) VALUES " + themeValues.joined(separator: ", ")
            ).run()
        }
        try await LabStore.bumpVersion(labID: labID, on: db)
    }
}

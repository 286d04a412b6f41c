import AlliancesCore
import SQLKit

/// The SQL the search index is built from: a lab's organisations with their commune and
/// themes, and their people (names and roles only: contact details are never indexed).
struct SearchStore: Sendable {
    struct OrganisationRow: Sendable {
        let id: Int
        let name: String
        let acronym: String?
        let kind: ActorKind
        let size: SizeClass?
        let themes: [Theme]
        let description: String?
        let departement: String?
        let ess: Bool
        let active: Bool
        let commune: String?
        let latitude: Double?
        let longitude: Double?
    }

    struct PersonRow: Sendable {
        let id: Int
        let name: String
        let role: String?
        let organisationID: Int
    }

    /// The lab's organisations, and those of other labs it lists (`organisation_labs`).
    func organisations(labID: Int, on db: any SQLDatabase) async throws -> [OrganisationRow] {
        let query: SQLQueryString = """
            SELECT o.id, o.name, o.acronym, o.kind, o.size_class, o.description, o.departement_code, o.ess, o.active,
              c.name AS commune_name, COALESCE(o.latitude, c.latitude) AS latitude, COALESCE(o.longitude, c.longitude) AS longitude,
            """ + OrganisationStore.themesColumn(db) + """
                 FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code
                 WHERE o.lab_id = \(bind: labID) OR o.id IN (SELECT organisation_id FROM organisation_labs WHERE lab_id = \(bind: labID))
                """
        return try await db.raw(query).all().map { row in
            OrganisationRow(
                id: try row.int("id"), name: try row.string("name"), acronym: try row.optionalString("acronym"),
                kind: try row.code(ActorKind.self, "kind", in: "organisations"),
                size: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
                themes: OrganisationStore.themes(try row.optionalString("themes")),
                description: try row.optionalString("description"),
                departement: try row.optionalString("departement_code"),
                ess: (try row.optionalInt("ess") ?? 0) != 0, active: try row.bool("active"),
                commune: try row.optionalString("commune_name"), latitude: try row.optionalDouble("latitude"),
                longitude: try row.optionalDouble("longitude"))
        }
    }

    func people(labID: Int, on db: any SQLDatabase) async throws -> [PersonRow] {
        try await db.raw(
            """
            SELECT p.id, p.name, p.role, p.organisation_id FROM people p JOIN organisations o ON o.id = p.organisation_id WHERE o.lab_id = \(bind: labID)
            """
        ).all().map {
            PersonRow(
                id: try $0.int("id"), name: try $0.string("name"), role: try $0.optionalString("role"),
                organisationID: try $0.int("organisation_id"))
        }
    }
}

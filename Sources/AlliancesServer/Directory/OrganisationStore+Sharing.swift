import AlliancesCore
import SQLKit

/// Organisations listed by labs other than their own (`organisation_labs`, M039).
extension OrganisationStore {
    struct SharedOrganisation: Sendable {
        let id: Int
        let name: String
        let kind: ActorKind
        let communeName: String?
        let ownerSlug: String
        let ownerName: String
    }

    /// Lists an organisation in another lab; false when it was listed there already.
    func list(organisationID: Int, inLab labID: Int, by userID: Int?, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            """
            INSERT INTO organisation_labs (organisation_id, lab_id, listed_by, listed_at)
            VALUES (\(bind: organisationID), \(bind: labID), \(bind: userID), \(bind: nowSeconds()))
            ON CONFLICT (organisation_id, lab_id) DO NOTHING RETURNING organisation_id
            """
        ).all().isEmpty
    }

    /// Takes an organisation out of another lab's listing; false when it was not listed there.
    func unlist(organisationID: Int, fromLab labID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            """
            DELETE FROM organisation_labs WHERE organisation_id = \(bind: organisationID) AND lab_id = \(bind: labID)
            RETURNING organisation_id
            """
        ).all().isEmpty
    }

    /// Which of these ids a record of this lab may name: its own organisations and those of
    /// other labs it lists.
    func linkable(ids: [Int], labID: Int, on db: any SQLDatabase) async throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await db.raw(
                """
                SELECT id FROM organisations WHERE id IN (\(binds: ids)) AND (lab_id = \(bind: labID)
                  OR id IN (SELECT organisation_id FROM organisation_labs WHERE lab_id = \(bind: labID)))
                """
            ).all().map { try $0.int("id") })
    }

    /// The other labs that list this organisation, by name.
    func listingLabs(organisationID: Int, on db: any SQLDatabase) async throws -> [LabSummary] {
        try await db.raw(
            """
            SELECT l.id, l.slug, l.name FROM organisation_labs s JOIN labs l ON l.id = s.lab_id
            WHERE s.organisation_id = \(bind: organisationID) ORDER BY l.name
            """
        ).all().map { LabSummary(id: try $0.int("id"), slug: try $0.string("slug"), name: try $0.string("name")) }
    }

    /// The owner lab's slug of an organisation listed in this lab (nil when it is not).
    func ownerSlug(ofListed organisationID: Int, inLab labID: Int, on db: any SQLDatabase) async throws -> String? {
        try await db.raw(
            """
            SELECT l.slug FROM organisation_labs s JOIN organisations o ON o.id = s.organisation_id JOIN labs l ON l.id = o.lab_id
            WHERE s.organisation_id = \(bind: organisationID) AND s.lab_id = \(bind: labID)
            """
        ).first()?.string("slug")
    }

    /// Other labs' organisations listed in this lab, by name, a page at a time, and their number.
    func shared(inLab labID: Int, limit: Int, offset: Int, on db: any SQLDatabase) async throws
        -> (items: [SharedOrganisation], total: Int)
    {
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM organisation_labs WHERE lab_id = \(bind: labID)").first()?
            .int("n") ?? 0
        let items = try await db.raw(
            """
            SELECT o.id, o.name, o.kind, c.name AS commune_name, l.slug, l.name AS lab_name
            FROM organisation_labs s JOIN organisations o ON o.id = s.organisation_id JOIN labs l ON l.id = o.lab_id
            LEFT JOIN communes c ON c.code = o.commune_code
            WHERE s.lab_id = \(bind: labID) ORDER BY o.name_folded, o.id LIMIT \(literal: limit) OFFSET \(literal: offset)
            """
        ).all().map {
            SharedOrganisation(
                id: try $0.int("id"), name: try $0.string("name"),
                kind: try $0.code(ActorKind.self, "kind", in: "organisations"),
                communeName: try $0.optionalString("commune_name"), ownerSlug: try $0.string("slug"),
                ownerName: try $0.string("lab_name"))
        }
        return (items, total)
    }
}

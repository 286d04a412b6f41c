import AlliancesCore
import NIOConcurrencyHelpers
import SQLKit

public struct Lab: Sendable, Equatable {
    public let id: Int
    public let slug: String
    public let name: String
    public let description: String?
    public let perimeter: Perimeter
    public let regionCode: String?
    /// Bumped by every directory write in this lab (see `CreateLabs`).
    public let dataVersion: Int
    /// Bumped by every partnership or survey write in this lab (see `CreatePartnerships`).
    public let partnershipVersion: Int
    /// Whether the lab shows its figures to the other labs on the network dashboard.
    public let sharesFigures: Bool
    /// When a network admin archived the lab: it is read-only until restored.
    public let archivedAt: Int?
    /// How to reach the lab's team, on its home page.
    public var contactEmail: String? = nil
    public var website: String? = nil
    public var colour: String? = nil

    public var summary: LabSummary { LabSummary(id: id, slug: slug, name: name, colour: colour) }

    /// The départements of the lab's perimeter (all of them for a national lab), for the
    /// filters and maps.
    public var departements: [Departement] {
        perimeter.isNational
            ? ReferenceGeography.departements
            : perimeter.departementCodes.compactMap { ReferenceGeography.departementsByCode[$0] }
    }
}

public struct LabStore: Sendable {
    public init() {}

    static let columns =
        "id, slug, name, description, perimeter, region_code, data_version, partnership_version, shares_figures, archived_at, contact_email, website, accent_colour"

    static func decode(_ row: any SQLRow) throws -> Lab {
        let perimeterText = try row.string("perimeter")
        let codes = perimeterText.split(separator: ",").map(String.init)
        var lab = Lab(
            id: try row.int("id"), slug: try row.string("slug"), name: try row.string("name"),
            description: try row.optionalString("description"),
            perimeter: Perimeter(departementCodes: codes),
            regionCode: try row.optionalString("region_code"),
            dataVersion: try row.int("data_version"),
            partnershipVersion: try row.int("partnership_version"),
            sharesFigures: try row.int("shares_figures") == 1,
            archivedAt: try row.optionalInt("archived_at")
        )
        (lab.contactEmail, lab.website) = (try row.optionalString("contact_email"), try row.optionalString("website"))
        lab.colour = try row.optionalString("accent_colour")
        return lab
    }

    public func find(slug: String, on db: any SQLDatabase) async throws -> Lab? {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM labs WHERE slug = \(bind: slug)").first().map(
            Self.decode)
    }

    public func find(id: Int, on db: any SQLDatabase) async throws -> Lab? {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM labs WHERE id = \(bind: id)").first().map(Self.decode)
    }

    public func count(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM labs").first()?.int("n") ?? 0
    }

    public func all(on db: any SQLDatabase) async throws -> [Lab] {
        try await db.raw("SELECT \(unsafeRaw: Self.columns) FROM labs ORDER BY name").all().map(Self.decode)
    }

    /// Creates a lab, or returns the existing one with that slug.
    @discardableResult
    public func create(
        slug: String, name: String, description: String?, perimeter: Perimeter, regionCode: String?,
        on db: any SQLDatabase
    ) async throws -> Lab {
        if let existing = try await find(slug: slug, on: db) { return existing }
        let perimeterText = perimeter.departementCodes.joined(separator: ",")
        let row = try await db.raw(
            """
            INSERT INTO labs (slug, name, description, perimeter, region_code, data_version, created_at)
            VALUES (\(bind: slug), \(bind: name), \(bind: description), \(bind: perimeterText), \(bind: regionCode), 0, \(bind: nowSeconds()))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id"), let lab = try await find(id: id, on: db) else {
            throw DatabaseError(description: "Lab \(slug) was not created")
        }
        return lab
    }

    /// Changes a lab's name, description, perimeter and contact (its slug, in every address, stays),
    /// and bumps its data version so that its cached pages and indexes are built again.
    public func update(id: Int, draft: LabDraft, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE labs SET name = \(bind: draft.name), description = \(bind: draft.description),
            perimeter = \(bind: draft.perimeter.departementCodes.joined(separator: ",")), region_code = \(bind: draft.regionCode),
            contact_email = \(bind: draft.contactEmail), website = \(bind: draft.website), accent_colour = \(bind: draft.colour),
            data_version = data_version + 1
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Whether the lab's figures are shown to the other labs on the network dashboard.
    public func setSharesFigures(id: Int, _ shares: Bool, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE labs SET shares_figures = \(bind: shares ? 1 : 0) WHERE id = \(bind: id)").run()
    }

    /// Archives the lab (`at`, epoch seconds) or restores it (`nil`); its records stay.
    public func setArchived(id: Int, at: Int?, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE labs SET archived_at = \(bind: at), data_version = data_version + 1 WHERE id = \(bind: id)"
        )
        .run()
    }

    /// Whether the lab with this slug is archived (false when there is none).
    public func isArchived(slug: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT archived_at FROM labs WHERE slug = \(bind: slug)").first()?.optionalInt("archived_at")
            != nil
    }

    /// Whether the lab with this id is archived (false when there is none).
    public func isArchived(id: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT archived_at FROM labs WHERE id = \(bind: id)").first()?.optionalInt("archived_at")
            != nil
    }

    /// Marks the lab's directory as changed; call inside the transaction of the change.
    public static func bumpVersion(labID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE labs SET data_version = data_version + 1 WHERE id = \(bind: labID)").run()
    }
}

/// Counts are the slowest part of a directory page on a large lab. They are cached per
/// lab and filter, tagged with the lab's `data_version`: any write in the lab, by any app
/// instance, bumps the version, so a stale count is never served.
public final class CountCache: Sendable {
    private struct Entry {
        let version: Int
        let value: Int
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let limit: Int

    public init(limit: Int = 10_000) { self.limit = limit }

    public func count(lab: Lab, key: String, compute: () async throws -> Int) async rethrows -> Int {
        let cacheKey = "\(lab.id)|\(key)"
        if let entry = entries.withLockedValue({ $0[cacheKey] }), entry.version == lab.dataVersion {
            return entry.value
        }
        let value = try await compute()
        entries.withLockedValue { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[cacheKey] = Entry(version: lab.dataVersion, value: value)
        }
        return value
    }
}

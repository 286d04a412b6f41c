import AlliancesCore
import SQLKit

/// A need or an offer as stored, with the organisation behind it and its place.
public struct Listing: Sendable, Equatable {
    public let id: Int
    public let labID: Int
    public let organisationID: Int
    public let organisationName: String
    public let organisationKind: ActorKind
    public let organisationSize: SizeClass?
    public var kind: ListingKind
    public var title: String
    public var description: String?
    public var modes: [PartnershipMode]
    public var themes: [Theme]
    public var communeCode: String?
    public var communeName: String?
    public var latitude: Double?
    public var longitude: Double?
    public var radiusKm: Int?
    public var startDate: String?
    public var endDate: String?
    public var hours: Int?
    public var euros: Int?
    public var inKind: String?
    public var status: ListingStatus
    public var visibility: ListingVisibility
    public var createdAt: Int
    public var updatedAt: Int

    /// What the recommender reads of it.
    var profile: MatchProfile {
        MatchProfile(
            subject: .listing(id: id, kind: kind), organisationID: organisationID, organisationName: organisationName,
            actorKind: organisationKind, sizeClass: organisationSize, modes: ModeSet(modes), themes: ThemeSet(themes),
            latitude: latitude, longitude: longitude, communeName: communeName, radiusKm: radiusKm.map(Double.init),
            euros: euros, hours: hours, text: [title, description, inKind].compactMap { $0 }.joined(separator: ". "),
            updatedAt: updatedAt, isPublic: visibility == .everyone, title: title)
    }
}

/// Filters of the needs and offers lists, shared by the pages and the API.
public struct ListingFilter: Sendable, Equatable {
    public var kind: ListingKind?
    public var mode: PartnershipMode?
    public var theme: Theme?
    public var status: StatusChoice = .open
    public var organisationID: Int?

    public enum StatusChoice: Sendable, Equatable {
        case open
        case all
        case only(ListingStatus)

        var code: String {
            switch self {
            case .open: ""
            case .all: "tous"
            case .only(let status): status.rawValue
            }
        }
    }

    public init(kind: ListingKind? = nil) { self.kind = kind }

    /// Reads `mode`, `theme`, `statut`, `organisation` (and `type` for the API).
    public static func parse(kind: ListingKind?, _ query: (String) -> String?) -> Result<
        ListingFilter, ValidationErrors
    > {
        var filter = ListingFilter(kind: kind)
        var errors = ValidationErrors()
        if kind == nil, let raw = TextRules.clean(query("type")) {
            filter.kind = ListingKind(rawValue: raw)
            if filter.kind == nil {
                errors.add("type", "Type d'annonce inconnu : « \(raw.prefix(40)) » (besoin ou offre).")
            }
        }
        if let raw = TextRules.clean(query("mode")) {
            filter.mode = PartnershipMode(rawValue: raw)
            if filter.mode == nil { errors.add("mode", "Mode de partenariat inconnu : « \(raw.prefix(40)) ».") }
        }
        if let raw = TextRules.clean(query("theme")) {
            filter.theme = Theme(rawValue: raw)
            if filter.theme == nil { errors.add("theme", "Thème inconnu : « \(raw.prefix(40)) ».") }
        }
        if let raw = TextRules.clean(query("statut")) {
            if raw == "tous" {
                filter.status = .all
            } else if let status = ListingStatus(rawValue: raw) {
                filter.status = .only(status)
            } else {
                errors.add("statut", "Statut inconnu : « \(raw.prefix(40)) ».")
            }
        }
        if let raw = TextRules.clean(query("organisation")) {
            if let id = Int(raw), id > 0 {
                filter.organisationID = id
            } else {
                errors.add("organisation", "Numéro d'organisation invalide : « \(raw.prefix(20)) ».")
            }
        }
        return errors.isEmpty ? .success(filter) : .failure(errors)
    }

    var queryPairs: [(String, String)] {
        [
            ("mode", mode?.rawValue ?? ""), ("theme", theme?.rawValue ?? ""), ("statut", status.code),
            ("organisation", organisationID.map(String.init) ?? "")
        ]
    }
}

/// All SQL of needs and offers.
public struct ListingStore: Sendable {
    public init() {}

    static let select = """
        SELECT l.id, l.lab_id, l.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind,
          o.size_class AS organisation_size, l.kind, l.title, l.description, l.modes, l.themes, l.commune_code,
          c.name AS commune_name, c.latitude, c.longitude,
          l.radius_km, l.start_date, l.end_date, l.hours, l.euros, l.in_kind, l.status, l.visibility, l.created_at, l.updated_at
        FROM listings l JOIN organisations o ON o.id = l.organisation_id LEFT JOIN communes c ON c.code = l.commune_code
        WHERE
        """

    static func codes<T: RawRepresentable>(_ text: String, as: T.Type) -> [T] where T.RawValue == String {
        text.split(separator: ",").compactMap { T(rawValue: String($0)) }
    }

    static func framed<T: RawRepresentable>(_ values: [T]) -> String where T.RawValue == String {
        values.isEmpty ? "," : "," + values.map(\.rawValue).joined(separator: ",") + ","
    }

    static func decode(_ row: any SQLRow) throws -> Listing {
        Listing(
            id: try row.int("id"), labID: try row.int("lab_id"), organisationID: try row.int("organisation_id"),
            organisationName: try row.string("organisation_name"),
            organisationKind: try row.code(ActorKind.self, "organisation_kind", in: "organisations"),
            organisationSize: try row.optionalCode(SizeClass.self, "organisation_size", in: "organisations"),
            kind: try row.code(ListingKind.self, "kind", in: "listings"), title: try row.string("title"),
            description: try row.optionalString("description"),
            modes: codes(try row.string("modes"), as: PartnershipMode.self),
            themes: codes(try row.string("themes"), as: Theme.self),
            communeCode: try row.optionalString("commune_code"), communeName: try row.optionalString("commune_name"),
            latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"),
            radiusKm: try row.optionalInt("radius_km"), startDate: try row.optionalString("start_date"),
            endDate: try row.optionalString("end_date"), hours: try row.optionalInt("hours"),
            euros: try row.optionalInt("euros"),
            inKind: try row.optionalString("in_kind"),
            status: try row.code(ListingStatus.self, "status", in: "listings"),
            visibility: try row.code(ListingVisibility.self, "visibility", in: "listings"),
            createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }

    /// The rows a viewer may see (the same rule as `Permissions.canSeeListing`, in SQL).
    func visibilityClause(labID: Int, viewer: Viewer?) -> SQLQueryString {
        if Permissions.isFacilitator(viewer, ofLab: labID) { return "1 = 1" }
        let shown: SQLQueryString = "l.status NOT IN ('brouillon', 'retire')"
        if Permissions.isLabMember(viewer, labID: labID), let own = viewer?.organisationID {
            return "(" + shown + " OR l.organisation_id = \(bind: own))"
        }
        return "(" + shown + " AND l.visibility = 'public')"
    }

    func whereClause(labID: Int, filter: ListingFilter, viewer: Viewer?) -> SQLQueryString {
        var clause: SQLQueryString = "l.lab_id = \(bind: labID) AND " + visibilityClause(labID: labID, viewer: viewer)
        if let kind = filter.kind { clause += " AND l.kind = \(bind: kind.rawValue)" }
        if let mode = filter.mode { clause += " AND l.modes LIKE \(bind: "%," + mode.rawValue + ",%")" }
        if let theme = filter.theme { clause += " AND l.themes LIKE \(bind: "%," + theme.rawValue + ",%")" }
        if let organisation = filter.organisationID { clause += " AND l.organisation_id = \(bind: organisation)" }
        switch filter.status {
        case .open: clause += " AND l.status IN ('publie', 'en-discussion')"
        case .all: break
        case .only(let status): clause += " AND l.status = \(bind: status.rawValue)"
        }
        return clause
    }

    public func list(
        labID: Int, filter: ListingFilter, viewer: Viewer?, limit: Int, offset: Int, on db: any SQLDatabase
    ) async throws -> [Listing] {
        let query: SQLQueryString =
            "\(unsafeRaw: Self.select) " + whereClause(labID: labID, filter: filter, viewer: viewer)
            + " ORDER BY l.updated_at DESC, l.id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
        return try await db.raw(query).all().map(Self.decode)
    }

    public func count(labID: Int, filter: ListingFilter, viewer: Viewer?, on db: any SQLDatabase) async throws -> Int {
        let query: SQLQueryString =
            "SELECT COUNT(*) AS n FROM listings l WHERE " + whereClause(labID: labID, filter: filter, viewer: viewer)
        return try await db.raw(query).first()?.int("n") ?? 0
    }

    public func find(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Listing? {
        try await db.raw("\(unsafeRaw: Self.select) l.id = \(bind: id) AND l.lab_id = \(bind: labID)").first().map(
            Self.decode)
    }

    /// Every open listing of the lab, for the recommender's pool.
    public func openListings(labID: Int, on db: any SQLDatabase) async throws -> [Listing] {
        try await db.raw(
            "\(unsafeRaw: Self.select) l.lab_id = \(bind: labID) AND l.status IN ('publie', 'en-discussion') ORDER BY l.id"
        ).all().map(Self.decode)
    }

    /// Open needs of the lab that no introduction mentions yet (the facilitator's "needs
    /// with no match").
    public func needsWithoutIntroduction(labID: Int, limit: Int, on db: any SQLDatabase) async throws -> [Listing] {
        try await db.raw(
            """
            \(unsafeRaw: Self.select) l.lab_id = \(bind: labID) AND l.kind = 'besoin' AND l.status IN ('publie', 'en-discussion')
            AND NOT EXISTS (SELECT 1 FROM introductions i WHERE i.need_id = l.id)
            ORDER BY l.created_at, l.id LIMIT \(literal: limit)
            """
        ).all().map(Self.decode)
    }

    public func create(labID: Int, draft: ListingDraft, commune: Commune?, userID: Int?, on db: any SQLDatabase)
        async throws -> Int
    {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO listings (lab_id, organisation_id, kind, title, description, modes, themes, commune_code, radius_km,
              start_date, end_date, hours, euros, in_kind, status, visibility, created_by, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: draft.organisationID), \(bind: draft.kind.rawValue), \(bind: draft.title),
              \(bind: draft.description), \(bind: Self.framed(draft.modes)), \(bind: Self.framed(draft.themes)), \(bind: commune?.code),
              \(bind: draft.radiusKm), \(bind: draft.startDate), \(bind: draft.endDate), \(bind: draft.hours), \(bind: draft.euros),
              \(bind: draft.inKind), \(bind: draft.status.rawValue), \(bind: draft.visibility.rawValue), \(bind: userID), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "listing insert returned no id") }
        try await LabStore.bumpVersion(labID: labID, on: db)
        return id
    }

    public func update(id: Int, labID: Int, draft: ListingDraft, commune: Commune?, on db: any SQLDatabase) async throws
    {
        try await db.raw(
            """
            UPDATE listings SET organisation_id = \(bind: draft.organisationID), title = \(bind: draft.title),
              description = \(bind: draft.description), modes = \(bind: Self.framed(draft.modes)), themes = \(bind: Self.framed(draft.themes)),
              commune_code = \(bind: commune?.code), radius_km = \(bind: draft.radiusKm), start_date = \(bind: draft.startDate),
              end_date = \(bind: draft.endDate), hours = \(bind: draft.hours), euros = \(bind: draft.euros), in_kind = \(bind: draft.inKind),
              status = \(bind: draft.status.rawValue), visibility = \(bind: draft.visibility.rawValue), updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id) AND lab_id = \(bind: labID)
            """
        ).run()
        try await LabStore.bumpVersion(labID: labID, on: db)
    }

    public func setStatus(id: Int, labID: Int, status: ListingStatus, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE listings SET status = \(bind: status.rawValue), updated_at = \(bind: nowSeconds()) WHERE id = \(bind: id) AND lab_id = \(bind: labID)"
        ).run()
        try await LabStore.bumpVersion(labID: labID, on: db)
    }

    /// Active organisations of the lab as recommender profiles (one query).
    public func organisationProfiles(labID: Int, on db: any SQLDatabase) async throws -> [MatchProfile] {
        let query: SQLQueryString = """
            SELECT o.id, o.name, o.acronym, o.kind, o.size_class, o.description, o.updated_at,
              COALESCE(o.latitude, c.latitude) AS latitude, COALESCE(o.longitude, c.longitude) AS longitude, c.name AS commune_name,
            """ + OrganisationStore.themesColumn(db) + """
                 FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code
                WHERE o.lab_id = \(bind: labID) AND o.active = 1 ORDER BY o.id
                """
        return try await db.raw(query).all().map { row in
            let kind = try row.code(ActorKind.self, "kind", in: "organisations")
            let id = try row.int("id")
            let name = try row.string("name")
            return MatchProfile(
                subject: .organisation(id: id), organisationID: id, organisationName: name, actorKind: kind,
                sizeClass: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
                modes: MatchProfile.capableModes(kind),
                themes: ThemeSet(OrganisationStore.themes(try row.optionalString("themes"))),
                latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"),
                communeName: try row.optionalString("commune_name"),
                text: [name, try row.optionalString("acronym"), try row.optionalString("description")].compactMap { $0 }
                    .joined(separator: ". "),
                updatedAt: try row.int("updated_at"))
        }
    }
}

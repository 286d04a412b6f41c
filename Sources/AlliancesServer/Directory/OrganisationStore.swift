import AlliancesCore
import NIOConcurrencyHelpers
import SQLKit

public struct Commune: Sendable, Equatable, Codable {
    public let code: String
    public let name: String
    public let departementCode: String
    public let latitude: Double?
    public let longitude: Double?
}

public struct Organisation: Sendable, Equatable {
    public let id: Int
    public let labID: Int
    public var name: String
    public var acronym: String?
    public var kind: ActorKind
    public var sizeClass: SizeClass?
    public var headcountBand: HeadcountBand?
    public var siren: String?
    public var siret: String?
    public var rnaId: String?
    public var description: String?
    public var website: String?
    public var communeCode: String?
    public var communeName: String?
    public var departementCode: String?
    public var active: Bool
    public var themes: [Theme]
    public var createdAt: Int
    public var updatedAt: Int
}

/// What a directory page shows of each organisation: fewer columns than the full record,
/// because a page decodes 50 rows on every request.
public struct OrganisationSummary: Sendable, Equatable {
    public let id: Int
    public let name: String
    public let acronym: String?
    public let kind: ActorKind
    public let sizeClass: SizeClass?
    public let communeName: String?
    public let active: Bool
    public let themes: [Theme]
}

public struct Person: Sendable, Equatable {
    public let id: Int
    public let organisationID: Int
    public var name: String
    public var role: String?
    public var email: String?
    public var phone: String?
}

/// The directory's filters, shared by the page and the API.
public struct DirectoryFilter: Sendable, Equatable {
    public var kind: ActorKind?
    public var sizeClass: SizeClass?
    public var theme: Theme?
    public var departement: String?
    public var name: String?
    public var status: Status = .active

    public enum Status: String, Sendable, CaseIterable {
        case active = "actives"
        case closed = "fermees"
        case all = "toutes"
    }

    public init() {}

    /// A stable key for the count cache.
    var cacheKey: String {
        "\(kind?.rawValue ?? "")|\(sizeClass?.rawValue ?? "")|\(theme?.rawValue ?? "")|\(departement ?? "")|\(name.map(TextNormalisation.fold) ?? "")|\(status.rawValue)"
    }

    /// Reads `type`, `taille`, `theme`, `departement`, `nom`, `statut`; an unknown value
    /// is an error the person can read, not a silently ignored filter.
    public static func parse(_ query: (String) -> String?) -> Result<DirectoryFilter, ValidationErrors> {
        var filter = DirectoryFilter()
        var errors = ValidationErrors()
        if let raw = TextRules.clean(query("type")) {
            filter.kind = ActorKind(rawValue: raw)
            if filter.kind == nil { errors.add("type", "Type d'acteur inconnu : « \(raw) ».") }
        }
        if let raw = TextRules.clean(query("taille")) {
            filter.sizeClass = SizeClass(rawValue: raw)
            if filter.sizeClass == nil { errors.add("taille", "Taille d'entreprise inconnue : « \(raw) ».") }
        }
        if let raw = TextRules.clean(query("theme")) {
            filter.theme = Theme(rawValue: raw)
            if filter.theme == nil { errors.add("theme", "Thème inconnu : « \(raw) ».") }
        }
        if let raw = TextRules.clean(query("departement"))?.uppercased() {
            if ReferenceGeography.departementsByCode[raw] == nil {
                errors.add("departement", "Département inconnu : « \(raw) ».")
            } else {
                filter.departement = raw
            }
        }
        if let raw = TextRules.clean(query("nom")) {
            if raw.count > 200 {
                errors.add("nom", "Le nom recherché ne doit pas dépasser 200 caractères.")
            } else {
                filter.name = raw
            }
        }
        if let raw = TextRules.clean(query("statut")) {
            if let status = Status(rawValue: raw) {
                filter.status = status
            } else {
                errors.add("statut", "Statut inconnu : « \(raw) » (actives, fermees ou toutes).")
            }
        }
        return errors.isEmpty ? .success(filter) : .failure(errors)
    }

    var queryPairs: [(String, String)] {
        [
            ("type", kind?.rawValue ?? ""), ("taille", sizeClass?.rawValue ?? ""), ("theme", theme?.rawValue ?? ""),
            ("departement", departement ?? ""), ("nom", name ?? ""),
            ("statut", status == .active ? "" : status.rawValue)
        ]
    }
}

/// All SQL of the directory. Every method takes the connection to run on, so a handler
/// can do its reads on one leased connection and its writes in one transaction.
public struct OrganisationStore: Sendable {
    public init() {}

    static let columns = """
        o.id, o.lab_id, o.name, o.acronym, o.kind, o.size_class, o.headcount_band, o.siren, o.siret, o.rna_id,
        o.description, o.website, o.commune_code, c.name AS commune_name, o.departement_code, o.active, o.created_at, o.updated_at
        """

    /// The organisation's themes as one comma-separated column, so that a page of results
    /// is one query. The aggregate is the one spelling the engines do not share.
    static func themesColumn(_ db: any SQLDatabase) -> SQLQueryString {
        "(SELECT " + db.stringAggregate("t.theme", separator: ",")
            + " FROM organisation_themes t WHERE t.organisation_id = o.id) AS themes"
    }

    static func selectOrganisations(_ db: any SQLDatabase) -> SQLQueryString {
        "SELECT \(unsafeRaw: columns), " + themesColumn(db)
            + " FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code WHERE "
    }

    static func decode(_ row: any SQLRow) throws -> Organisation {
        Organisation(
            id: try row.int("id"), labID: try row.int("lab_id"), name: try row.string("name"),
            acronym: try row.optionalString("acronym"),
            kind: try row.code(ActorKind.self, "kind", in: "organisations"),
            sizeClass: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
            headcountBand: try row.optionalCode(HeadcountBand.self, "headcount_band", in: "organisations"),
            siren: try row.optionalString("siren"), siret: try row.optionalString("siret"),
            rnaId: try row.optionalString("rna_id"), description: try row.optionalString("description"),
            website: try row.optionalString("website"), communeCode: try row.optionalString("commune_code"),
            communeName: try row.optionalString("commune_name"),
            departementCode: try row.optionalString("departement_code"),
            active: try row.bool("active"),
            themes: themes(try row.optionalString("themes")),
            createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at")
        )
    }

    func whereClause(labID: Int, filter: DirectoryFilter) -> SQLQueryString {
        var clause: SQLQueryString = "o.lab_id = \(bind: labID)"
        if let kind = filter.kind { clause += " AND o.kind = \(bind: kind.rawValue)" }
        if let size = filter.sizeClass { clause += " AND o.size_class = \(bind: size.rawValue)" }
        if let dep = filter.departement { clause += " AND o.departement_code = \(bind: dep)" }
        if let theme = filter.theme {
            clause +=
                " AND EXISTS (SELECT 1 FROM organisation_themes t WHERE t.organisation_id = o.id AND t.theme = \(bind: theme.rawValue))"
        }
        if let name = filter.name {
            // LIKE wildcards typed by the person are matched literally.
            let folded = TextNormalisation.fold(name)
                .replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            clause += " AND o.name_folded LIKE \(bind: "%" + folded + "%") ESCAPE '\\'"
        }
        switch filter.status {
        case .active: clause += " AND o.active = 1"
        case .closed: clause += " AND o.active = 0"
        case .all: break
        }
        return clause
    }

    /// A page of the list in its order (folded name, then id): `offset` rows skipped, or
    /// the rows after the one of `after` (its folded name and id: paging by key, which
    /// reads no skipped row).
    public func list(
        labID: Int, filter: DirectoryFilter, limit: Int, offset: Int, after: (key: String, id: Int)? = nil,
        on db: any SQLDatabase
    ) async throws -> [Organisation] {
        var query: SQLQueryString = Self.selectOrganisations(db) + whereClause(labID: labID, filter: filter)
        if let after {
            query +=
                " AND (o.name_folded > \(bind: after.key) OR (o.name_folded = \(bind: after.key) AND o.id > \(bind: after.id)))"
        }
        query += " ORDER BY o.name_folded, o.id LIMIT \(literal: limit) OFFSET \(literal: offset)"
        return try await db.raw(query).all().map(Self.decode)
    }

    public func summaries(labID: Int, filter: DirectoryFilter, limit: Int, offset: Int, on db: any SQLDatabase)
        async throws -> [OrganisationSummary]
    {
        let query: SQLQueryString =
            "SELECT o.id, o.name, o.acronym, o.kind, o.size_class, c.name AS commune_name, o.active, "
            + Self.themesColumn(db)
            + " FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code WHERE "
            + whereClause(labID: labID, filter: filter)
            + " ORDER BY o.name_folded, o.id LIMIT \(literal: limit) OFFSET \(literal: offset)"
        return try await db.raw(query).all().map { row in
            OrganisationSummary(
                id: try row.int("id"), name: try row.string("name"), acronym: try row.optionalString("acronym"),
                kind: try row.code(ActorKind.self, "kind", in: "organisations"),
                sizeClass: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
                communeName: try row.optionalString("commune_name"), active: try row.bool("active"),
                themes: Self.themes(try row.optionalString("themes")))
        }
    }

    /// The lab's active organisations for a form's list, when there are at most `limit` of
    /// them (one query); an empty list otherwise, and the form asks for a number instead.
    public func choices(labID: Int, limit: Int = 500, on db: any SQLDatabase) async throws -> [(id: Int, name: String)]
    {
        let rows = try await summaries(labID: labID, filter: DirectoryFilter(), limit: limit + 1, offset: 0, on: db)
        return rows.count > limit ? [] : rows.map { ($0.id, $0.name) }
    }

    /// Display order of themes (alphabetical by French label), computed once.
    static let themeRank: [Theme: Int] = Dictionary(
        uniqueKeysWithValues: Theme.allCases.sorted { $0.label < $1.label }.enumerated().map { ($1, $0) })

    /// The themes columns already read, parsed: the lists of themes organisations have are
    /// few (at most `parsedThemesLimit` kept). Parsing and sorting each anew was 8 % of a
    /// signed-in directory page (BENCHMARKS.md, "Signed-in pages").
    private static let parsedThemes = NIOLockedValueBox<[String: [Theme]]>([:])
    static let parsedThemesLimit = 4_096

    static func themes(_ column: String?) -> [Theme] {
        guard let column, !column.isEmpty else { return [] }
        if let known = parsedThemes.withLockedValue({ $0[column] }) { return known }
        let themes = column.split(separator: ",").compactMap { Theme(rawValue: String($0)) }.sorted {
            themeRank[$0]! < themeRank[$1]!
        }
        parsedThemes.withLockedValue { if $0.count < parsedThemesLimit { $0[column] = themes } }
        return themes
    }

    public func count(labID: Int, filter: DirectoryFilter, on db: any SQLDatabase) async throws -> Int {
        let query: SQLQueryString =
            "SELECT COUNT(*) AS n FROM organisations o WHERE " + whereClause(labID: labID, filter: filter)
        return try await db.raw(query).first()?.int("n") ?? 0
    }

    public func find(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Organisation? {
        try await db.raw(Self.selectOrganisations(db) + "o.id = \(bind: id) AND o.lab_id = \(bind: labID)").first().map(
            Self.decode)
    }

    public func exists(id: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT id FROM organisations WHERE id = \(bind: id)").first() != nil
    }

    /// Counts by kind for the lab's home page.
    public func countsByKind(labID: Int, on db: any SQLDatabase) async throws -> [ActorKind: Int] {
        let rows = try await db.raw(
            "SELECT kind, COUNT(*) AS n FROM organisations WHERE lab_id = \(bind: labID) AND active = 1 GROUP BY kind"
        ).all()
        var counts: [ActorKind: Int] = [:]
        for row in rows {
            if let kind = ActorKind(rawValue: try row.string("kind")) { counts[kind] = try row.int("n") }
        }
        return counts
    }

    // MARK: Communes

    /// Finds the commune a person meant: an INSEE code, or a name (accents and case
    /// ignored) inside the lab's perimeter. An ambiguous name lists the candidates.
    /// The commune of this INSEE code, if known.
    func commune(code: String, on db: any SQLDatabase) async throws -> Commune? {
        try await db.raw(
            "SELECT code, name, departement_code, latitude, longitude FROM communes WHERE code = \(bind: code)"
        ).first().map(Self.decodeCommune)
    }

    public func resolveCommune(_ text: String, perimeter: Perimeter, on db: any SQLDatabase) async throws -> Result<
        Commune, FieldError
    > {
        let trimmed = text.trimmingWhitespace()
        var candidates: [Commune]
        if CommuneCode.isWellFormed(trimmed.uppercased()) {
            // The code is the key: one commune or none.
            candidates = try await commune(code: trimmed.uppercased(), on: db).map { [$0] } ?? []
            if candidates.isEmpty {
                return .failure(FieldError(field: "commune", message: "Code commune INSEE inconnu : « \(trimmed) »."))
            }
        } else {
            let folded = TextNormalisation.fold(trimmed)
            candidates = try await db.raw(
                "SELECT code, name, departement_code, latitude, longitude FROM communes WHERE name_folded = \(bind: folded) ORDER BY code LIMIT 20"
            ).all().map(Self.decodeCommune)
            candidates = candidates.filter { perimeter.contains(departement: $0.departementCode) }
            if candidates.isEmpty {
                return .failure(
                    FieldError(
                        field: "commune",
                        message:
                            "Commune inconnue dans le périmètre du labo : « \(trimmed) ». Saisissez son nom exact ou son code INSEE."
                    ))
            }
            if candidates.count > 1 {
                let list = candidates.map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
                return .failure(
                    FieldError(
                        field: "commune",
                        message: "Plusieurs communes portent ce nom : \(list). Saisissez le code INSEE."))
            }
        }
        let commune = candidates[0]
        guard perimeter.contains(departement: commune.departementCode) else {
            return .failure(
                FieldError(
                    field: "commune",
                    message:
                        "La commune \(commune.name) (\(commune.code)) est hors du périmètre du labo : \(perimeter.label)."
                ))
        }
        return .success(commune)
    }

    static func decodeCommune(_ row: any SQLRow) throws -> Commune {
        Commune(
            code: try row.string("code"), name: try row.string("name"),
            departementCode: try row.string("departement_code"),
            latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"))
    }

    public func upsertCommune(_ commune: Commune, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO communes (code, name, name_folded, departement_code, latitude, longitude)
            VALUES (\(bind: commune.code), \(bind: commune.name), \(bind: TextNormalisation.fold(commune.name)), \(bind: commune.departementCode), \(bind: commune.latitude), \(bind: commune.longitude))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded,
              departement_code = excluded.departement_code, latitude = excluded.latitude, longitude = excluded.longitude
            """
        ).run()
    }

    // MARK: Writes

    /// Inserts an organisation with its themes. Call inside a transaction.
    public func create(labID: Int, draft: OrganisationDraft, commune: Commune?, on db: any SQLDatabase) async throws
        -> Int
    {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO organisations (lab_id, name, name_folded, acronym, kind, size_class, headcount_band, siren, siret, rna_id,
              description, website, commune_code, departement_code, active, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: draft.name), \(bind: TextNormalisation.fold(draft.name)), \(bind: draft.acronym),
              \(bind: draft.kind.rawValue), \(bind: draft.sizeClass?.rawValue), \(bind: draft.headcountBand?.rawValue),
              \(bind: draft.siren), \(bind: draft.siret), \(bind: draft.rnaId), \(bind: draft.description), \(bind: draft.website),
              \(bind: commune?.code), \(bind: commune?.departementCode), \(bind: draft.active ? 1 : 0), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else {
            throw DatabaseError(description: "organisation insert returned no id")
        }
        try await replaceThemes(organisationID: id, themes: draft.themes, on: db)
        try await LabStore.bumpVersion(labID: labID, on: db)
        return id
    }

    public func update(id: Int, labID: Int, draft: OrganisationDraft, commune: Commune?, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE organisations SET name = \(bind: draft.name), name_folded = \(bind: TextNormalisation.fold(draft.name)),
              acronym = \(bind: draft.acronym), kind = \(bind: draft.kind.rawValue), size_class = \(bind: draft.sizeClass?.rawValue),
              headcount_band = \(bind: draft.headcountBand?.rawValue), siren = \(bind: draft.siren), siret = \(bind: draft.siret),
              rna_id = \(bind: draft.rnaId), description = \(bind: draft.description), website = \(bind: draft.website),
              commune_code = \(bind: commune?.code), departement_code = \(bind: commune?.departementCode),
              active = \(bind: draft.active ? 1 : 0), updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id) AND lab_id = \(bind: labID)
            """
        ).run()
        try await replaceThemes(organisationID: id, themes: draft.themes, on: db)
        try await LabStore.bumpVersion(labID: labID, on: db)
    }

    public func delete(id: Int, labID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM organisations WHERE id = \(bind: id) AND lab_id = \(bind: labID)").run()
        try await LabStore.bumpVersion(labID: labID, on: db)
    }

    func replaceThemes(organisationID: Int, themes: [Theme], on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM organisation_themes WHERE organisation_id = \(bind: organisationID)").run()
        for theme in themes {
            try await db.raw(
                "INSERT INTO organisation_themes (organisation_id, theme) VALUES (\(bind: organisationID), \(bind: theme.rawValue))"
            ).run()
        }
    }

    /// Whether another organisation of the lab already has this SIRET or RNA number.
    public func duplicateIdentifier(labID: Int, draft: OrganisationDraft, excluding id: Int?, on db: any SQLDatabase)
        async throws -> FieldError?
    {
        if let siret = draft.siret,
            let row = try await db.raw(
                "SELECT id, name FROM organisations WHERE lab_id = \(bind: labID) AND siret = \(bind: siret)"
            ).first(),
            try row.int("id") != id
        {
            return FieldError(field: "siret", message: "Ce SIRET est déjà celui de « \(try row.string("name")) ».")
        }
        if let rna = draft.rnaId,
            let row = try await db.raw(
                "SELECT id, name FROM organisations WHERE lab_id = \(bind: labID) AND rna_id = \(bind: rna)"
            ).first(),
            try row.int("id") != id
        {
            return FieldError(field: "rnaId", message: "Ce numéro RNA est déjà celui de « \(try row.string("name")) ».")
        }
        return nil
    }

    // MARK: People

    public func people(organisationID: Int, on db: any SQLDatabase) async throws -> [Person] {
        try await db.raw(
            "SELECT id, organisation_id, name, role, email, phone FROM people WHERE organisation_id = \(bind: organisationID) ORDER BY name, id"
        ).all().map(Self.decodePerson)
    }

    public func person(id: Int, organisationID: Int, on db: any SQLDatabase) async throws -> Person? {
        try await db.raw(
            "SELECT id, organisation_id, name, role, email, phone FROM people WHERE id = \(bind: id) AND organisation_id = \(bind: organisationID)"
        ).first().map(Self.decodePerson)
    }

    static func decodePerson(_ row: any SQLRow) throws -> Person {
        Person(
            id: try row.int("id"), organisationID: try row.int("organisation_id"), name: try row.string("name"),
            role: try row.optionalString("role"), email: try row.optionalString("email"),
            phone: try row.optionalString("phone"))
    }

    public func addPerson(organisationID: Int, labID: Int, draft: PersonDraft, on db: any SQLDatabase) async throws
        -> Int
    {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO people (organisation_id, name, role, email, phone, created_at, updated_at)
            VALUES (\(bind: organisationID), \(bind: draft.name), \(bind: draft.role), \(bind: draft.email), \(bind: draft.phone), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "person insert returned no id") }
        try await LabStore.bumpVersion(labID: labID, on: db)
        return id
    }

    public func updatePerson(id: Int, organisationID: Int, labID: Int, draft: PersonDraft, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE people SET name = \(bind: draft.name), role = \(bind: draft.role), email = \(bind: draft.email),
              phone = \(bind: draft.phone), updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id) AND organisation_id = \(bind: organisationID)
            """
        ).run()
        try await LabStore.bumpVersion(labID: labID, on: db)
    }

    public func deletePerson(id: Int, organisationID: Int, labID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM people WHERE id = \(bind: id) AND organisation_id = \(bind: organisationID)")
            .run()
        try await LabStore.bumpVersion(labID: labID, on: db)
    }
}

/// What other capabilities ask about organisations: they call these instead of querying
/// the table.
extension OrganisationStore {
    /// The organisation whose name is exactly this one once folded (the lowest id when
    /// several are), to link a name typed in a form to the directory.
    func id(namedExactly name: String, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw(
            "SELECT id FROM organisations WHERE name_folded = \(bind: TextNormalisation.fold(name)) ORDER BY id LIMIT 1"
        ).first()?.int("id")
    }

    /// What a form naming several organisations offers (`FormFields.partyRows`): the lab's
    /// organisations for its lists, and a member's own organisation, fixed first.
    /// `listed`: also the other labs' organisations this lab lists (a partnership may
    /// join them), named with their lab; the picker replaces the list beyond 500 in all.
    func partyChoices(for viewer: Viewer, labID: Int, listed: Bool = false, on db: any SQLDatabase) async throws -> (
        organisations: [(id: Int, name: String)], own: (id: Int, name: String)?
    ) {
        var own: (id: Int, name: String)?
        if !Permissions.isFacilitator(viewer, ofLab: labID), let id = viewer.organisationID,
            let found = try await find(id: id, labID: labID, on: db)
        {
            own = (found.id, found.name)
        }
        var organisations = try await choices(labID: labID, on: db)
        if listed, !organisations.isEmpty {
            let shared = try await shared(inLab: labID, limit: 501 - organisations.count, offset: 0, on: db)
            organisations =
                organisations.count + shared.total > 500
                ? [] : organisations + shared.items.map { ($0.id, "\($0.name) (\($0.ownerName))") }
        }
        return (organisations, own)
    }

    /// Which of these ids are organisations of the lab.
    func existing(ids: [Int], labID: Int, on db: any SQLDatabase) async throws -> Set<Int> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await db.raw("SELECT id FROM organisations WHERE lab_id = \(bind: labID) AND id IN (\(binds: ids))")
                .all().map { try $0.int("id") })
    }

    /// What a page about something else (an experience sheet) shows of each of these
    /// organisations of the lab: name, world, size, commune and where it is, by id.
    struct Card: Sendable, Equatable {
        let id: Int
        let name: String
        let kind: ActorKind
        let sizeClass: SizeClass?
        let communeName: String?
        let departementCode: String?
        let latitude: Double?
        let longitude: Double?
    }

    /// The cards of organisations of several labs (ids by lab), each read in its lab.
    func cards(idsByLab: [Int: [Int]], on db: any SQLDatabase) async throws -> [Int: Card] {
        var cards: [Int: Card] = [:]
        for (labID, ids) in idsByLab {
            cards.merge(try await self.cards(ids: ids, labID: labID, on: db), uniquingKeysWith: { first, _ in first })
        }
        return cards
    }

    func cards(ids: [Int], labID: Int, on db: any SQLDatabase) async throws -> [Int: Card] {
        var cards: [Int: Card] = [:]
        let unique = Array(Set(ids)).sorted()
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = Array(unique[start..<min(start + 500, unique.count)])
            for row in try await db.raw(
                """
                SELECT o.id, o.name, o.kind, o.size_class, c.name AS commune_name, c.departement_code, c.latitude, c.longitude
                FROM organisations o LEFT JOIN communes c ON c.code = o.commune_code
                WHERE o.lab_id = \(bind: labID) AND o.id IN (\(binds: chunk))
                """
            ).all() {
                let card = Card(
                    id: try row.int("id"), name: try row.string("name"),
                    kind: try row.code(ActorKind.self, "kind", in: "organisations"),
                    sizeClass: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
                    communeName: try row.optionalString("commune_name"),
                    departementCode: try row.optionalString("departement_code"),
                    latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"))
                cards[card.id] = card
            }
        }
        return cards
    }

    /// The lab an organisation belongs to.
    func labID(organisationID: Int, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw("SELECT lab_id FROM organisations WHERE id = \(bind: organisationID)").first()?.int("lab_id")
    }
}

import AlliancesCore
import SQLKit

public struct PartnershipParty: Sendable, Equatable {
    public let organisationID: Int
    public let name: String
    public let kind: ActorKind
    public let role: String
}

/// A partnership as stored, with its parties.
public struct Partnership: Sendable, Equatable {
    public let id: Int
    public let labID: Int
    public var title: String
    public var description: String?
    public var parties: [PartnershipParty]
    public var modes: [PartnershipMode]
    public var themes: [Theme]
    public var stage: PartnershipStage
    public var startDate: String
    public var endDate: String?
    public var euros: Int?
    public var hours: Int?
    public var inKind: String?
    public var outcomes: String?
    public var peopleReached: Int?
    public var jobs: Int?
    public var origin: PartnershipOrigin
    public var introductionID: Int?
    public var eventID: Int?
    public var eventTitle: String?
    public let createdAt: Int
    public var updatedAt: Int

    public var partyIDs: [Int] { parties.map(\.organisationID) }
}

/// One line of a partnership's timeline: creation, a stage change, a note, a document.
public struct PartnershipNote: Sendable, Equatable {
    public let at: Int
    public let userName: String?
    public let action: String
    public let stage: PartnershipStage?
    public let note: String?
}

public struct PartnershipDocument: Sendable, Equatable {
    public let id: Int
    public let partnershipID: Int
    public let filename: String
    public let storedName: String
    public let contentType: String
    public let size: Int
    public let sha256: String
    public let uploadedAt: Int
}

/// Filters of the partnerships list, shared by the page and the API.
public struct PartnershipFilter: Sendable, Equatable {
    public var stage: PartnershipStage?
    public var mode: PartnershipMode?
    public var theme: Theme?
    public var origin: PartnershipOrigin?
    public var organisationID: Int?

    public init() {}

    /// Reads `etape`, `mode`, `theme`, `origine`, `organisation`.
    public static func parse(_ query: (String) -> String?) -> Result<PartnershipFilter, ValidationErrors> {
        var filter = PartnershipFilter()
        var errors = ValidationErrors()
        func code<T: RawRepresentable>(_ name: String, _ type: T.Type, _ message: String) -> T?
        where T.RawValue == String {
            guard let raw = TextRules.clean(query(name)) else { return nil }
            guard let value = T(rawValue: raw) else {
                errors.add(name, "\(message) : « \(raw.prefix(40)) »."); return nil
            }
            return value
        }
        filter.stage = code("etape", PartnershipStage.self, "Étape inconnue")
        filter.mode = code("mode", PartnershipMode.self, "Mode de partenariat inconnu")
        filter.theme = code("theme", Theme.self, "Thème inconnu")
        filter.origin = code("origine", PartnershipOrigin.self, "Origine inconnue")
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
            ("etape", stage?.rawValue ?? ""), ("mode", mode?.rawValue ?? ""), ("theme", theme?.rawValue ?? ""),
            ("origine", origin?.rawValue ?? ""), ("organisation", organisationID.map(String.init) ?? "")
        ]
    }
}

/// All SQL of partnerships, their timeline and documents.
public struct PartnershipStore: Sendable {
    public init() {}

    static let select = """
        SELECT p.id, p.lab_id, p.title, p.description, p.modes, p.themes, p.stage, p.started_on, p.ended_on, p.euros, p.hours,
          p.in_kind, p.outcomes, p.people_reached, p.jobs, p.origin, p.introduction_id, p.event_id, e.title AS event_title,
          p.created_at, p.updated_at
        FROM partnerships p LEFT JOIN events e ON e.id = p.event_id
        WHERE
        """

    static func decode(_ row: any SQLRow) throws -> Partnership {
        Partnership(
            id: try row.int("id"), labID: try row.int("lab_id"), title: try row.string("title"),
            description: try row.optionalString("description"),
            parties: [], modes: ListingStore.codes(try row.string("modes"), as: PartnershipMode.self),
            themes: ListingStore.codes(try row.string("themes"), as: Theme.self),
            stage: try row.code(PartnershipStage.self, "stage", in: "partnerships"),
            startDate: try row.string("started_on"),
            endDate: try row.optionalString("ended_on"), euros: try row.optionalInt("euros"),
            hours: try row.optionalInt("hours"),
            inKind: try row.optionalString("in_kind"), outcomes: try row.optionalString("outcomes"),
            peopleReached: try row.optionalInt("people_reached"), jobs: try row.optionalInt("jobs"),
            origin: try row.code(PartnershipOrigin.self, "origin", in: "partnerships"),
            introductionID: try row.optionalInt("introduction_id"),
            eventID: try row.optionalInt("event_id"), eventTitle: try row.optionalString("event_title"),
            createdAt: try row.int("created_at"), updatedAt: try row.int("updated_at"))
    }

    /// Facilitators see the lab's partnerships; a member those of their organisation.
    func visibilityClause(labID: Int, viewer: Viewer?) -> SQLQueryString {
        if Permissions.isFacilitator(viewer, ofLab: labID) { return "1 = 1" }
        guard let viewer, viewer.role == .member, viewer.labID == labID, let own = viewer.organisationID else {
            return "1 = 0"
        }
        return
            "EXISTS (SELECT 1 FROM partnership_parties v WHERE v.partnership_id = p.id AND v.organisation_id = \(bind: own))"
    }

    func whereClause(labID: Int, filter: PartnershipFilter, viewer: Viewer?) -> SQLQueryString {
        var clause: SQLQueryString = "p.lab_id = \(bind: labID) AND " + visibilityClause(labID: labID, viewer: viewer)
        if let stage = filter.stage { clause += " AND p.stage = \(bind: stage.rawValue)" }
        if let mode = filter.mode { clause += " AND p.modes LIKE \(bind: "%," + mode.rawValue + ",%")" }
        if let theme = filter.theme { clause += " AND p.themes LIKE \(bind: "%," + theme.rawValue + ",%")" }
        if let origin = filter.origin { clause += " AND p.origin = \(bind: origin.rawValue)" }
        if let organisation = filter.organisationID {
            clause +=
                " AND EXISTS (SELECT 1 FROM partnership_parties f WHERE f.partnership_id = p.id AND f.organisation_id = \(bind: organisation))"
        }
        return clause
    }

    public func list(
        labID: Int, filter: PartnershipFilter, viewer: Viewer?, limit: Int, offset: Int, on db: any SQLDatabase
    ) async throws -> [Partnership] {
        let query: SQLQueryString =
            "\(unsafeRaw: Self.select) " + whereClause(labID: labID, filter: filter, viewer: viewer)
            + " ORDER BY p.updated_at DESC, p.id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
        return try await withParties(try await db.raw(query).all().map(Self.decode), on: db)
    }

    public func count(labID: Int, filter: PartnershipFilter, viewer: Viewer?, on db: any SQLDatabase) async throws
        -> Int
    {
        let query: SQLQueryString =
            "SELECT COUNT(*) AS n FROM partnerships p WHERE "
            + whereClause(labID: labID, filter: filter, viewer: viewer)
        return try await db.raw(query).first()?.int("n") ?? 0
    }

    public func find(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Partnership? {
        guard
            let found = try await db.raw("\(unsafeRaw: Self.select) p.id = \(bind: id) AND p.lab_id = \(bind: labID)")
                .first().map(Self.decode)
        else { return nil }
        return try await withParties([found], on: db).first
    }

    /// The parties of a page of partnerships, in one query.
    func withParties(_ partnerships: [Partnership], on db: any SQLDatabase) async throws -> [Partnership] {
        guard !partnerships.isEmpty else { return [] }
        var parties: [Int: [PartnershipParty]] = [:]
        for row in try await db.raw(
            """
            SELECT pp.partnership_id, pp.organisation_id, pp.role, o.name, o.kind FROM partnership_parties pp
            JOIN organisations o ON o.id = pp.organisation_id
            WHERE pp.partnership_id IN (\(binds: partnerships.map(\.id))) ORDER BY pp.partnership_id, pp.position
            """
        ).all() {
            parties[try row.int("partnership_id"), default: []].append(
                PartnershipParty(
                    organisationID: try row.int("organisation_id"), name: try row.string("name"),
                    kind: try row.code(ActorKind.self, "kind", in: "organisations"), role: try row.string("role")))
        }
        return partnerships.map { p in
            var p = p
            p.parties = parties[p.id] ?? []
            return p
        }
    }

    public func create(labID: Int, draft: PartnershipDraft, userID: Int?, on db: any SQLDatabase) async throws -> Int {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO partnerships (lab_id, title, description, modes, themes, stage, started_on, ended_on, euros, hours, in_kind, outcomes,
              people_reached, jobs, origin, introduction_id, event_id, created_by, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: draft.title), \(bind: draft.description), \(bind: ListingStore.framed(draft.modes)),
              \(bind: ListingStore.framed(draft.themes)), \(bind: draft.stage.rawValue), \(bind: draft.startDate), \(bind: draft.endDate),
              \(bind: draft.euros), \(bind: draft.hours), \(bind: draft.inKind), \(bind: draft.outcomes), \(bind: draft.peopleReached),
              \(bind: draft.jobs), \(bind: draft.origin.rawValue), \(bind: draft.introductionID), \(bind: draft.eventID), \(bind: userID),
              \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "partnership insert returned no id") }
        try await replaceParties(id: id, parties: draft.parties, on: db)
        try await Self.bumpVersion(labID: labID, partnershipID: id, on: db)
        return id
    }

    public func update(id: Int, labID: Int, draft: PartnershipDraft, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE partnerships SET title = \(bind: draft.title), description = \(bind: draft.description), modes = \(bind: ListingStore.framed(draft.modes)),
              themes = \(bind: ListingStore.framed(draft.themes)), stage = \(bind: draft.stage.rawValue), started_on = \(bind: draft.startDate),
              ended_on = \(bind: draft.endDate), euros = \(bind: draft.euros), hours = \(bind: draft.hours), in_kind = \(bind: draft.inKind),
              outcomes = \(bind: draft.outcomes), people_reached = \(bind: draft.peopleReached), jobs = \(bind: draft.jobs),
              origin = \(bind: draft.origin.rawValue), introduction_id = \(bind: draft.introductionID), event_id = \(bind: draft.eventID),
              updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id) AND lab_id = \(bind: labID)
            """
        ).run()
        try await replaceParties(id: id, parties: draft.parties, on: db)
        try await Self.bumpVersion(labID: labID, partnershipID: id, on: db)
    }

    func replaceParties(id: Int, parties: [Party], on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM partnership_parties WHERE partnership_id = \(bind: id)").run()
        for (position, party) in parties.enumerated() {
            try await db.raw(
                """
                INSERT INTO partnership_parties (partnership_id, organisation_id, role, position)
                VALUES (\(bind: id), \(bind: party.organisationID), \(bind: party.role), \(bind: position))
                """
            ).run()
        }
    }

    public func setStage(id: Int, labID: Int, stage: PartnershipStage, endDate: String?, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE partnerships SET stage = \(bind: stage.rawValue), ended_on = \(bind: endDate), updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id) AND lab_id = \(bind: labID)
            """
        ).run()
        try await Self.bumpVersion(labID: labID, partnershipID: id, on: db)
    }

    public func addNote(
        partnershipID: Int, userID: Int?, action: String, stage: PartnershipStage?, note: String?,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO partnership_notes (partnership_id, at, user_id, action, stage, note)
            VALUES (\(bind: partnershipID), \(bind: nowSeconds()), \(bind: userID), \(bind: action), \(bind: stage?.rawValue), \(bind: note))
            """
        ).run()
    }

    public func notes(partnershipID: Int, on db: any SQLDatabase) async throws -> [PartnershipNote] {
        try await db.raw(
            """
            SELECT n.at, u.name AS user_name, n.action, n.stage, n.note FROM partnership_notes n LEFT JOIN users u ON u.id = n.user_id
            WHERE n.partnership_id = \(bind: partnershipID) ORDER BY n.at, n.id
            """
        ).all().map { row in
            PartnershipNote(
                at: try row.int("at"), userName: try row.optionalString("user_name"), action: try row.string("action"),
                stage: try row.optionalCode(PartnershipStage.self, "stage", in: "partnership_notes"),
                note: try row.optionalString("note"))
        }
    }

    static let documentColumns = "id, partnership_id, filename, stored_name, content_type, size, sha256, uploaded_at"

    static func decodeDocument(_ row: any SQLRow) throws -> PartnershipDocument {
        PartnershipDocument(
            id: try row.int("id"), partnershipID: try row.int("partnership_id"), filename: try row.string("filename"),
            storedName: try row.string("stored_name"), contentType: try row.string("content_type"),
            size: try row.int("size"),
            sha256: try row.string("sha256"), uploadedAt: try row.int("uploaded_at"))
    }

    public func documents(partnershipID: Int, on db: any SQLDatabase) async throws -> [PartnershipDocument] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.documentColumns) FROM partnership_documents WHERE partnership_id = \(bind: partnershipID) ORDER BY uploaded_at, id"
        )
        .all().map(Self.decodeDocument)
    }

    public func document(id: Int, partnershipID: Int, on db: any SQLDatabase) async throws -> PartnershipDocument? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.documentColumns) FROM partnership_documents WHERE id = \(bind: id) AND partnership_id = \(bind: partnershipID)"
        )
        .first().map(Self.decodeDocument)
    }

    public func addDocument(
        partnershipID: Int, filename: String, storedName: String, contentType: String, size: Int, sha256: String,
        userID: Int?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO partnership_documents (partnership_id, filename, stored_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: partnershipID), \(bind: filename), \(bind: storedName), \(bind: contentType), \(bind: size), \(bind: sha256),
              \(bind: userID), \(bind: nowSeconds()))
            """
        ).run()
    }

    public func deleteDocument(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM partnership_documents WHERE id = \(bind: id)").run()
    }

    /// The partnerships recorded from an introduction (shown on its page).
    public func fromIntroduction(_ introductionID: Int, labID: Int, on db: any SQLDatabase) async throws -> [(
        id: Int, title: String
    )] {
        try await db.raw(
            "SELECT id, title FROM partnerships WHERE lab_id = \(bind: labID) AND introduction_id = \(bind: introductionID) ORDER BY id"
        )
        .all().map { (try $0.int("id"), try $0.string("title")) }
    }

    /// Marks the lab's partnerships (and survey) as changed: the barometer's cache key. With
    /// a partnership, stamps it with the new version, in the same transaction: the lab's row
    /// stays locked until commit, so versions commit in order and "rows with a version above
    /// V" is exactly what changed since version V was read.
    public static func bumpVersion(labID: Int, partnershipID: Int? = nil, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE labs SET partnership_version = partnership_version + 1 WHERE id = \(bind: labID)")
            .run()
        if let partnershipID {
            try await db.raw(
                """
                UPDATE partnerships SET version = (SELECT partnership_version FROM labs WHERE id = \(bind: labID))
                WHERE id = \(bind: partnershipID)
                """
            ).run()
        }
    }
}

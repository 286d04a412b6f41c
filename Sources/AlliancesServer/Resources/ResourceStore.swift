import AlliancesCore
import SQLKit

/// A pooled resource as stored, with its organisation's and commune's names.
struct Resource: Sendable, Equatable {
    let id: Int
    let labID: Int
    let organisationID: Int
    let organisationName: String
    let kind: ResourceKind
    let title: String
    let description: String?
    let communeCode: String?
    let communeName: String?
    /// The commune's coordinates, for the map.
    let latitude: Double?
    let longitude: Double?
    let departementCode: String?
    let audience: ResourceAudience
    let conditions: ResourceConditions
    let priceCents: Int?
    let exchange: String?
    let quantity: Int
    let hours: WeeklyHours
    let closedDates: [String]
    let active: Bool

    /// "Gratuit", "Participation aux frais : 12,50 €", "En échange : …".
    var conditionsText: String {
        switch conditions {
        case .free: conditions.label
        case .costShare: "\(conditions.label) : \(Resource.euros(priceCents ?? 0))"
        case .exchange: "En échange : \(exchange ?? "à convenir")"
        }
    }

    static func euros(_ cents: Int) -> String {
        cents % 100 == 0 ? "\(cents / 100) €" : "\(cents / 100),\(LocalDateTime.two(cents % 100)) €"
    }
}

/// A booking as stored, with who asked and for which resource.
struct Booking: Sendable, Equatable {
    let id: Int
    let resourceID: Int
    let resourceTitle: String
    let labID: Int
    let ownerOrganisationID: Int
    let requesterUserID: Int?
    let requesterName: String?
    let requesterOrganisationID: Int?
    let requesterOrganisationName: String?
    let start: LocalDateTime
    let end: LocalDateTime
    let quantity: Int
    let message: String?
    let answer: String?
    let status: BookingStatus

    var range: (start: Int, end: Int, quantity: Int) { (start.minuteIndex, end.minuteIndex, quantity) }
}

/// A photo of a resource (PNG or JPEG, recognised by its first bytes), in the data folder.
struct ResourcePhoto: Sendable, Equatable {
    let id: Int
    let resourceID: Int
    let filename: String
    let storedName: String
    let contentType: String
}

/// All SQL of pooled resources: `resources`, `resource_photos` and `bookings`.
struct ResourceStore: Sendable {
    private static let resourceColumns: SQLQueryString = """
        SELECT r.*, o.name AS organisation_name, c.name AS commune_name, c.latitude, c.longitude, c.departement_code
        FROM resources r
        JOIN organisations o ON o.id = r.organisation_id LEFT JOIN communes c ON c.code = r.commune_code
        """

    static func decodeResource(_ row: any SQLRow) throws -> Resource {
        let hoursText = try row.string("hours")
        guard let hours = WeeklyHours(text: hoursText) else {
            throw DatabaseError(description: "resources.hours: unreadable value \(hoursText.prefix(40))")
        }
        return Resource(
            id: try row.int("id"), labID: try row.int("lab_id"), organisationID: try row.int("organisation_id"),
            organisationName: try row.string("organisation_name"),
            kind: try row.code(ResourceKind.self, "kind", in: "resources"), title: try row.string("title"),
            description: try row.optionalString("description"), communeCode: try row.optionalString("commune_code"),
            communeName: try row.optionalString("commune_name"), latitude: try row.optionalDouble("latitude"),
            longitude: try row.optionalDouble("longitude"), departementCode: try row.optionalString("departement_code"),
            audience: try row.code(ResourceAudience.self, "audience", in: "resources"),
            conditions: try row.code(ResourceConditions.self, "conditions", in: "resources"),
            priceCents: try row.optionalInt("price_cents"), exchange: try row.optionalString("exchange"),
            quantity: try row.int("quantity"), hours: hours,
            closedDates: try row.string("closed_dates").split(separator: "\n").map(String.init),
            active: try row.string("status") == "active")
    }

    /// What the text filter searches: the name and description, folded (case and accents).
    static func folded(_ d: ResourceDraft) -> String {
        TextNormalisation.fold(d.title + " " + (d.description ?? ""))
    }

    func insert(
        labID: Int, draft d: ResourceDraft, communeCode: String?, userID: Int?, at now: Int, on db: any SQLDatabase
    )
        async throws -> Int
    {
        try await db.raw(
            """
            INSERT INTO resources (lab_id, organisation_id, kind, title, folded, description, commune_code, audience, conditions,
              price_cents, exchange, quantity, hours, closed_dates, status, created_by, created_at, updated_at)
            VALUES (\(bind: labID), \(bind: d.organisationID), \(bind: d.kind.rawValue), \(bind: d.title), \(bind: Self.folded(d)), \(bind: d.description),
              \(bind: communeCode), \(bind: d.audience.rawValue), \(bind: d.conditions.rawValue), \(bind: d.priceCents),
              \(bind: d.exchange), \(bind: d.quantity), \(bind: d.hours.text), \(bind: d.closedDates.joined(separator: "\n")),
              'active', \(bind: userID), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()!.int("id")
    }

    func update(
        id: Int, draft d: ResourceDraft, communeCode: String?, active: Bool, at now: Int, on db: any SQLDatabase
    )
        async throws
    {
        try await db.raw(
            """
            UPDATE resources SET organisation_id = \(bind: d.organisationID), kind = \(bind: d.kind.rawValue), title = \(bind: d.title), folded = \(bind: Self.folded(d)),
              description = \(bind: d.description), commune_code = \(bind: communeCode), audience = \(bind: d.audience.rawValue),
              conditions = \(bind: d.conditions.rawValue), price_cents = \(bind: d.priceCents), exchange = \(bind: d.exchange),
              quantity = \(bind: d.quantity), hours = \(bind: d.hours.text), closed_dates = \(bind: d.closedDates.joined(separator: "\n")),
              status = \(bind: active ? "active" : "archivee"), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The resource, if it is one of the lab's.
    func resource(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Resource? {
        try await db.raw(Self.resourceColumns + " WHERE r.id = \(bind: id) AND r.lab_id = \(bind: labID)").first()
            .map(Self.decodeResource)
    }

    /// Takes the resource's row until the transaction ends: answers to its bookings wait
    /// for each other (PostgreSQL row lock; SQLite runs one write transaction at a time).
    func lock(id: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE resources SET updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    /// What of the lab the viewer may see, filtered: active resources only, unless `all`.
    /// `audiences`: the audiences the viewer may book; `organisationID`: theirs (they see
    /// their own whatever the audience); `everything`: a facilitator of the lab.
    /// `labID` nil: every lab's (the network's list, where `audiences` alone decide).
    func list(
        labID: Int?, kind: ResourceKind?, departement: String?, query: String?, audiences: [ResourceAudience],
        organisationID: Int?, everything: Bool, limit: Int, offset: Int, on db: any SQLDatabase
    ) async throws -> (resources: [Resource], total: Int) {
        var conditions: [SQLQueryString] = ["r.status = 'active'"]
        if let labID { conditions.append("r.lab_id = \(bind: labID)") }
        if let kind { conditions.append("r.kind = \(bind: kind.rawValue)") }
        if let departement {
            conditions.append(
                "r.commune_code IN (SELECT code FROM communes WHERE departement_code = \(bind: departement))")
        }
        // Every word of the query, in the name or the description (case and accents aside).
        for word in TextNormalisation.fold(query ?? "").split(separator: " ").prefix(6) {
            conditions.append("r.folded LIKE \(bind: "%" + String(word) + "%")")
        }
        if !everything {
            var visible: [SQLQueryString] = audiences.map { "r.audience = \(bind: $0.rawValue)" }
            if let organisationID { visible.append("r.organisation_id = \(bind: organisationID)") }
            conditions.append(visible.isEmpty ? "1 = 0" : "(" + visible.joined(separator: " OR ") + ")")
        }
        let filter = conditions.joined(separator: " AND ")
        let rows = try await db.raw(
            Self.resourceColumns + " WHERE " + filter
                + " ORDER BY r.title, r.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all().map(Self.decodeResource)
        let total = try await db.raw("SELECT COUNT(*) AS n FROM resources r WHERE " + filter).first()?.int("n") ?? 0
        return (rows, total)
    }

    /// The resources of an organisation (archived ones too), for its members.
    func resources(organisationID: Int, on db: any SQLDatabase) async throws -> [Resource] {
        try await db.raw(
            Self.resourceColumns + " WHERE r.organisation_id = \(bind: organisationID) ORDER BY r.status, r.title, r.id"
        ).all().map(Self.decodeResource)
    }

    // MARK: Photos

    static func decodePhoto(_ row: any SQLRow) throws -> ResourcePhoto {
        ResourcePhoto(
            id: try row.int("id"), resourceID: try row.int("resource_id"), filename: try row.string("filename"),
            storedName: try row.string("stored_name"), contentType: try row.string("content_type"))
    }

    func photos(resourceID: Int, on db: any SQLDatabase) async throws -> [ResourcePhoto] {
        try await db.raw("SELECT * FROM resource_photos WHERE resource_id = \(bind: resourceID) ORDER BY id").all()
            .map(Self.decodePhoto)
    }

    func photo(id: Int, resourceID: Int, on db: any SQLDatabase) async throws -> ResourcePhoto? {
        try await db.raw(
            "SELECT * FROM resource_photos WHERE id = \(bind: id) AND resource_id = \(bind: resourceID)"
        ).first().map(Self.decodePhoto)
    }

    func addPhoto(
        resourceID: Int, filename: String, storedName: String, contentType: String, size: Int, sha256: String,
        userID: Int?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO resource_photos (resource_id, filename, stored_name, content_type, size, sha256, uploaded_by, uploaded_at)
            VALUES (\(bind: resourceID), \(bind: filename), \(bind: storedName), \(bind: contentType), \(bind: size), \(bind: sha256),
              \(bind: userID), \(bind: nowSeconds()))
            """
        ).run()
    }

    func deletePhoto(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM resource_photos WHERE id = \(bind: id)").run()
    }

    // MARK: Bookings

    private static let bookingColumns: SQLQueryString = """
        SELECT b.*, r.title AS resource_title, r.lab_id, r.organisation_id AS owner_id, u.name AS requester_name,
          o.name AS requester_organisation_name
        FROM bookings b JOIN resources r ON r.id = b.resource_id LEFT JOIN users u ON u.id = b.requester_user_id
        LEFT JOIN organisations o ON o.id = b.requester_organisation_id
        """

    static func decodeBooking(_ row: any SQLRow) throws -> Booking {
        Booking(
            id: try row.int("id"), resourceID: try row.int("resource_id"),
            resourceTitle: try row.string("resource_title"),
            labID: try row.int("lab_id"), ownerOrganisationID: try row.int("owner_id"),
            requesterUserID: try row.optionalInt("requester_user_id"),
            requesterName: try row.optionalString("requester_name"),
            requesterOrganisationID: try row.optionalInt("requester_organisation_id"),
            requesterOrganisationName: try row.optionalString("requester_organisation_name"),
            start: LocalDateTime(minuteIndex: try row.int("starts_min")),
            end: LocalDateTime(minuteIndex: try row.int("ends_min")), quantity: try row.int("quantity"),
            message: try row.optionalString("message"), answer: try row.optionalString("answer"),
            status: try row.code(BookingStatus.self, "status", in: "bookings"))
    }

    func insertBooking(
        resourceID: Int, userID: Int?, organisationID: Int?, request: BookingRequest, at now: Int,
        on db: any SQLDatabase
    ) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO bookings (resource_id, requester_user_id, requester_organisation_id, starts_min, ends_min, quantity,
              message, status, created_at, updated_at)
            VALUES (\(bind: resourceID), \(bind: userID), \(bind: organisationID), \(bind: request.start.minuteIndex),
              \(bind: request.end.minuteIndex), \(bind: request.quantity), \(bind: request.message), 'demandee', \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()!.int("id")
    }

    /// The booking, if it is one of the lab's resources'.
    func booking(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Booking? {
        try await db.raw(Self.bookingColumns + " WHERE b.id = \(bind: id) AND r.lab_id = \(bind: labID)").first()
            .map(Self.decodeBooking)
    }

    /// Bookings of the resource in these statuses that overlap `start`…`end` (minute indexes).
    func bookings(
        resourceID: Int, statuses: [BookingStatus], start: Int, end: Int, on db: any SQLDatabase
    ) async throws -> [Booking] {
        let inStatus = statuses.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
        return try await db.raw(
            Self.bookingColumns
                + """
                 WHERE b.resource_id = \(bind: resourceID) AND b.status IN (\(inStatus))
                AND b.starts_min < \(bind: end) AND b.ends_min > \(bind: start) ORDER BY b.starts_min, b.id
                """
        ).all().map(Self.decodeBooking)
    }

    /// Moves a booking from one status to another; false (nothing changed) when it was no
    /// longer in `from`.
    func setStatus(
        id: Int, from: [BookingStatus], to status: BookingStatus, answer: String?, by userID: Int?, at now: Int,
        on db: any SQLDatabase
    ) async throws -> Bool {
        let inStatus = from.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
        return try await db.raw(
            """
            UPDATE bookings SET status = \(bind: status.rawValue), answer = COALESCE(\(bind: answer), answer),
              answered_by = COALESCE(\(bind: userID), answered_by), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status IN (\(inStatus)) RETURNING id
            """
        ).first() != nil
    }

    /// A person's bookings (in one lab, when given), the latest first.
    func bookings(userID: Int, labID: Int? = nil, limit: Int, on db: any SQLDatabase) async throws -> [Booking] {
        let inLab: SQLQueryString = labID.map { " AND r.lab_id = \(bind: $0)" } ?? ""
        return try await db.raw(
            Self.bookingColumns + " WHERE b.requester_user_id = \(bind: userID)" + inLab
                + " ORDER BY b.starts_min DESC, b.id LIMIT \(bind: limit)"
        ).all().map(Self.decodeBooking)
    }

    /// Bookings of an organisation's resources in these statuses, the soonest first.
    func bookings(ownerOrganisationID: Int, statuses: [BookingStatus], limit: Int, on db: any SQLDatabase) async throws
        -> [Booking]
    {
        let inStatus = statuses.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
        return try await db.raw(
            Self.bookingColumns
                + " WHERE r.organisation_id = \(bind: ownerOrganisationID) AND b.status IN (\(inStatus)) ORDER BY b.starts_min, b.id LIMIT \(bind: limit)"
        ).all().map(Self.decodeBooking)
    }

    /// Accepted bookings starting within `from`…`to` (minute indexes) not yet reminded.
    func toRemind(from: Int, to: Int, on db: any SQLDatabase) async throws -> [Booking] {
        try await db.raw(
            Self.bookingColumns
                + """
                 WHERE b.status = 'acceptee' AND b.reminded_at IS NULL AND b.starts_min >= \(bind: from)
                AND b.starts_min < \(bind: to) ORDER BY b.starts_min, b.id
                """
        ).all().map(Self.decodeBooking)
    }

    /// Marks a reminder sent; false when another instance sent it first.
    func markReminded(id: Int, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "UPDATE bookings SET reminded_at = \(bind: now) WHERE id = \(bind: id) AND reminded_at IS NULL RETURNING id"
        ).first() != nil
    }

    /// The barometer's figures of pooled resources for a lab and a period (minute indexes,
    /// half-open): per world of the lending organisation, the active resources, the
    /// bookings accepted that start in the period and the hours they shared (duration times
    /// quantity); and the pairs of organisations with three accepted bookings or more
    /// between them, a lasting pooling of resources.
    struct Indicators: Sendable, Equatable {
        var offered: [ActorKind: Int] = [:]
        var accepted: [ActorKind: Int] = [:]
        var hours: [ActorKind: Double] = [:]
        var repeatedPairs = 0
    }

    func indicators(labID: Int, from: Int, to: Int, on db: any SQLDatabase) async throws -> Indicators {
        var found = Indicators()
        for row in try await db.raw(
            """
            SELECT o.kind, COUNT(*) AS n FROM resources r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.lab_id = \(bind: labID) AND r.status = 'active' GROUP BY o.kind
            """
        ).all() {
            found.offered[try row.code(ActorKind.self, "kind", in: "organisations")] = try row.int("n")
        }
        for row in try await db.raw(
            """
            SELECT o.kind, COUNT(*) AS n, CAST(SUM((b.ends_min - b.starts_min) * b.quantity) AS BIGINT) AS minutes
            FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN organisations o ON o.id = r.organisation_id
            WHERE r.lab_id = \(bind: labID) AND b.status = 'acceptee' AND b.starts_min >= \(bind: from) AND b.starts_min < \(bind: to)
            GROUP BY o.kind
            """
        ).all() {
            let kind = try row.code(ActorKind.self, "kind", in: "organisations")
            found.accepted[kind] = try row.int("n")
            found.hours[kind] = Double(try row.int("minutes")) / 60
        }
        found.repeatedPairs =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM (SELECT r.organisation_id, b.requester_organisation_id FROM bookings b
                JOIN resources r ON r.id = b.resource_id
                WHERE r.lab_id = \(bind: labID) AND b.status = 'acceptee' AND b.requester_organisation_id IS NOT NULL
                AND b.starts_min >= \(bind: from) AND b.starts_min < \(bind: to)
                GROUP BY r.organisation_id, b.requester_organisation_id HAVING COUNT(*) >= 3) pairs
                """
            ).first()?.int("n") ?? 0
        return found
    }

    // MARK: Personal data

    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            """
            SELECT b.id, r.title AS ressource, b.starts_min, b.ends_min, b.quantity, b.message, b.answer, b.status, b.created_at
            FROM bookings b JOIN resources r ON r.id = b.resource_id WHERE b.requester_user_id = \(bind: userID) ORDER BY b.id
            """
        ).all()
    }

    /// On erasure: the person's bookings still to come are cancelled, and none keeps their
    /// account or message (the owner's calendar keeps the anonymous range).
    func erase(userID: Int, now: Int, nowMinute: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            UPDATE bookings SET status = 'annulee', updated_at = \(bind: now)
            WHERE requester_user_id = \(bind: userID) AND status IN ('demandee', 'acceptee') AND ends_min > \(bind: nowMinute)
            """
        ).run()
        return try await db.raw(
            """
            UPDATE bookings SET requester_user_id = NULL, message = NULL WHERE requester_user_id = \(bind: userID) RETURNING id
            """
        ).all().count
    }
}

import AlliancesCore
import SQLKit

/// All SQL of registrations: `registrations`, `session_registrations` (seats in workshops
/// and their waiting lists) and `registration_links` (links sent in later messages). Only
/// hashes of private links are stored. Every method takes the connection to run on, so a
/// use case does its writes in one transaction.
struct RegistrationStore: Sendable {
    /// The row a registration form writes.
    struct Row: Sendable {
        let eventID: Int
        let tokenHash: String
        let checked: CheckedRegistration
        let organisationID: Int?
        let userID: Int?
        let status: SeatStatus
        let offeredUntil: Int?
        let checkInCode: String
        let now: Int
    }

    /// Who a registration is, for messages about it.
    struct Contact: Sendable {
        let id: Int
        let status: SeatStatus
        let name: String
        let email: String
    }

    static func decode(_ row: any SQLRow) throws -> Registration {
        Registration(
            id: try row.int("id"), eventID: try row.int("event_id"), name: try row.string("name"),
            email: try row.string("email"),
            organisationName: try row.optionalString("organisation_name"),
            actorKind: try row.optionalCode(ActorKind.self, "actor_kind", in: "registrations"),
            regionCode: try row.optionalString("region_code"), dietary: try row.optionalString("dietary"),
            listed: try row.bool("listed"), status: try row.code(SeatStatus.self, "status", in: "registrations"),
            offeredUntil: try row.optionalInt("offered_until"), createdAt: try row.int("created_at"),
            checkInCode: try row.optionalString("checkin_code"), checkedInAt: try row.optionalInt("checked_in_at"))
    }

    static func contact(_ row: any SQLRow) throws -> Contact {
        Contact(
            id: try row.int("id"), status: try row.code(SeatStatus.self, "status", in: "registrations"),
            name: try row.string("name"), email: try row.string("email"))
    }

    // MARK: Registrations

    func contact(eventID: Int, email: String, on db: any SQLDatabase) async throws -> Contact? {
        try await db.raw(
            "SELECT id, status, name, email FROM registrations WHERE event_id = \(bind: eventID) AND email = \(bind: email)"
        ).first().map(Self.contact)
    }

    /// The registration, if it is one of the event's.
    func contact(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> Contact? {
        try await db.raw(
            "SELECT id, status, name, email FROM registrations WHERE id = \(bind: id) AND event_id = \(bind: eventID)"
        ).first().map(Self.contact)
    }

    func insert(_ r: Row, on db: any SQLDatabase) async throws -> Int {
        let c = r.checked
        let row = try await db.raw(
            """
            INSERT INTO registrations (event_id, token_hash, name, email, organisation_name, organisation_id, actor_kind, region_code, dietary, listed,
              user_id, status, offered_until, checkin_code, created_at, updated_at)
            VALUES (\(bind: r.eventID), \(bind: r.tokenHash), \(bind: c.name), \(bind: c.email), \(bind: c.organisation), \(bind: r.organisationID),
              \(bind: c.kind?.rawValue), \(bind: c.region), \(bind: c.dietary), \(bind: c.listed ? 1 : 0), \(bind: r.userID),
              \(bind: r.status.rawValue), \(bind: r.offeredUntil), \(bind: r.checkInCode), \(bind: r.now), \(bind: r.now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else {
            throw DatabaseError(description: "registration insert returned no id")
        }
        return id
    }

    /// Registering again after a cancellation: the row is written anew, the earlier links dropped.
    func reopen(id: Int, with r: Row, on db: any SQLDatabase) async throws {
        let c = r.checked
        try await db.raw("DELETE FROM registration_links WHERE registration_id = \(bind: id)").run()
        try await db.raw(
            """
            UPDATE registrations SET token_hash = \(bind: r.tokenHash), name = \(bind: c.name), organisation_name = \(bind: c.organisation),
              organisation_id = \(bind: r.organisationID), actor_kind = \(bind: c.kind?.rawValue), region_code = \(bind: c.region),
              dietary = \(bind: c.dietary), listed = \(bind: c.listed ? 1 : 0), user_id = \(bind: r.userID), status = \(bind: r.status.rawValue),
              offered_until = \(bind: r.offeredUntil), checkin_code = \(bind: r.checkInCode), checked_in_at = NULL, created_at = \(bind: r.now), updated_at = \(bind: r.now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The registration a link opens, and when that link was made: the registration's own
    /// link, or one sent in a later message (`registration_links`), in one query.
    func find(tokenHash hash: String, eventID: Int, on db: any SQLDatabase) async throws -> (
        registration: Registration, issuedAt: Int
    )? {
        guard
            let row = try await db.raw(
                """
                SELECT r.*, (SELECT created_at FROM registration_links WHERE token_hash = \(bind: hash)) AS link_created_at
                FROM registrations r WHERE r.event_id = \(bind: eventID)
                  AND (r.token_hash = \(bind: hash) OR r.id = (SELECT registration_id FROM registration_links WHERE token_hash = \(bind: hash)))
                """
            ).first()
        else { return nil }
        let registration = try Self.decode(row)
        return (registration, try row.optionalInt("link_created_at") ?? registration.createdAt)
    }

    /// A further link to a registration (stored hashed), for a later message.
    func addLink(tokenHash: String, registrationID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO registration_links (token_hash, registration_id, created_at)
            VALUES (\(bind: tokenHash), \(bind: registrationID), \(bind: now))
            """
        ).run()
    }

    /// Sets a registration's status; the hold of an offer ends with it.
    func setStatus(_ status: SeatStatus, id: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE registrations SET status = \(bind: status.rawValue), offered_until = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    func list(eventID: Int, on db: any SQLDatabase) async throws -> [Registration] {
        try await db.raw(
            "SELECT * FROM registrations WHERE event_id = \(bind: eventID) ORDER BY status, created_at, id"
        ).all().map(Self.decode)
    }

    func countsByStatus(eventID: Int, on db: any SQLDatabase) async throws -> [SeatStatus: Int] {
        var counts: [SeatStatus: Int] = [:]
        for row in try await db.raw(
            "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) GROUP BY status"
        ).all() {
            counts[try row.code(SeatStatus.self, "status", in: "registrations")] = try row.int("n")
        }
        return counts
    }

    /// Confirmed participants who agreed to appear in the list: names and organisations only.
    func listedParticipants(eventID: Int, on db: any SQLDatabase) async throws -> [(
        name: String, organisation: String?
    )] {
        try await db.raw(
            """
            SELECT name, organisation_name FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme' AND listed = 1 ORDER BY name, id
            """
        ).all().map { (try $0.string("name"), try $0.optionalString("organisation_name")) }
    }

    /// Confirmed participants not reminded yet.
    func toRemind(eventID: Int, on db: any SQLDatabase) async throws -> [Contact] {
        try await db.raw(
            """
            SELECT r.id, r.status, r.name, r.email FROM registrations r WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.registration_id = r.id AND o.kind = 'rappel')
            """
        ).all().map(Self.contact)
    }

    /// The directory organisation a registration was matched with.
    func organisationID(registrationID: Int, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw("SELECT organisation_id FROM registrations WHERE id = \(bind: registrationID)").first()?
            .optionalInt("organisation_id")
    }

    // MARK: Waiting lists and offers

    /// The first person waiting for the event (a registration id) or for a session (a
    /// `session_registrations` id).
    func firstWaiting(_ table: EventStore.Seats, id: Int, on db: any SQLDatabase) async throws -> Int? {
        let query: SQLQueryString =
            table == .event
            ? "SELECT id FROM registrations WHERE event_id = \(bind: id) AND status = 'attente' ORDER BY created_at, id LIMIT 1"
            : "SELECT id FROM session_registrations WHERE session_id = \(bind: id) AND status = 'attente' ORDER BY created_at, id LIMIT 1"
        return try await db.raw(query).first()?.int("id")
    }

    /// Holds a seat for the person waiting (a row of `firstWaiting`) until `until`, and says
    /// who they are (with the session's title for a workshop).
    func offer(_ table: EventStore.Seats, rowID: Int, until: Int, on db: any SQLDatabase) async throws -> (
        Contact, sessionTitle: String?
    )? {
        let target = table == .event ? "registrations" : "session_registrations"
        try await db.raw(
            "UPDATE \(unsafeRaw: target) SET status = 'propose', offered_until = \(bind: until), updated_at = \(bind: nowSeconds()) WHERE id = \(bind: rowID)"
        ).run()
        let person: SQLQueryString =
            table == .event
            ? "SELECT r.id, r.status, r.name, r.email, NULL AS title FROM registrations r WHERE r.id = \(bind: rowID)"
            : "SELECT r.id, r.status, r.name, r.email, s.title FROM session_registrations sr JOIN registrations r ON r.id = sr.registration_id JOIN event_sessions s ON s.id = sr.session_id WHERE sr.id = \(bind: rowID)"
        guard let row = try await db.raw(person).first() else { return nil }
        return (try Self.contact(row), try row.optionalString("title"))
    }

    /// The promoted person takes the seat held for them, if the hold has not ended.
    func confirmOffer(registrationID: Int, sessionID: Int?, now: Int, on db: any SQLDatabase) async throws -> Bool {
        let table = sessionID == nil ? "registrations" : "session_registrations"
        var query: SQLQueryString =
            "UPDATE \(unsafeRaw: table) SET status = 'confirme', offered_until = NULL, updated_at = \(bind: now) WHERE status = 'propose' AND offered_until > \(bind: now) AND "
        query +=
            sessionID.map { "registration_id = \(bind: registrationID) AND session_id = \(bind: $0)" }
            ?? "id = \(bind: registrationID)"
        return try await db.raw(query + " RETURNING id").first() != nil
    }

    /// Event offers whose hold ended: (registration id, event id).
    func expiredOffers(now: Int, on db: any SQLDatabase) async throws -> [(id: Int, eventID: Int)] {
        try await db.raw(
            "SELECT id, event_id FROM registrations WHERE status = 'propose' AND offered_until <= \(bind: now)"
        ).all().map { (try $0.int("id"), try $0.int("event_id")) }
    }

    /// Workshop offers whose hold ended: (`session_registrations` id, session, event).
    func expiredSessionOffers(now: Int, on db: any SQLDatabase) async throws -> [(
        id: Int, sessionID: Int, eventID: Int
    )] {
        try await db.raw(
            """
            SELECT sr.id, sr.session_id, s.event_id FROM session_registrations sr JOIN event_sessions s ON s.id = sr.session_id
            WHERE sr.status = 'propose' AND sr.offered_until <= \(bind: now)
            """
        ).all().map { (try $0.int("id"), try $0.int("session_id"), try $0.int("event_id")) }
    }

    func cancelSessionRow(id: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE session_registrations SET status = 'annule', offered_until = NULL, updated_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    // MARK: Seats in sessions

    func seats(registrationID: Int, on db: any SQLDatabase) async throws -> [SessionSeat] {
        try await db.raw(
            "SELECT session_id, status, offered_until FROM session_registrations WHERE registration_id = \(bind: registrationID) AND status <> 'annule'"
        ).all().map {
            SessionSeat(
                sessionID: try $0.int("session_id"),
                status: try $0.code(SeatStatus.self, "status", in: "session_registrations"),
                offeredUntil: try $0.optionalInt("offered_until"))
        }
    }

    /// The person's status in a session: nil when they never asked for it.
    func sessionStatus(registrationID: Int, sessionID: Int, on db: any SQLDatabase) async throws -> SeatStatus? {
        try await db.raw(
            "SELECT status FROM session_registrations WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
        ).first().map { try $0.code(SeatStatus.self, "status", in: "session_registrations") }
    }

    /// Sessions the person holds or waits for that overlap `session` in time.
    func overlapping(registrationID: Int, session: EventSession, on db: any SQLDatabase) async throws -> [(
        sessionID: Int, title: String
    )] {
        try await db.raw(
            """
            SELECT s.id, s.title FROM session_registrations sr JOIN event_sessions s ON s.id = sr.session_id
            WHERE sr.registration_id = \(bind: registrationID) AND sr.status <> 'annule' AND s.id <> \(bind: session.id)
            AND s.starts_at < \(bind: session.endsAt.text) AND s.ends_at > \(bind: session.startsAt.text)
            """
        ).all().map { (try $0.int("id"), try $0.string("title")) }
    }

    /// Writes the person's status in a session: a new row, or the existing one updated
    /// (`requeue` puts them at the end of the waiting list, as a new request would be).
    func setSessionStatus(
        _ status: SeatStatus, registrationID: Int, sessionID: Int, exists: Bool, requeue: Bool, at now: Int,
        on db: any SQLDatabase
    ) async throws {
        if !exists {
            try await db.raw(
                """
                INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at)
                VALUES (\(bind: sessionID), \(bind: registrationID), \(bind: status.rawValue), \(bind: now), \(bind: now))
                """
            ).run()
        } else if requeue {
            try await db.raw(
                "UPDATE session_registrations SET status = \(bind: status.rawValue), offered_until = NULL, created_at = \(bind: now), updated_at = \(bind: now) WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
            ).run()
        } else {
            try await db.raw(
                "UPDATE session_registrations SET status = \(bind: status.rawValue), offered_until = NULL, updated_at = \(bind: now) WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
            ).run()
        }
    }
}

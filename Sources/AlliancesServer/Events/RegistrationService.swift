import AlliancesCore
import Foundation
import SQLKit

public struct Registration: Sendable, Equatable {
    public let id: Int
    public let eventID: Int
    public var name: String
    public var email: String
    public var organisationName: String?
    public var actorKind: ActorKind?
    public var regionCode: String?
    public var dietary: String?
    public var listed: Bool
    public var status: SeatStatus
    public var offeredUntil: Int?
    public let createdAt: Int
    public var checkInCode: String?
    public var checkedInAt: Int?
}

public struct SessionSeat: Sendable, Equatable {
    public let sessionID: Int
    public let status: SeatStatus
    public let offeredUntil: Int?
}

/// What a person typed in the registration form.
public struct RegistrationInput: Sendable, Codable, Equatable {
    public var name: String?
    public var email: String?
    public var organisation: String?
    public var actorKind: String?
    public var region: String?
    public var dietary: String?
    public var listed: Bool?

    public init(
        name: String? = nil, email: String? = nil, organisation: String? = nil, actorKind: String? = nil,
        region: String? = nil,
        dietary: String? = nil, listed: Bool? = nil
    ) {
        self.name = name
        self.email = email
        self.organisation = organisation
        self.actorKind = actorKind
        self.region = region
        self.dietary = dietary
        self.listed = listed
    }
}

/// Registrations for events and sessions, with capacities and waiting lists.
///
/// No overbooking: a seat is claimed only by `UPDATE … SET seats_taken = seats_taken + 1
/// WHERE id = ? AND (capacity IS NULL OR seats_taken < capacity) RETURNING id`, inside the
/// transaction that writes the registration. PostgreSQL re-checks the condition on the
/// locked row when concurrent transactions update it; SQLite runs write transactions one at
/// a time (`BEGIN IMMEDIATE`). Either way the counter cannot pass the capacity, whatever
/// the number of app instances; the tests hammer it with hundreds of concurrent requests.
struct RegistrationService: Sendable {
    let database: Database
    /// Where the links in messages point to.
    var publicURL: String = "http://127.0.0.1:8080"
    /// How long a guest's seat is held until the e-mailed link is followed (`--guest-hold`);
    /// then it goes to the waiting list.
    var guestHold: Int = 2 * 3600
    /// How long after the event's end its private links keep working (`--registration-link-grace`):
    /// time to fetch an agenda or a certificate, not a key that opens a page for years.
    var linkGrace: Int = 30 * 86_400
    /// Messages repeating a registration's link, at most, per address and event and hour:
    /// registering someone else's address again cannot flood their inbox.
    static let linkResends = Throttle.Rule(bucket: "registration-link-resend", limit: 3, window: 3600)
    /// A registration id in a path that is not one of the event's: nothing is changed.
    static let notInEvent = AppError.notFound("Cette inscription n'existe pas pour cette rencontre.")

    /// The messages registrations cause, queued in the outbox in the same transaction.
    struct Mailer: Sendable {
        let publicURL: String
        let event: RencontreEvent

        func link(_ token: String) -> String { "\(publicURL)/evenements/\(event.slug)/inscription/\(token)" }

        func send(
            _ kind: String, to: String, registrationID: Int, subject: String, lines: [String], on db: any SQLDatabase
        ) async throws {
            let body =
                (lines + [
                    "", "—", "\(event.title), \(EventPages.dateLine(event))\(event.venue.map { ", \($0)" } ?? "")"
                ]).joined(separator: "\n")
            try await OutboxStore().enqueue(
                to: to, subject: "\(subject) — \(event.title)", body: body, kind: kind, eventID: event.id,
                registrationID: registrationID, on: db)
        }

        /// A new private link for a registration, for messages to people whose link we do
        /// not know (only hashes are stored); the links sent before keep working.
        func newLink(registrationID: Int, on db: any SQLDatabase) async throws -> String {
            link(try await newToken(registrationID: registrationID, on: db))
        }

        func newToken(registrationID: Int, on db: any SQLDatabase) async throws -> String {
            let token = Tokens.random()
            try await db.raw(
                """
                INSERT INTO registration_links (token_hash, registration_id, created_at)
                VALUES (\(bind: AccountStore.hash(token)), \(bind: registrationID), \(bind: nowSeconds()))
                """
            ).run()
            return token
        }
    }

    func mailer(_ event: RencontreEvent) -> Mailer { Mailer(publicURL: publicURL, event: event) }

    enum Seats: String {
        case event = "events"
        case session = "event_sessions"
    }

    /// Claims one seat; false when full.
    static func claimSeat(_ table: Seats, id: Int, on db: any SQLDatabase) async throws -> Bool {
        let claimed =
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table.rawValue) SET seats_taken = seats_taken + 1
                WHERE id = \(bind: id) AND (capacity IS NULL OR seats_taken < capacity) RETURNING id
                """
            ).first() != nil
        if claimed { try await bump(table, id: id, on: db) }
        return claimed
    }

    static func releaseSeat(_ table: Seats, id: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE \(unsafeRaw: table.rawValue) SET seats_taken = seats_taken - 1 WHERE id = \(bind: id) AND seats_taken > 0"
        ).run()
        try await bump(table, id: id, on: db)
    }

    /// The seats left are on the public pages: their cache must see the change.
    static func bump(_ table: Seats, id: Int, on db: any SQLDatabase) async throws {
        switch table {
        case .event: try await EventStore.bump(eventID: id, on: db)
        case .session: try await EventStore.bump(sessionID: id, on: db)
        }
    }

    /// Eight characters without look-alikes (no 0/O, 1/I/L), typed by staff when a QR code
    /// cannot be scanned: 31⁸ ≈ 8.5 × 10¹¹ codes.
    static func newCheckInCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func decode(_ row: any SQLRow) throws -> Registration {
        Registration(
            id: try row.int("id"), eventID: try row.int("event_id"), name: try row.string("name"),
            email: try row.string("email"),
            organisationName: try row.optionalString("organisation_name"),
            actorKind: try row.optionalString("actor_kind").flatMap(ActorKind.init(rawValue:)),
            regionCode: try row.optionalString("region_code"), dietary: try row.optionalString("dietary"),
            listed: try row.bool("listed"), status: try row.code(SeatStatus.self, "status", in: "registrations"),
            offeredUntil: try row.optionalInt("offered_until"), createdAt: try row.int("created_at"),
            checkInCode: try row.optionalString("checkin_code"), checkedInAt: try row.optionalInt("checked_in_at"))
    }

    static func validate(_ input: RegistrationInput) -> Result<
        (
            name: String, email: String, organisation: String?, kind: ActorKind?, region: String?, dietary: String?,
            listed: Bool
        ), ValidationErrors
    > {
        var errors = ValidationErrors()
        let name = TextRules.check(
            input.name, field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2, into: &errors)
        var email = TextRules.check(
            input.email, field: "email", label: "L'e-mail", required: true, maxLength: 254, into: &errors)
        if let value = email {
            if EmailAddress.isValid(value) {
                email = EmailAddress.normalise(value)
            } else {
                errors.add("email", "L'e-mail n'a pas une forme valide (ex. prenom.nom@exemple.fr).")
                email = nil
            }
        }
        let organisation = TextRules.check(
            input.organisation, field: "organisation", label: "L'organisation", required: false, maxLength: 200,
            into: &errors)
        var kind: ActorKind?
        if let raw = TextRules.clean(input.actorKind) {
            kind = ActorKind(rawValue: raw)
            if kind == nil { errors.add("actorKind", "Type d'acteur inconnu : « \(raw.prefix(40)) ».") }
        }
        var region: String?
        if let raw = TextRules.clean(input.region) {
            if ReferenceGeography.regions.contains(where: { $0.code == raw }) {
                region = raw
            } else {
                errors.add("region", "Région inconnue : « \(raw.prefix(10)) ».")
            }
        }
        let dietary = TextRules.check(
            input.dietary, field: "dietary", label: "Le régime alimentaire", required: false, maxLength: 300,
            into: &errors)
        guard errors.isEmpty, let name, let email else { return .failure(errors) }
        return .success((name, email, organisation, kind, region, dietary, input.listed ?? false))
    }

    enum Outcome: Sendable, Equatable {
        case registered(id: Int, token: String, status: SeatStatus)
        /// The address was registered already. A guest is answered as a new registration
        /// would be (`waiting`: what a new one would get now) and the address is sent its
        /// link again; a signed-in person, whose address it is, gets a new link at once.
        case alreadyRegistered(id: Int, token: String?, waiting: Bool)
        case invalid(ValidationErrors)
    }

    /// Registers a person: a seat if one is left, the waiting list otherwise. An address
    /// already registered is never told apart from a new one (see `Outcome`); a cancelled
    /// registration is reopened.
    func register(event: RencontreEvent, input: RegistrationInput, userID: Int?) async throws -> Outcome {
        guard event.status.acceptsRegistrations else {
            throw AppError(.conflict, "Les inscriptions à cet événement ne sont pas ouvertes.")
        }
        let checked:
            (
                name: String, email: String, organisation: String?, kind: ActorKind?, region: String?, dietary: String?,
                listed: Bool
            )
        switch Self.validate(input) {
        case .failure(let errors): return .invalid(errors)
        case .success(let value): checked = value
        }
        let token = Tokens.random()
        let hash = AccountStore.hash(token)
        let code = Self.newCheckInCode()
        return try await database.transaction { db in
            let now = nowSeconds()
            let existing = try await db.raw(
                "SELECT id, status, name FROM registrations WHERE event_id = \(bind: event.id) AND email = \(bind: checked.email)"
            ).first()
            if let existing, try existing.string("status") != SeatStatus.cancelled.rawValue {
                let id = try existing.int("id")
                let mail = mailer(event)
                if userID != nil {
                    return .alreadyRegistered(
                        id: id, token: try await mail.newToken(registrationID: id, on: db), waiting: false)
                }
                let seats = try await db.raw("SELECT capacity, seats_taken FROM events WHERE id = \(bind: event.id)")
                    .first()
                let full =
                    try seats.map { row in
                        try row.optionalInt("capacity").map { try row.int("seats_taken") >= $0 } ?? false
                    } ?? false
                if case .allowed = try await Throttle().reserve(
                    [(Self.linkResends, "\(event.id)|\(checked.email)")], now: now, on: db)
                {
                    try await mail.send(
                        "lien", to: checked.email, registrationID: id, subject: "Votre inscription",
                        lines: [
                            "Bonjour \(try existing.string("name")),", "",
                            "Quelqu'un (vous, sans doute) a demandé à inscrire cette adresse, qui l'est déjà. Votre page personnelle :",
                            try await mail.newLink(registrationID: id, on: db),
                            "",
                            "Les liens reçus auparavant restent valables. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien n'a changé."
                        ], on: db)
                }
                return .alreadyRegistered(id: id, token: nil, waiting: full)
            }
            let seat = try await Self.claimSeat(.event, id: event.id, on: db)
            // A guest's seat is held until the e-mailed link is followed; an account's is confirmed.
            let status: SeatStatus = seat ? (userID == nil ? .offered : .confirmed) : .waiting
            let holdUntil: Int? = status == .offered ? now + guestHold : nil
            // The organisation typed is matched with the directory when the name is exact.
            let organisationID =
                try await checked.organisation.asyncMap { name in
                    try await db.raw(
                        "SELECT id FROM organisations WHERE name_folded = \(bind: TextNormalisation.fold(name)) ORDER BY id LIMIT 1"
                    ).first()?.int("id")
                } ?? nil
            let id: Int
            if let existing {
                id = try existing.int("id")
                // Registering again after a cancellation: the earlier links stop working.
                try await db.raw("DELETE FROM registration_links WHERE registration_id = \(bind: id)").run()
                try await db.raw(
                    """
                    UPDATE registrations SET token_hash = \(bind: hash), name = \(bind: checked.name), organisation_name = \(bind: checked.organisation),
                      organisation_id = \(bind: organisationID), actor_kind = \(bind: checked.kind?.rawValue), region_code = \(bind: checked.region),
                      dietary = \(bind: checked.dietary), listed = \(bind: checked.listed ? 1 : 0), user_id = \(bind: userID), status = \(bind: status.rawValue),
                      offered_until = \(bind: holdUntil), checkin_code = \(bind: code), checked_in_at = NULL, created_at = \(bind: now), updated_at = \(bind: now)
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                let row = try await db.raw(
                    """
                    INSERT INTO registrations (event_id, token_hash, name, email, organisation_name, organisation_id, actor_kind, region_code, dietary, listed,
                      user_id, status, offered_until, checkin_code, created_at, updated_at)
                    VALUES (\(bind: event.id), \(bind: hash), \(bind: checked.name), \(bind: checked.email), \(bind: checked.organisation), \(bind: organisationID),
                      \(bind: checked.kind?.rawValue), \(bind: checked.region), \(bind: checked.dietary), \(bind: checked.listed ? 1 : 0), \(bind: userID),
                      \(bind: status.rawValue), \(bind: holdUntil), \(bind: code), \(bind: now), \(bind: now))
                    RETURNING id
                    """
                ).first()
                guard let newID = try row?.int("id") else {
                    throw DatabaseError(description: "registration insert returned no id")
                }
                id = newID
            }
            let mail = mailer(event)
            switch status {
            case .offered:
                try await mail.send(
                    "confirmation", to: checked.email, registrationID: id, subject: "Confirmez votre inscription",
                    lines: [
                        "Bonjour \(checked.name),", "",
                        "Une place vous est réservée. Pour la confirmer, ouvrez ce lien avant le \(frenchDate(holdUntil ?? now)) :",
                        mail.link(token), "",
                        "Ce lien personnel vous permet aussi de choisir vos ateliers ou d'annuler. Gardez-le."
                    ], on: db)
            case .confirmed:
                try await mail.send(
                    "confirmation", to: checked.email, registrationID: id, subject: "Inscription confirmée",
                    lines: [
                        "Bonjour \(checked.name),", "",
                        "Votre inscription est confirmée. Votre page personnelle (ateliers, agenda, annulation) :",
                        mail.link(token)
                    ], on: db)
            default:
                try await mail.send(
                    "liste-attente", to: checked.email, registrationID: id, subject: "Liste d'attente",
                    lines: [
                        "Bonjour \(checked.name),", "",
                        "L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle vous sera proposée par e-mail.",
                        "Votre page personnelle :", mail.link(token)
                    ], on: db)
            }
            return .registered(id: id, token: token, status: status)
        }
    }

    /// The registration a private link opens, or 410 once it expired: `linkGrace` after the
    /// event's end, or after the link was made when that is later (a registration to an
    /// event already over, as the demo's, still gets its month).
    func find(token: String, event: RencontreEvent, now: Int = nowSeconds()) async throws -> Registration? {
        guard let (found, issued) = try await lookup(token: token, eventID: event.id) else { return nil }
        if now > max(Paris.seconds(event.endsAt), issued) + linkGrace {
            throw AppError(
                .gone,
                "Ce lien a expiré : la rencontre est terminée depuis plus de \(Throttle.frenchDelay(linkGrace)). Écrivez aux organisateurs pour toute demande."
            )
        }
        return found
    }

    func find(token: String, eventID: Int) async throws -> Registration? {
        try await lookup(token: token, eventID: eventID)?.registration
    }

    /// The registration a link opens, and when that link was made: the registration's own
    /// link, or one sent in a later message (`registration_links`), in one query.
    private func lookup(token: String, eventID: Int) async throws -> (registration: Registration, issuedAt: Int)? {
        try await database.withConnection { db in
            let hash = AccountStore.hash(token)
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
    }

    func seats(registrationID: Int) async throws -> [SessionSeat] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT session_id, status, offered_until FROM session_registrations WHERE registration_id = \(bind: registrationID) AND status <> 'annule'"
            ).all().map {
                SessionSeat(
                    sessionID: try $0.int("session_id"),
                    status: SeatStatus(rawValue: try $0.string("status")) ?? .cancelled,
                    offeredUntil: try $0.optionalInt("offered_until"))
            }
        }
    }

    /// Cancels a registration: its event seat and session seats go to the first people
    /// waiting, who get the seat held for them until the event's deadline.
    func cancel(registrationID: Int, event: RencontreEvent) async throws {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT status, name, email FROM registrations WHERE id = \(bind: registrationID) AND event_id = \(bind: event.id)"
                ).first()
            else {
                throw Self.notInEvent
            }
            guard let status = SeatStatus(rawValue: try row.string("status")), status != .cancelled else { return }
            let mail = mailer(event)
            for seat in try await db.raw(
                "SELECT session_id, status FROM session_registrations WHERE registration_id = \(bind: registrationID) AND status <> 'annule'"
            ).all() {
                try await Self.leaveSession(
                    registrationID: registrationID, sessionID: try seat.int("session_id"), mailer: mail, on: db)
            }
            try await db.raw(
                "UPDATE registrations SET status = 'annule', offered_until = NULL, updated_at = \(bind: nowSeconds()) WHERE id = \(bind: registrationID)"
            ).run()
            try await mail.send(
                "annulation", to: try row.string("email"), registrationID: registrationID,
                subject: "Inscription annulée",
                lines: [
                    "Bonjour \(try row.string("name")),", "",
                    "Votre inscription est annulée. Merci de nous avoir prévenus : votre place va à une personne en attente."
                ], on: db)
            if status.holdsSeat {
                try await Self.releaseSeat(.event, id: event.id, on: db)
                try await Self.promote(.event, id: event.id, mailer: mail, on: db)
            }
        }
    }

    /// Gives freed seats to the first people waiting, as offers to confirm before the deadline.
    static func promote(_ table: Seats, id: Int, mailer: Mailer, on db: any SQLDatabase) async throws {
        let until = nowSeconds() + mailer.event.offerHours * 3600
        while true {
            let waiting: SQLQueryString =
                table == .event
                ? "SELECT id FROM registrations WHERE event_id = \(bind: id) AND status = 'attente' ORDER BY created_at, id LIMIT 1"
                : "SELECT id FROM session_registrations WHERE session_id = \(bind: id) AND status = 'attente' ORDER BY created_at, id LIMIT 1"
            guard let next = try await db.raw(waiting).first()?.int("id") else { return }
            guard try await claimSeat(table, id: id, on: db) else { return }
            let target = table == .event ? "registrations" : "session_registrations"
            try await db.raw(
                "UPDATE \(unsafeRaw: target) SET status = 'propose', offered_until = \(bind: until), updated_at = \(bind: nowSeconds()) WHERE id = \(bind: next)"
            ).run()
            let person: SQLQueryString =
                table == .event
                ? "SELECT r.id, r.name, r.email, NULL AS title FROM registrations r WHERE r.id = \(bind: next)"
                : "SELECT r.id, r.name, r.email, s.title FROM session_registrations sr JOIN registrations r ON r.id = sr.registration_id JOIN event_sessions s ON s.id = sr.session_id WHERE sr.id = \(bind: next)"
            if let row = try await db.raw(person).first() {
                let registrationID = try row.int("id")
                let what = try row.optionalString("title").map { "à l'atelier « \($0) »" } ?? "à l'événement"
                try await mailer.send(
                    "place-proposee", to: try row.string("email"), registrationID: registrationID,
                    subject: "Une place s'est libérée",
                    lines: [
                        "Bonjour \(try row.string("name")),", "",
                        "Une place s'est libérée \(what). Elle vous est réservée jusqu'au \(frenchDate(until)) : confirmez-la sur votre page personnelle :",
                        try await mailer.newLink(registrationID: registrationID, on: db), "",
                        "Les liens reçus auparavant restent valables."
                    ], on: db)
            }
        }
    }

    /// The promoted person takes the seat held for them.
    func confirmOffer(registrationID: Int, sessionID: Int? = nil) async throws -> Bool {
        try await database.transaction { db in
            let table = sessionID == nil ? "registrations" : "session_registrations"
            var query: SQLQueryString =
                "UPDATE \(unsafeRaw: table) SET status = 'confirme', offered_until = NULL, updated_at = \(bind: nowSeconds()) WHERE status = 'propose' AND offered_until > \(bind: nowSeconds()) AND "
            query +=
                sessionID.map { "registration_id = \(bind: registrationID) AND session_id = \(bind: $0)" }
                ?? "id = \(bind: registrationID)"
            return try await db.raw(query + " RETURNING id").first() != nil
        }
    }

    /// Offers not confirmed in time are cancelled and their seats offered to the next people.
    func expireOffers(now: Int = nowSeconds()) async throws -> Int {
        try await database.transaction { db in
            var expired = 0
            for row in try await db.raw(
                "SELECT id, event_id FROM registrations WHERE status = 'propose' AND offered_until <= \(bind: now)"
            ).all() {
                let eventID = try row.int("event_id")
                guard let event = try await EventStore().event(id: eventID, on: db) else { continue }
                try await db.raw(
                    "UPDATE registrations SET status = 'annule', offered_until = NULL, updated_at = \(bind: now) WHERE id = \(bind: try row.int("id"))"
                ).run()
                try await Self.releaseSeat(.event, id: eventID, on: db)
                try await Self.promote(.event, id: eventID, mailer: mailer(event), on: db)
                expired += 1
            }
            for row in try await db.raw(
                """
                SELECT sr.id, sr.session_id, s.event_id FROM session_registrations sr JOIN event_sessions s ON s.id = sr.session_id
                WHERE sr.status = 'propose' AND sr.offered_until <= \(bind: now)
                """
            ).all() {
                guard let event = try await EventStore().event(id: try row.int("event_id"), on: db) else { continue }
                let sessionID = try row.int("session_id")
                try await db.raw(
                    "UPDATE session_registrations SET status = 'annule', offered_until = NULL, updated_at = \(bind: now) WHERE id = \(bind: try row.int("id"))"
                ).run()
                try await Self.releaseSeat(.session, id: sessionID, on: db)
                try await Self.promote(.session, id: sessionID, mailer: mailer(event), on: db)
                expired += 1
            }
            return expired
        }
    }

    enum SessionOutcome: Sendable, Equatable {
        case seated(SeatStatus)
        case refused(String)
    }

    /// Joins a session (a workshop): only with a confirmed event registration, and one
    /// session per time slot.
    func joinSession(registration: Registration, session: EventSession, event: RencontreEvent) async throws
        -> SessionOutcome
    {
        guard registration.status == .confirmed else {
            return .refused("Confirmez d'abord votre inscription à l'événement.")
        }
        return try await database.transaction { db in
            let overlapping = try await db.raw(
                """
                SELECT s.title FROM session_registrations sr JOIN event_sessions s ON s.id = sr.session_id
                WHERE sr.registration_id = \(bind: registration.id) AND sr.status <> 'annule' AND s.id <> \(bind: session.id)
                AND s.starts_at < \(bind: session.endsAt.text) AND s.ends_at > \(bind: session.startsAt.text)
                """
            ).first()
            if let overlapping {
                return .refused(
                    "Vous êtes déjà inscrit à « \(try overlapping.string("title")) » sur ce créneau : quittez-le d'abord."
                )
            }
            let current = try await db.raw(
                "SELECT status FROM session_registrations WHERE registration_id = \(bind: registration.id) AND session_id = \(bind: session.id)"
            ).first()
            if let current, let status = SeatStatus(rawValue: try current.string("status")), status != .cancelled {
                return .seated(status)
            }
            let seat = try await Self.claimSeat(.session, id: session.id, on: db)
            let status: SeatStatus = seat ? .confirmed : .waiting
            let now = nowSeconds()
            if current != nil {
                try await db.raw(
                    "UPDATE session_registrations SET status = \(bind: status.rawValue), offered_until = NULL, created_at = \(bind: now), updated_at = \(bind: now) WHERE registration_id = \(bind: registration.id) AND session_id = \(bind: session.id)"
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at)
                    VALUES (\(bind: session.id), \(bind: registration.id), \(bind: status.rawValue), \(bind: now), \(bind: now))
                    """
                ).run()
            }
            return .seated(status)
        }
    }

    func leaveSession(registrationID: Int, sessionID: Int, event: RencontreEvent) async throws {
        let mail = mailer(event)
        try await database.transaction { db in
            try await Self.leaveSession(registrationID: registrationID, sessionID: sessionID, mailer: mail, on: db)
        }
    }

    static func leaveSession(registrationID: Int, sessionID: Int, mailer: Mailer, on db: any SQLDatabase) async throws {
        guard
            let row = try await db.raw(
                "SELECT status FROM session_registrations WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
            ).first(),
            let status = SeatStatus(rawValue: try row.string("status")), status != .cancelled
        else { return }
        try await db.raw(
            "UPDATE session_registrations SET status = 'annule', offered_until = NULL, updated_at = \(bind: nowSeconds()) WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
        ).run()
        if status.holdsSeat {
            try await releaseSeat(.session, id: sessionID, on: db)
            try await promote(.session, id: sessionID, mailer: mailer, on: db)
        }
    }

    struct Counts: Sendable, Equatable {
        var confirmed = 0, waiting = 0, offered = 0, cancelled = 0
    }

    func counts(eventID: Int) async throws -> Counts {
        try await database.withConnection { db in
            var counts = Counts()
            for row in try await db.raw(
                "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) GROUP BY status"
            ).all() {
                let n = try row.int("n")
                switch SeatStatus(rawValue: try row.string("status")) {
                case .confirmed: counts.confirmed = n
                case .waiting: counts.waiting = n
                case .offered: counts.offered = n
                case .cancelled: counts.cancelled = n
                case nil: break
                }
            }
            return counts
        }
    }

    func list(eventID: Int) async throws -> [Registration] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT * FROM registrations WHERE event_id = \(bind: eventID) ORDER BY status, created_at, id"
            ).all().map(Self.decode)
        }
    }
}

extension RegistrationService {
    /// Registrations matching a typed name or a check-in code, for the staff.
    func lookup(eventID: Int, query: String) async throws -> [Registration] {
        let code = query.uppercased().filter { $0.isLetter || $0.isNumber }
        let folded =
            "%"
            + TextNormalisation.fold(query).replacingOccurrences(of: "%", with: "").replacingOccurrences(
                of: "_", with: "") + "%"
        return try await database.withConnection { db in
            try await db.raw(
                """
                SELECT * FROM registrations WHERE event_id = \(bind: eventID) AND status <> 'annule'
                AND (checkin_code = \(bind: code) OR LOWER(name) LIKE \(bind: folded))
                ORDER BY name, id LIMIT 30
                """
            ).all().map(Self.decode)
        }
    }

    /// Marks an arrival (and, with a session, presence in it). Only confirmed registrations.
    func checkIn(registrationID: Int, eventID: Int, sessionID: Int?) async throws -> Bool {
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT status FROM registrations WHERE id = \(bind: registrationID) AND event_id = \(bind: eventID)"
                ).first()
            else {
                throw Self.notInEvent
            }
            guard try row.string("status") == SeatStatus.confirmed.rawValue else { return false }
            let now = nowSeconds()
            try await db.raw(
                "UPDATE registrations SET checked_in_at = COALESCE(checked_in_at, \(bind: now)) WHERE id = \(bind: registrationID)"
            ).run()
            if let sessionID {
                try await db.raw(
                    """
                    INSERT INTO session_checkins (session_id, registration_id, at) VALUES (\(bind: sessionID), \(bind: registrationID), \(bind: now))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
            return true
        }
    }

    /// Live attendance: arrivals at the event and presence per session.
    func attendance(eventID: Int) async throws -> (arrived: Int, confirmed: Int, sessions: [Int: Int]) {
        try await database.withConnection { db in
            let arrived =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) AND checked_in_at IS NOT NULL"
                ).first()?.int("n") ?? 0
            let confirmed =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme'"
                ).first()?.int("n") ?? 0
            var sessions: [Int: Int] = [:]
            for row in try await db.raw(
                """
                SELECT c.session_id, COUNT(*) AS n FROM session_checkins c JOIN event_sessions s ON s.id = c.session_id
                WHERE s.event_id = \(bind: eventID) GROUP BY c.session_id
                """
            ).all() {
                sessions[try row.int("session_id")] = try row.int("n")
            }
            return (arrived, confirmed, sessions)
        }
    }
}

extension RegistrationService {
    /// An organiser takes someone off the waiting list: a seat if one is left (confirmed at
    /// once, the organiser vouching for them), otherwise nothing changes.
    func approve(registrationID: Int, event: RencontreEvent) async throws -> Bool {
        let mail = mailer(event)
        return try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT status, name, email FROM registrations WHERE id = \(bind: registrationID) AND event_id = \(bind: event.id)"
                ).first()
            else {
                throw Self.notInEvent
            }
            guard let status = SeatStatus(rawValue: try row.string("status")) else { return false }
            switch status {
            case .confirmed: return true
            case .offered:
                try await db.raw(
                    "UPDATE registrations SET status = 'confirme', offered_until = NULL, updated_at = \(bind: nowSeconds()) WHERE id = \(bind: registrationID)"
                ).run()
            case .waiting, .cancelled:
                guard try await Self.claimSeat(.event, id: event.id, on: db) else { return false }
                try await db.raw(
                    "UPDATE registrations SET status = 'confirme', offered_until = NULL, updated_at = \(bind: nowSeconds()) WHERE id = \(bind: registrationID)"
                ).run()
            }
            try await mail.send(
                "confirmation", to: try row.string("email"), registrationID: registrationID,
                subject: "Inscription confirmée",
                lines: [
                    "Bonjour \(try row.string("name")),", "",
                    "L'équipe organisatrice a confirmé votre inscription. Votre page personnelle :",
                    try await mail.newLink(registrationID: registrationID, on: db), "",
                    "Les liens reçus auparavant restent valables."
                ], on: db)
            return true
        }
    }

    /// An organiser moves someone to a workshop: out of any other workshop of that slot, into
    /// this one if a seat is left.
    func move(registrationID: Int, to session: EventSession, event: RencontreEvent) async throws -> Bool {
        let mail = mailer(event)
        return try await database.transaction { db in
            // The registration named in the path must be one of this event's, and hold its seat.
            guard
                let row = try await db.raw(
                    "SELECT status FROM registrations WHERE id = \(bind: registrationID) AND event_id = \(bind: event.id)"
                ).first()
            else {
                throw Self.notInEvent
            }
            guard try row.string("status") == SeatStatus.confirmed.rawValue else {
                throw AppError(.conflict, "Seules les inscriptions confirmées peuvent être placées dans un atelier.")
            }
            for row in try await db.raw(
                """
                SELECT sr.session_id FROM session_registrations sr JOIN event_sessions s ON s.id = sr.session_id
                WHERE sr.registration_id = \(bind: registrationID) AND sr.status <> 'annule' AND s.id <> \(bind: session.id)
                AND s.starts_at < \(bind: session.endsAt.text) AND s.ends_at > \(bind: session.startsAt.text)
                """
            ).all() {
                try await Self.leaveSession(
                    registrationID: registrationID, sessionID: try row.int("session_id"), mailer: mail, on: db)
            }
            let current = try await db.raw(
                "SELECT status FROM session_registrations WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: session.id)"
            ).first()
            if let current, SeatStatus(rawValue: try current.string("status"))?.holdsSeat == true {
                try await db.raw(
                    "UPDATE session_registrations SET status = 'confirme', offered_until = NULL WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: session.id)"
                ).run()
                return true
            }
            guard try await Self.claimSeat(.session, id: session.id, on: db) else { return false }
            let now = nowSeconds()
            if current != nil {
                try await db.raw(
                    "UPDATE session_registrations SET status = 'confirme', offered_until = NULL, updated_at = \(bind: now) WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: session.id)"
                ).run()
            } else {
                try await db.raw(
                    "INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at) VALUES (\(bind: session.id), \(bind: registrationID), 'confirme', \(bind: now), \(bind: now))"
                ).run()
            }
            return true
        }
    }

    /// The day before an event, a reminder to each confirmed participant (once).
    func sendReminders(tomorrow: String) async throws -> Int {
        try await database.transaction { db in
            var sent = 0
            for event in try await db.raw(
                "SELECT * FROM events WHERE starts_at LIKE \(bind: tomorrow + "%") AND status IN ('inscriptions-ouvertes', 'inscriptions-closes')"
            ).all().map(EventStore.decodeEvent) {
                let mail = mailer(event)
                for row in try await db.raw(
                    """
                    SELECT r.id, r.name, r.email FROM registrations r WHERE r.event_id = \(bind: event.id) AND r.status = 'confirme'
                    AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.registration_id = r.id AND o.kind = 'rappel')
                    """
                ).all() {
                    let id = try row.int("id")
                    try await mail.send(
                        "rappel", to: try row.string("email"), registrationID: id, subject: "C'est demain",
                        lines: [
                            "Bonjour \(try row.string("name")),", "",
                            "Nous vous attendons demain, \(EventPages.dateLine(event))\(event.venue.map { ", \($0)" } ?? "")\(event.address.map { ", \($0)" } ?? "").",
                            "Votre programme, vos ateliers et votre code d'accueil sont sur votre page personnelle :",
                            try await mail.newLink(registrationID: id, on: db),
                            "",
                            "Les liens reçus auparavant restent valables. Un empêchement ? Annulez depuis cette page : votre place ira à une personne en attente."
                        ], on: db)
                    sent += 1
                }
            }
            return sent
        }
    }
}

extension RegistrationService {
    /// Confirmed participants who agreed to appear in the list: names and organisations only.
    func participantsList(eventID: Int) async throws -> [(name: String, organisation: String?)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT name, organisation_name FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme' AND listed = 1 ORDER BY name, id
                """
            ).all().map { (try $0.string("name"), try $0.optionalString("organisation_name")) }
        }
    }
}

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

/// Registrations for events and sessions, with capacities and waiting lists: the use cases.
/// The SQL is in `RegistrationStore` (and the seat counters in `EventStore`, which cannot
/// pass a capacity); the texts of the messages in `RegistrationMessages`.
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
    let store = RegistrationStore()
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

        func send(
            _ message: RegistrationMessages.Message, to: String, registrationID: Int, on db: any SQLDatabase
        ) async throws {
            try await send(
                message.kind, to: to, registrationID: registrationID, subject: message.subject, lines: message.lines,
                on: db)
        }

        /// A new private link for a registration, for messages to people whose link we do
        /// not know (only hashes are stored); the links sent before keep working.
        func newLink(registrationID: Int, on db: any SQLDatabase) async throws -> String {
            link(try await newToken(registrationID: registrationID, on: db))
        }

        func newToken(registrationID: Int, on db: any SQLDatabase) async throws -> String {
            let token = Tokens.random()
            try await RegistrationStore().addLink(
                tokenHash: AccountStore.hash(token), registrationID: registrationID, at: nowSeconds(), on: db)
            return token
        }
    }

    func mailer(_ event: RencontreEvent) -> Mailer { Mailer(publicURL: publicURL, event: event) }

    /// Eight characters without look-alikes (no 0/O, 1/I/L), typed by staff when a QR code
    /// cannot be scanned: 31⁸ ≈ 8.5 × 10¹¹ codes.
    static func newCheckInCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
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
        let checked: CheckedRegistration
        switch input.validate() {
        case .failure(let errors): return .invalid(errors)
        case .success(let value): checked = value
        }
        let token = Tokens.random()
        let code = Self.newCheckInCode()
        let mail = mailer(event)
        return try await database.transaction { db in
            let now = nowSeconds()
            let existing = try await store.contact(eventID: event.id, email: checked.email, on: db)
            if let existing, existing.status != .cancelled {
                return try await registeredAgain(existing, event: event, signedIn: userID != nil, now: now, on: db)
            }
            let seat = try await EventStore.claimSeat(.event, id: event.id, on: db)
            let status = EventPermissions.initialStatus(seatClaimed: seat, signedIn: userID != nil)
            let holdUntil: Int? = status == .offered ? now + guestHold : nil
            // The organisation typed is matched with the directory when the name is exact.
            let organisationID =
                try await checked.organisation.asyncMap { name in
                    try await OrganisationStore().id(namedExactly: name, on: db)
                } ?? nil
            let row = RegistrationStore.Row(
                eventID: event.id, tokenHash: AccountStore.hash(token), checked: checked,
                organisationID: organisationID, userID: userID, status: status, offeredUntil: holdUntil,
                checkInCode: code, now: now)
            let id = try await store.write(row, reopening: existing, on: db)
            let message: RegistrationMessages.Message =
                switch status {
                case .offered:
                    RegistrationMessages.seatHeld(name: checked.name, until: holdUntil ?? now, link: mail.link(token))
                case .confirmed: RegistrationMessages.confirmed(name: checked.name, link: mail.link(token))
                default: RegistrationMessages.waitingList(name: checked.name, link: mail.link(token))
                }
            try await mail.send(message, to: checked.email, registrationID: id, on: db)
            try await WebhookEvents.registration(
                .registrationCreated, event: event, registrationID: id, email: checked.email, on: db)
            return .registered(id: id, token: token, status: status)
        }
    }

    /// An address registered already: a signed-in person gets a new link at once; for a
    /// guest the address is sent its page again (3 times an hour at most) and the answer is
    /// what a new registration would get now.
    private func registeredAgain(
        _ existing: RegistrationStore.Contact, event: RencontreEvent, signedIn: Bool, now: Int, on db: any SQLDatabase
    ) async throws -> Outcome {
        let mail = mailer(event)
        if signedIn {
            return .alreadyRegistered(
                id: existing.id, token: try await mail.newToken(registrationID: existing.id, on: db), waiting: false)
        }
        let full =
            try await EventStore().event(id: event.id, on: db).map { current in
                current.capacity.map { current.seatsTaken >= $0 } ?? false
            } ?? false
        if case .allowed = try await Throttle().reserve(
            [(Self.linkResends, "\(event.id)|\(existing.email)")], now: now, on: db)
        {
            let link = try await mail.newLink(registrationID: existing.id, on: db)
            try await mail.send(
                RegistrationMessages.alreadyRegistered(name: existing.name, link: link), to: existing.email,
                registrationID: existing.id, on: db)
        }
        return .alreadyRegistered(id: existing.id, token: nil, waiting: full)
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

    private func lookup(token: String, eventID: Int) async throws -> (registration: Registration, issuedAt: Int)? {
        try await database.withConnection { db in
            try await store.find(tokenHash: AccountStore.hash(token), eventID: eventID, on: db)
        }
    }

    func seats(registrationID: Int) async throws -> [SessionSeat] {
        try await database.withConnection { db in try await store.seats(registrationID: registrationID, on: db) }
    }

    /// Cancels a registration: its event seat and session seats go to the first people
    /// waiting, who get the seat held for them until the event's deadline.
    func cancel(registrationID: Int, event: RencontreEvent) async throws {
        let mail = mailer(event)
        try await database.transaction { db in
            try await Self.cancel(registrationID: registrationID, event: event, mailer: mail, notify: true, on: db)
        }
    }

    /// Cancels inside the caller's transaction; `notify` false for an erasure, whose
    /// person is not written to again.
    static func cancel(
        registrationID: Int, event: RencontreEvent, mailer mail: Mailer, notify: Bool, on db: any SQLDatabase
    ) async throws {
        let store = RegistrationStore()
        guard let found = try await store.contact(id: registrationID, eventID: event.id, on: db) else {
            throw Self.notInEvent
        }
        guard found.status != .cancelled else { return }
        for seat in try await store.seats(registrationID: registrationID, on: db) {
            try await Self.leaveSession(
                registrationID: registrationID, sessionID: seat.sessionID, mailer: mail, on: db)
        }
        try await store.setStatus(.cancelled, id: registrationID, at: nowSeconds(), on: db)
        try await WebhookEvents.registration(
            .registrationCancelled, event: event, registrationID: registrationID, email: found.email, on: db)
        if notify {
            try await mail.send(
                RegistrationMessages.cancelled(name: found.name), to: found.email, registrationID: registrationID,
                on: db)
        }
        if found.status.holdsSeat {
            try await EventStore.releaseSeat(.event, id: event.id, on: db)
            try await Self.promote(.event, id: event.id, mailer: mail, on: db)
        }
    }

    /// Gives freed seats to the first people waiting, as offers to confirm before the deadline.
    static func promote(_ table: EventStore.Seats, id: Int, mailer: Mailer, on db: any SQLDatabase) async throws {
        let store = RegistrationStore()
        let until = nowSeconds() + mailer.event.offerHours * 3600
        while let next = try await store.firstWaiting(table, id: id, on: db) {
            guard try await EventStore.claimSeat(table, id: id, on: db) else { return }
            guard let (person, title) = try await store.offer(table, rowID: next, until: until, on: db) else {
                continue
            }
            try await WebhookEvents.registration(
                .registrationPromoted, event: mailer.event, registrationID: person.id, email: person.email, on: db)
            let link = try await mailer.newLink(registrationID: person.id, on: db)
            try await mailer.send(
                RegistrationMessages.seatOffered(name: person.name, sessionTitle: title, until: until, link: link),
                to: person.email, registrationID: person.id, on: db)
        }
    }

    /// The promoted person takes the seat held for them.
    func confirmOffer(registrationID: Int, sessionID: Int? = nil) async throws -> Bool {
        try await database.transaction { db in
            try await store.confirmOffer(
                registrationID: registrationID, sessionID: sessionID, now: nowSeconds(), on: db)
        }
    }

    /// Offers not confirmed in time are cancelled and their seats offered to the next people.
    func expireOffers(now: Int = nowSeconds()) async throws -> Int {
        try await database.transaction { db in
            var expired = 0
            for offer in try await store.expiredOffers(now: now, on: db) {
                guard let event = try await EventStore().event(id: offer.eventID, on: db) else { continue }
                try await store.setStatus(.cancelled, id: offer.id, at: now, on: db)
                try await EventStore.releaseSeat(.event, id: offer.eventID, on: db)
                try await Self.promote(.event, id: offer.eventID, mailer: mailer(event), on: db)
                expired += 1
            }
            for offer in try await store.expiredSessionOffers(now: now, on: db) {
                guard let event = try await EventStore().event(id: offer.eventID, on: db) else { continue }
                try await store.cancelSessionRow(id: offer.id, at: now, on: db)
                try await EventStore.releaseSeat(.session, id: offer.sessionID, on: db)
                try await Self.promote(.session, id: offer.sessionID, mailer: mailer(event), on: db)
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
            if let other = try await store.overlapping(registrationID: registration.id, session: session, on: db).first
            {
                return .refused("Vous êtes déjà inscrit à « \(other.title) » sur ce créneau : quittez-le d'abord.")
            }
            let current = try await store.sessionStatus(
                registrationID: registration.id, sessionID: session.id, on: db)
            if let current, current != .cancelled { return .seated(current) }
            let seat = try await EventStore.claimSeat(.session, id: session.id, on: db)
            let status: SeatStatus = seat ? .confirmed : .waiting
            try await store.setSessionStatus(
                status, registrationID: registration.id, sessionID: session.id, exists: current != nil,
                requeue: true, at: nowSeconds(), on: db)
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
        let store = RegistrationStore()
        guard
            let status = try await store.sessionStatus(registrationID: registrationID, sessionID: sessionID, on: db),
            status != .cancelled
        else { return }
        try await store.setSessionStatus(
            .cancelled, registrationID: registrationID, sessionID: sessionID, exists: true, requeue: false,
            at: nowSeconds(), on: db)
        if status.holdsSeat {
            try await EventStore.releaseSeat(.session, id: sessionID, on: db)
            try await promote(.session, id: sessionID, mailer: mailer, on: db)
        }
    }

    struct Counts: Sendable, Equatable {
        var confirmed = 0, waiting = 0, offered = 0, cancelled = 0
    }

    func counts(eventID: Int) async throws -> Counts {
        let byStatus = try await database.withConnection { db in
            try await store.countsByStatus(eventID: eventID, on: db)
        }
        return Counts(
            confirmed: byStatus[.confirmed] ?? 0, waiting: byStatus[.waiting] ?? 0, offered: byStatus[.offered] ?? 0,
            cancelled: byStatus[.cancelled] ?? 0)
    }

    func list(eventID: Int) async throws -> [Registration] {
        try await database.withConnection { db in try await store.list(eventID: eventID, on: db) }
    }

    /// Confirmed participants who agreed to appear in the list: names and organisations only.
    func participantsList(eventID: Int) async throws -> [(name: String, organisation: String?)] {
        try await database.withConnection { db in try await store.listedParticipants(eventID: eventID, on: db) }
    }

    /// The directory organisation a registration was matched with, and its lab.
    func organisation(registrationID: Int) async throws -> (organisationID: Int, labID: Int)? {
        try await database.withConnection { db in
            guard let organisationID = try await store.organisationID(registrationID: registrationID, on: db),
                let labID = try await OrganisationStore().labID(organisationID: organisationID, on: db)
            else { return nil }
            return (organisationID, labID)
        }
    }
}

/// What organisers do to a registration.
extension RegistrationService {
    /// An organiser takes someone off the waiting list: a seat if one is left (confirmed at
    /// once, the organiser vouching for them), otherwise nothing changes.
    func approve(registrationID: Int, event: RencontreEvent) async throws -> Bool {
        let mail = mailer(event)
        return try await database.transaction { db in
            guard let found = try await store.contact(id: registrationID, eventID: event.id, on: db) else {
                throw Self.notInEvent
            }
            switch found.status {
            case .confirmed: return true
            case .offered: break
            case .waiting, .cancelled:
                guard try await EventStore.claimSeat(.event, id: event.id, on: db) else { return false }
            }
            try await store.setStatus(.confirmed, id: registrationID, at: nowSeconds(), on: db)
            let link = try await mail.newLink(registrationID: registrationID, on: db)
            try await mail.send(
                RegistrationMessages.approvedByOrganisers(name: found.name, link: link), to: found.email,
                registrationID: registrationID, on: db)
            return true
        }
    }

    /// An organiser moves someone to a workshop: out of any other workshop of that slot, into
    /// this one if a seat is left.
    func move(registrationID: Int, to session: EventSession, event: RencontreEvent) async throws -> Bool {
        let mail = mailer(event)
        return try await database.transaction { db in
            // The registration named in the path must be one of this event's, and hold its seat.
            guard let found = try await store.contact(id: registrationID, eventID: event.id, on: db) else {
                throw Self.notInEvent
            }
            guard found.status == .confirmed else {
                throw AppError(.conflict, "Seules les inscriptions confirmées peuvent être placées dans un atelier.")
            }
            for other in try await store.overlapping(registrationID: registrationID, session: session, on: db) {
                try await Self.leaveSession(
                    registrationID: registrationID, sessionID: other.sessionID, mailer: mail, on: db)
            }
            let current = try await store.sessionStatus(registrationID: registrationID, sessionID: session.id, on: db)
            if current?.holdsSeat != true {
                guard try await EventStore.claimSeat(.session, id: session.id, on: db) else { return false }
            }
            try await store.setSessionStatus(
                .confirmed, registrationID: registrationID, sessionID: session.id, exists: current != nil,
                requeue: false, at: nowSeconds(), on: db)
            return true
        }
    }

    /// The day before an event, a reminder to each confirmed participant (once).
    func sendReminders(tomorrow: String) async throws -> Int {
        try await database.transaction { db in
            var sent = 0
            for event in try await EventStore().eventsStarting(on: tomorrow, on: db) {
                let mail = mailer(event)
                for person in try await store.toRemind(eventID: event.id, on: db) {
                    let link = try await mail.newLink(registrationID: person.id, on: db)
                    try await mail.send(
                        RegistrationMessages.reminder(name: person.name, event: event, link: link), to: person.email,
                        registrationID: person.id, on: db)
                    sent += 1
                }
            }
            return sent
        }
    }
}

import AlliancesCore
import Foundation
import SQLKit

/// One-to-one meetings at a rencontre: settings, availabilities, requests and answers, the
/// scheduler's run, the announcement, late changes.
struct MeetingService: Sendable {
    let database: Database
    let registrations: RegistrationService
    let store = MeetingStore()

    enum Status: String, Sendable {
        case requested = "demande"
        case accepted = "acceptee"
        case declined = "refusee"
        case cancelled = "annulee"

        var label: String {
            switch self {
            case .requested: "En attente de réponse"
            case .accepted: "Accepté"
            case .declined: "Décliné"
            case .cancelled: "Annulé"
            }
        }
    }

    struct Settings: Sendable, Equatable {
        var mode: MeetingMode
        var start: LocalDateTime?
        var minutes: Int
        var slots: Int
        var tables: Int
        var report: String?

        var enabled: Bool { mode != .none }
        var scheduled: Bool { start != nil && slots > 0 && tables > 0 }

        /// When a slot starts and ends (nil before the first slot is set, or past midnight).
        func times(_ slot: Int) -> (start: LocalDateTime, end: LocalDateTime)? {
            guard let from = start?.adding(minutes: slot * minutes), let to = from.adding(minutes: minutes) else {
                return nil
            }
            return (from, to)
        }

        func label(_ slot: Int) -> String {
            times(slot).map { "\($0.start.frenchTime)–\($0.end.frenchTime)" } ?? "créneau \(slot + 1)"
        }
    }

    struct Person: Sendable, Equatable {
        let id: Int
        let name: String
        let organisation: String?
        let kind: ActorKind?
        /// The directory's organisation, when the name typed matched one.
        var organisationID: Int? = nil
    }

    struct Request: Sendable, Equatable {
        let id: Int
        let requester: Person
        let invitee: Person
        let message: String?
        let status: Status
        let slot: Int?
        let table: Int?
        let announced: Bool
    }

    func settings(eventID: Int) async throws -> Settings {
        try await database.withConnection { db in try await Self.settings(eventID: eventID, on: db) }
    }

    static func settings(eventID: Int, on db: any SQLDatabase) async throws -> Settings {
        guard let settings = try await MeetingStore().settings(eventID: eventID, on: db) else {
            throw AppError.notFound("Cet événement n'existe pas.")
        }
        return settings
    }

    /// Checks and saves the settings; returns the error messages (empty when saved).
    func saveSettings(eventID: Int, mode: MeetingMode, start: String?, minutes: Int?, slots: Int?, tables: Int?)
        async throws -> [String]
    {
        var errors: [String] = []
        let begin = start.flatMap(LocalDateTime.init)
        if start != nil && begin == nil {
            errors.append("Début des rendez-vous : une date et une heure (AAAA-MM-JJTHH:MM).")
        }
        guard let minutes, (5...120).contains(minutes) else {
            return errors + ["Durée d'un créneau : entre 5 et 120 minutes."]
        }
        guard let slots, (0...200).contains(slots) else { return errors + ["Nombre de créneaux : entre 0 et 200."] }
        guard let tables, (0...10_000).contains(tables) else {
            return errors + ["Nombre de tables : entre 0 et 10 000."]
        }
        if let begin, begin.adding(minutes: slots * minutes) == nil, slots > 0 {
            errors.append("Les créneaux doivent finir avant minuit.")
        }
        guard errors.isEmpty else { return errors }
        try await database.withConnection { db in
            try await store.saveSettings(
                eventID: eventID, mode: mode, start: begin, minutes: minutes, slots: slots, tables: tables, on: db)
        }
        return []
    }

    /// Confirmed participants who agreed to appear in the list (names and organisations only).
    func people(eventID: Int) async throws -> [Person] {
        try await database.withConnection { db in try await store.listedPeople(eventID: eventID, on: db) }
    }

    func availability(registrationID: Int) async throws -> [Bool]? {
        try await database.withConnection { db in
            try await store.availability(registrationID: registrationID, on: db).map { $0.map { $0 == "1" } }
        }
    }

    func saveAvailability(registrationID: Int, slots: [Bool]) async throws {
        let text: String? = slots.allSatisfy { $0 } ? nil : String(slots.map { $0 ? "1" : "0" })
        try await database.withConnection { db in
            try await store.saveAvailability(registrationID: registrationID, text: text, on: db)
        }
    }

    /// A participant's requests, sent and received.
    func requests(registrationID: Int) async throws -> [Request] {
        try await database.withConnection { db in try await store.requests(registrationID: registrationID, on: db) }
    }

    func allRequests(eventID: Int) async throws -> [Request] {
        try await database.withConnection { db in try await store.requests(eventID: eventID, on: db) }
    }

    /// A request from one participant to another: both confirmed, allowed by the mode, the
    /// invitee listed (they agreed to be seen), no open request between them already.
    /// Returns the new request's id.
    @discardableResult
    func request(event: RencontreEvent, from requester: Registration, to inviteeID: Int, message: String?) async throws
        -> Int
    {
        let settings = try await settings(eventID: event.id)
        guard settings.enabled else {
            throw AppError.notFound("Cette rencontre n'organise pas de rendez-vous individuels.")
        }
        guard requester.status == .confirmed else {
            throw AppError(.conflict, "Les rendez-vous sont ouverts aux inscriptions confirmées.")
        }
        if let message, message.count > 500 { throw AppError.badRequest("Le message fait au plus 500 caractères.") }
        return try await database.transaction { db in
            guard let invitee = try await store.listedPerson(id: inviteeID, eventID: event.id, on: db),
                inviteeID != requester.id
            else { throw AppError.notFound("Cette personne n'est pas dans la liste des participants.") }
            guard settings.mode.allows(requester.actorKind, invitee.kind) else {
                throw AppError(
                    .conflict, "À cette rencontre, les rendez-vous réunissent une association et une entreprise.")
            }
            if try await store.openRequestExists(eventID: event.id, between: requester.id, and: inviteeID, on: db) {
                throw AppError(.conflict, "Une demande de rendez-vous existe déjà entre vous.")
            }
            return try await store.ask(
                eventID: event.id, requesterID: requester.id, inviteeID: inviteeID, message: message, at: nowSeconds(),
                on: db)
        }
    }

    /// The invitee accepts or declines. An acceptance after the schedule was announced is
    /// placed at once around the announced meetings, when a slot and a table allow it.
    func answer(requestID: Int, invitee: Registration, event: RencontreEvent, accept: Bool) async throws {
        try await database.transaction { db in
            guard
                try await store.answer(
                    requestID: requestID, inviteeID: invitee.id, accept: accept, at: nowSeconds(), on: db)
            else {
                try await Self.requireRequest(requestID, of: invitee.id, on: db)
                guard try await store.isInvitee(requestID: requestID, registrationID: invitee.id, on: db) else {
                    throw AppError(
                        .forbidden,
                        "Seule la personne invitée accepte ou refuse une demande : vous pouvez annuler la vôtre.")
                }
                throw AppError(.conflict, "Cette demande n'attend plus de réponse.")
            }
        }
        if accept, try await database.withConnection({ db in try await store.anyAnnounced(eventID: event.id, on: db) })
        {
            _ = try await schedule(event: event, announceNew: true)
        }
    }

    /// Either side cancels: the slot and table are freed (the others do not move).
    func cancel(requestID: Int, by registrationID: Int) async throws {
        try await database.withConnection { db in
            guard try await store.cancel(requestID: requestID, by: registrationID, at: nowSeconds(), on: db) else {
                try await Self.requireRequest(requestID, of: registrationID, on: db)
                throw AppError(.conflict, "Ce rendez-vous ne peut plus être annulé.")
            }
        }
    }

    /// A request that is not this participant's (or does not exist) is not found, whatever
    /// its state: 404, not the 409 of a request that no longer waits.
    static func requireRequest(_ requestID: Int, of registrationID: Int, on db: any SQLDatabase) async throws {
        guard try await MeetingStore().isParty(requestID: requestID, registrationID: registrationID, on: db) else {
            throw AppError.notFound("Cette demande de rendez-vous n'existe pas.")
        }
    }

    /// What the scheduler works from: the accepted requests (with the placement of the
    /// announced ones) and the participants' availability; `fingerprint` names all of it, to
    /// tell whether anything changed between the computation and its writing.
    struct Inputs: Equatable {
        var ids: [Int] = []
        var meetings: [MeetingScheduler.Meeting] = []
        var requestIDs: [Int] = []
        var fixed: [Int: MeetingScheduler.Placement] = [:]
        var availability: [[Bool]]? = nil
        var fingerprint = ""

        static func == (a: Inputs, b: Inputs) -> Bool { a.fingerprint == b.fingerprint }
    }

    static func inputs(eventID: Int, slots: Int, on db: any SQLDatabase) async throws -> Inputs {
        var inputs = Inputs()
        var index: [Int: Int] = [:]
        func participant(_ id: Int) -> Int {
            if let i = index[id] { return i }
            index[id] = inputs.ids.count
            inputs.ids.append(id)
            return inputs.ids.count - 1
        }
        var fingerprint: [String] = []
        let store = MeetingStore()
        for request in try await store.accepted(eventID: eventID, on: db) {
            let e = inputs.meetings.count
            let (requester, invitee) = (request.requesterID, request.inviteeID)
            inputs.meetings.append(.init(participant(requester), participant(invitee)))
            inputs.requestIDs.append(request.id)
            let (slot, table) = (request.slot, request.table)
            if request.announced, let slot, let table {
                inputs.fixed[e] = .init(slot: slot, table: table - 1)  // stored from 1, as printed
            }
            fingerprint.append(
                "\(request.id):\(requester)-\(invitee)" + (request.announced ? "@\(slot ?? -1)/\(table ?? -1)" : ""))
        }
        var availability: [[Bool]] = Array(repeating: Array(repeating: true, count: slots), count: inputs.ids.count)
        var restricted = false
        for (id, text) in try await store.restrictedAvailabilities(eventID: eventID, on: db) {
            guard let i = index[id] else { continue }
            restricted = true
            let flags = Array(text)
            availability[i] = (0..<slots).map { $0 < flags.count ? flags[$0] == "1" : true }
            fingerprint.append("a\(id)=\(text)")
        }
        inputs.availability = restricted ? availability : nil
        inputs.fingerprint = fingerprint.joined(separator: ",")
        return inputs
    }

    /// Runs the scheduler on the accepted meetings: announced ones keep their slot and
    /// table, the others are placed anew (or left without a slot). `announceNew`: the newly
    /// placed ones are announced at once (late acceptances), with a message to both sides.
    ///
    /// The computation (seconds for a big rencontre) runs outside any transaction, so it
    /// never holds the database's write lock; the placements are then written in a short
    /// transaction that first reads the inputs again: when a request or an availability
    /// changed meanwhile, the computation starts over (three times at most, then a 409
    /// asking to run it again).
    func schedule(event: RencontreEvent, announceNew: Bool = false) async throws -> MeetingScheduler.Result {
        let settings = try await settings(eventID: event.id)
        guard settings.enabled, settings.scheduled else {
            throw AppError(.conflict, "Réglez d'abord l'heure de début, le nombre de créneaux et de tables.")
        }
        let mail = registrations.mailer(event)
        for _ in 0..<3 {
            let inputs = try await database.withConnection { db in
                try await Self.inputs(eventID: event.id, slots: settings.slots, on: db)
            }
            let (result, upper, minimum) = Self.compute(inputs, settings: settings)
            if let written = try await write(
                result, upper: upper, minimum: minimum, inputs: inputs, event: event, settings: settings,
                announceNew: announceNew, mail: mail)
            {
                return written
            }
        }
        throw AppError(
            .conflict,
            "Les demandes de rendez-vous changent sans cesse pendant le calcul du planning : relancez-le dans un instant."
        )
    }

    static func compute(_ inputs: Inputs, settings: Settings) -> (
        result: MeetingScheduler.Result, upper: Int, minimum: Int
    ) {
        let (ids, meetings, fixed) = (inputs.ids, inputs.meetings, inputs.fixed)
        let problem = MeetingScheduler.Problem(
            participants: ids.count, meetings: meetings, slots: settings.slots, tables: settings.tables,
            availability: inputs.availability, fixed: fixed)
        // Associations ↔ companies, everyone available, nothing announced: the edge
        // colouring places every meeting in the fewest slots there can be, when they fit.
        let minimum = MeetingScheduler.slotLowerBound(
            participants: ids.count, meetings: meetings, tables: settings.tables)
        var result = MeetingScheduler.schedule(problem)
        var upper = result.bound
        if fixed.isEmpty && inputs.availability == nil && minimum <= settings.slots && result.scheduled < meetings.count
            && MeetingScheduler.isBipartite(participants: ids.count, meetings: meetings)
        {
            result = MeetingScheduler.minimumSlots(participants: ids.count, meetings: meetings, tables: settings.tables)
            upper = meetings.count
        }
        return (result, upper, minimum)
    }

    /// Writes a schedule computed from `inputs`, or returns nil without writing when the
    /// inputs changed since.
    func write(
        _ result: MeetingScheduler.Result, upper: Int, minimum: Int, inputs: Inputs, event: RencontreEvent,
        settings: Settings,
        announceNew: Bool, mail: RegistrationService.Mailer
    ) async throws -> MeetingScheduler.Result? {
        try await database.transaction { db in
            guard try await Self.inputs(eventID: event.id, slots: settings.slots, on: db) == inputs else { return nil }
            var newlyPlaced: [Int] = []
            for (e, placement) in result.placements.enumerated() where inputs.fixed[e] == nil {
                try await store.place(
                    requestID: inputs.requestIDs[e], slot: placement?.slot, table: placement.map { $0.table + 1 },
                    on: db)
                if placement != nil { newlyPlaced.append(inputs.requestIDs[e]) }
            }
            let report =
                "\(result.scheduled) rendez-vous placés sur \(inputs.meetings.count) acceptés ; aucun planning ne peut en placer plus de \(upper)"
                + (result.scheduled >= upper ? " : optimum atteint" : "")
                + ". \(result.gaps) créneau(x) libre(s) entre deux rendez-vous, tous participants confondus."
                + " Sans contrainte de disponibilité, il faudrait au moins \(minimum) créneau(x)."
            try await store.saveReport(eventID: event.id, report: report, on: db)
            if announceNew && !newlyPlaced.isEmpty {
                for id in newlyPlaced { try await Self.announce(requestID: id, settings: settings, mail: mail, on: db) }
            }
            return result
        }
    }

    /// Announces every placed meeting not yet announced: one message to each side.
    func announce(event: RencontreEvent) async throws -> Int {
        let settings = try await settings(eventID: event.id)
        let mail = registrations.mailer(event)
        return try await database.transaction { db in
            let ids = try await store.placedUnannounced(eventID: event.id, on: db)
            for id in ids { try await Self.announce(requestID: id, settings: settings, mail: mail, on: db) }
            return ids.count
        }
    }

    static func announce(requestID: Int, settings: Settings, mail: RegistrationService.Mailer, on db: any SQLDatabase)
        async throws
    {
        let store = MeetingStore()
        try await store.markAnnounced(requestID: requestID, on: db)
        guard let request = try await store.request(id: requestID, on: db) else { return }
        guard let slot = request.slot, let table = request.table else { return }
        for (me, other) in [(request.requester, request.invitee), (request.invitee, request.requester)] {
            guard
                let email = try await RegistrationStore().contact(id: me.id, eventID: mail.event.id, on: db)?.email
            else { continue }
            try await mail.send(
                "rendez-vous", to: email, registrationID: me.id, subject: "Votre rendez-vous avec \(other.name)",
                lines: [
                    "Bonjour \(me.name),", "",
                    "Votre rendez-vous avec \(other.name)\(other.organisation.map { " (\($0))" } ?? "") aura lieu de \(settings.label(slot)), table \(table).",
                    "Votre programme et vos rendez-vous sont sur votre page personnelle :",
                    try await mail.newLink(registrationID: me.id, on: db),
                    "", RegistrationMessages.earlierLinksStillWork
                ], on: db)
        }
    }
}
